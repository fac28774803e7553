import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { upstreamKey } from '@civicgraph/platform';
import { postGraphQL, postSigned, testIdentity } from '@civicgraph/platform/testing';
import { startTestHub, type TestHub } from './support/hub.ts';

// Each subgraph can run as its own process against DATABASE_URL: here two replicas of the board and
// one agencies process share the test database with the in-process hub that prepared it.
let hub: TestHub;
const children: ChildProcess[] = [];
// The key the gateway signs identities with; each standalone subgraph gets it from its environment.
const SUBGRAPH_SECRET = randomBytes(32).toString('hex');
const KEY = upstreamKey(SUBGRAPH_SECRET);
const as = (role: Parameters<typeof testIdentity>[0]) => testIdentity(role, { subject: `${role}:replica-test` });
beforeAll(async () => {
  hub = await startTestHub({ security: { upstreamKey: KEY } });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await hub?.stop();
});


/** Starts `subgraphs/<name>/src/index.ts` on an ephemeral port and resolves with the URL it prints. */
async function startProcess(name: string, url: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `subgraphs/${name}/src/index.ts`], {
    env: { ...process.env, DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', CIVICGRAPH_SUBGRAPH_SECRET: SUBGRAPH_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
}

describe('subgraphs as their own processes', () => {
  it('serve the same data from several replicas and stop cleanly on SIGTERM', async () => {
    const url = hub.services.database.url!;
    const [agencies, boardA, boardB] = await Promise.all([
      startProcess('agencies', url),
      startProcess('board', url),
      startProcess('board', url),
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

    for (const { child } of [agencies, boardA, boardB]) {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    }
  });
});
