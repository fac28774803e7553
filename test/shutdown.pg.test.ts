import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { upstreamKey } from '@civicgraph/platform';
import { DEV_AUDIENCE, DEV_ISSUER, mintDevToken } from '@civicgraph/gateway';
import { postGraphQL } from '@civicgraph/platform/testing';
import { startTestHub, type TestHub } from './support/hub.ts';
import { killAll, startProcess, type StartedProcess } from './support/processes.ts';

// SIGTERM under load, with real processes: a standalone gateway, then a standalone board subgraph,
// each stopped while eight requests are in flight (held on a row lock). Every one is answered and
// the process exits 0. The rest of the hub runs in this process on the same PostgreSQL database.
const SUBGRAPH_SECRET = randomBytes(32).toString('hex');
const JWT_SECRET = randomBytes(32).toString('base64url');
let hub: TestHub;
let board: StartedProcess;
beforeAll(async () => {
  hub = await startTestHub({ security: { upstreamKey: upstreamKey(SUBGRAPH_SECRET), tokens: { kind: 'hs256', secret: JWT_SECRET, issuer: DEV_ISSUER, audience: DEV_AUDIENCE } } });
  board = await startProcess('subgraphs/board/src/index.ts', { DATABASE_URL: hub.services.database.url!, PORT: '0', HOST: '127.0.0.1', CIVICGRAPH_SUBGRAPH_SECRET: SUBGRAPH_SECRET });
}, 120_000);
afterAll(async () => {
  killAll();
  await hub?.stop();
});

const startGatewayProcess = () =>
  startProcess('gateway/src/standalone.ts', {
    DATABASE_URL: hub.services.database.url!,
    PORT: '0',
    HOST: '127.0.0.1',
    CIVICGRAPH_SUBGRAPH_SECRET: SUBGRAPH_SECRET,
    CIVICGRAPH_JWT_SECRET: JWT_SECRET,
    CIVICGRAPH_SUBGRAPH_URLS: hub.subgraphs.map((s) => `${s.name}=${s.name === 'board' ? board.url : s.url}`).join(','),
  });

/** Posts a message, holds its row locked, sends eight acceptances through `gateway`, runs `stop` while they wait, then releases the lock. */
async function inFlightThrough(gateway: StartedProcess, stop: () => Promise<number | null>) {
  const admin = { authorization: `Bearer ${await mintDevToken(JWT_SECRET, { role: 'admin', subject: 'admin:sigterm' })}` };
  const posted = await postGraphQL(gateway.url, `mutation { postMessage(input: { boardId: "cc-mayor", title: "停机", content: "内容", regionCode: "220104" }) { id } }`, {}, admin);
  if (!posted.data) throw new Error(JSON.stringify(posted.errors));
  const id = (posted.data as { postMessage: { id: string } }).postMessage.id;
  let release!: () => void;
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const lock = hub.services.database.db.transaction(async (tx) => {
    await tx.execute(sql`select id from board.messages where id = ${id} for update`);
    locked();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await lockTaken;
  const requests = Array.from({ length: 8 }, () =>
    fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ query: `mutation($id: ID!) { acceptMessage(id: $id) { status } }`, variables: { id } }) })
      .then(async (response) => ({ status: response.status, body: (await response.json()) as any }))
      .catch((error: Error) => ({ status: 0, body: { failed: error.message } })),
  );
  await new Promise((resolve) => setTimeout(resolve, 700));
  const exited = stop();
  await new Promise((resolve) => setTimeout(resolve, 300));
  release();
  await lock;
  const answered = await Promise.all(requests);
  return { answered, exitCode: await exited };
}

const outcomes = (answered: { body: any }[]) => answered.map((r) => r.body.data?.acceptMessage?.status ?? r.body.errors?.[0]?.extensions?.code ?? r.body.failed).sort();

describe('SIGTERM during load', () => {
  it('to the gateway: every in-flight request is answered, then it exits 0', async () => {
    const gateway = await startGatewayProcess();
    const { answered, exitCode } = await inFlightThrough(gateway, () => gateway.stop());
    expect(answered.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(outcomes(answered)).toEqual(['ACCEPTED', ...Array(7).fill('ILLEGAL_TRANSITION')]);
    expect(exitCode).toBe(0);
  });

  it('to a subgraph: every in-flight request is answered, then it exits 0', async () => {
    const gateway = await startGatewayProcess();
    const { answered, exitCode } = await inFlightThrough(gateway, () => board.stop());
    expect(answered.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(outcomes(answered)).toEqual(['ACCEPTED', ...Array(7).fill('ILLEGAL_TRANSITION')]);
    expect(exitCode).toBe(0);
    expect(await gateway.stop()).toBe(0);
  });
});
