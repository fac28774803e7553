import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { upstreamKey } from '@civicgraph/platform';
import { postGraphQL, postSigned, testIdentity } from '@civicgraph/platform/testing';
import { startTestHub, type TestHub } from './support/hub.ts';
import { killAll, startProcess } from './support/processes.ts';

// Each subgraph can run as its own process against DATABASE_URL: here two replicas of the board and
// one agencies process share the test database with the in-process hub that prepared it.
let hub: TestHub;
// The key the gateway signs identities with; each standalone subgraph gets it from its environment.
const SUBGRAPH_SECRET = randomBytes(32).toString('hex');
const KEY = upstreamKey(SUBGRAPH_SECRET);
const as = (role: Parameters<typeof testIdentity>[0]) => testIdentity(role, { subject: `${role}:replica-test` });
beforeAll(async () => {
  hub = await startTestHub({ security: { upstreamKey: KEY } });
});
afterAll(async () => {
  killAll();
  await hub?.stop();
});

const startSubgraph = (name: string, url: string) =>
  startProcess(`subgraphs/${name}/src/index.ts`, { DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', CIVICGRAPH_SUBGRAPH_SECRET: SUBGRAPH_SECRET });

describe('subgraphs as their own processes', () => {
  it('serve the same data from several replicas and stop cleanly on SIGTERM', async () => {
    const url = hub.services.database.url!;
    const [agencies, boardA, boardB] = await Promise.all([
      startSubgraph('agencies', url),
      startSubgraph('board', url),
      startSubgraph('board', url),
    ]);
    expect((await fetch(boardA.url.replace('/graphql', '/ready'))).status).toBe(200);
    const posted = await postSigned(boardA.url, KEY, as('citizen'), `mutation { postMessage(input: { boardId: "cc-mayor", title: "副本测试", content: "内容", regionCode: "220104" }) { id number } }`);
    const id = posted.data!.postMessage.id;
    const fromB = await postSigned(boardB.url, KEY, as('admin'), `query($id: ID!) { message(id: $id) { number status } }`, { id });
    expect(fromB.data!.message).toEqual({ number: posted.data!.postMessage.number, status: 'SUBMITTED' });
    const agency = await postSigned(agencies.url, KEY, as('citizen'), `{ agency(id: "cc-housing") { name } }`);
    expect(agency.data!.agency.name).toBe('长春市住建局');
    // Unsigned, a standalone subgraph answers nothing.
    const unsigned = await postGraphQL(agencies.url, `{ agency(id: "cc-housing") { name } }`);
    expect(unsigned.errors?.[0]?.extensions?.code).toBe('GATEWAY_REQUIRED');

    for (const started of [agencies, boardA, boardB]) expect(await started.stop()).toBe(0);
  });
});
