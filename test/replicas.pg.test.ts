import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { mintDevToken, type DevTokenClaims } from '@civicgraph/gateway';
import { SUBGRAPHS } from '@civicgraph/schema';
import { openTestDatabase, postGraphQL } from '@civicgraph/platform/testing';
import type { Database } from '@civicgraph/platform';
import { killAll, startProcess, type StartedProcess } from './support/processes.ts';

// The hub as separate processes on one empty PostgreSQL database: every subgraph on its own (two
// supervision replicas, whose ledger consumer must still apply each event once), and two gateways
// started with `npm run gateway`'s entry point. Subscribers on either gateway get every event once,
// a cursor from one gateway resumes on the other, and the rate limit is one budget for both.
const SUBGRAPH_SECRET = randomBytes(32).toString('hex');
const JWT_SECRET = randomBytes(32).toString('base64url');
const RATE_LIMIT = 30;
let database: Database;
const subgraphs: StartedProcess[] = [];
const gateways: StartedProcess[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  const env = { DATABASE_URL: database.url!, PORT: '0', HOST: '127.0.0.1', CIVICGRAPH_SUBGRAPH_SECRET: SUBGRAPH_SECRET };
  // The directory first (its reference data), then the rest together, supervision twice.
  subgraphs.push(await startProcess('subgraphs/agencies/src/index.ts', env));
  const names = SUBGRAPHS.filter((name) => name !== 'agencies');
  subgraphs.push(...(await Promise.all([...names, 'supervision'].map((name) => startProcess(`subgraphs/${name}/src/index.ts`, env)))));
  const urls = ['agencies', ...names].map((name, i) => `${name}=${subgraphs[i]!.url}`).join(',');
  const gatewayEnv = { ...env, CIVICGRAPH_SUBGRAPH_URLS: urls, CIVICGRAPH_JWT_SECRET: JWT_SECRET, CIVICGRAPH_RATE_LIMIT: String(RATE_LIMIT) };
  gateways.push(...(await Promise.all([0, 1].map(() => startProcess('gateway/src/standalone.ts', gatewayEnv)))));
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  killAll();
  await database?.close();
});

const bearer = async (claims: DevTokenClaims) => ({ authorization: `Bearer ${await mintDevToken(JWT_SECRET, claims)}` });
const ADMIN: DevTokenClaims = { role: 'admin', subject: 'admin:replicas' };
const ok = async (gateway: number, query: string, variables: Record<string, unknown> = {}, claims = ADMIN) => {
  const response = await postGraphQL(gateways[gateway]!.url, query, variables, await bearer(claims));
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as Record<string, any>;
};

/** A caseEvents subscription on one gateway, collecting every event it receives. */
async function follow(gateway: number, claims: DevTokenClaims, after?: string) {
  const client = createClient({ url: gateways[gateway]!.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: await bearer(claims) });
  clients.push(client);
  const events: { cursor: string; to: string; number: string }[] = [];
  client.subscribe(
    { query: `subscription($after: String) { caseEvents(filter: { channel: [BOARD] }, after: $after) { cursor to case { number } } }`, variables: { after } },
    { next: ({ data }) => void events.push(eventOf(data)), error: () => {}, complete: () => {} },
  );
  return events;
}

const eventOf = (data: unknown) => {
  const { cursor, to, case: changed } = (data as { caseEvents: { cursor: string; to: string; case: { number: string } } }).caseEvents;
  return { cursor, to, number: changed.number };
};

const waitUntil = async (condition: () => boolean | Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await condition()) return true;
  return false;
};

describe('gateways and subgraphs as replicas over one PostgreSQL', () => {
  it('answer health and readiness, and standalone subgraphs wrote their reference data on the empty database', async () => {
    for (const gateway of gateways) {
      expect((await fetch(gateway.url.replace('/graphql', '/health'))).status).toBe(200);
      expect((await fetch(gateway.url.replace('/graphql', '/ready'))).status).toBe(200);
    }
    const data = await ok(1, `{ agency(id: "cc-housing") { name } boards { id } categories { id } }`);
    expect(data.agency.name).toBe('长春市住建局');
    expect(data.boards).toHaveLength(20);
    expect(data.categories.length).toBeGreaterThanOrEqual(10);
  });

  it('deliver every change once to subscribers on either gateway, and a cursor from one resumes on the other', async () => {
    const onFirst = await follow(0, { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:a' });
    const onSecond = await follow(1, { role: 'dashboard', subject: 'dashboard:b' });
    // Both subscriptions are live once each has received the event of a probe message (no fixed wait).
    const post = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`;
    await ok(0, post, { input: { boardId: 'cc-mayor', regionCode: '220104', title: '副本 探针', content: '内容' } }, { role: 'citizen', subject: 'citizen:replica-probe' });
    expect(await waitUntil(() => onFirst.length >= 1 && onSecond.length >= 1)).toBe(true);
    onFirst.splice(0);
    onSecond.splice(0);
    // Three messages posted and accepted through each gateway: twelve changes.
    for (let i = 0; i < 6; i++) {
      const { postMessage } = await ok(i % 2, post, {
        input: { boardId: 'cc-mayor', regionCode: '220104', title: `副本 ${i}`, content: '内容' },
      }, { role: 'citizen', subject: `citizen:replica-${i}` });
      await ok((i + 1) % 2, `mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id: postMessage.id });
    }
    expect(await waitUntil(() => onFirst.length >= 12 && onSecond.length >= 12)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500)); // nothing more may arrive
    expect(onFirst).toHaveLength(12);
    expect(onSecond).toEqual(onFirst);
    expect(new Set(onFirst.map((e) => e.cursor)).size).toBe(12);
    expect(onFirst.filter((e) => e.to === 'ACCEPTED')).toHaveLength(6);
    // Two supervision replicas, one ledger: six cases and the probe's, each once.
    expect((await ok(0, `{ cases(filter: { channel: [BOARD] }) { totalCount } }`)).cases.totalCount).toBe(7);

    const resumed = await follow(1, { role: 'dashboard', subject: 'dashboard:c' }, onFirst[3]!.cursor);
    expect(await waitUntil(() => resumed.length >= 8)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(resumed).toEqual(onFirst.slice(4));
  });

  it('count the rate limit once across gateways', async () => {
    const caller: DevTokenClaims = { role: 'handler', agency: 'cc-housing', subject: 'handler:rate' };
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < RATE_LIMIT + 10; i++) {
      const response = await postGraphQL(gateways[i % 2]!.url, `{ agency(id: "cc-housing") { id } }`, {}, await bearer(caller));
      codes.push(response.errors?.[0]?.extensions?.code);
    }
    expect(codes.filter((code) => code === undefined)).toHaveLength(RATE_LIMIT);
    expect(codes.slice(RATE_LIMIT).every((code) => code === 'RATE_LIMITED')).toBe(true);
  });

  it('stop on SIGTERM with exit code 0', async () => {
    for (const started of [...gateways, ...subgraphs]) expect(await started.stop()).toBe(0);
  });
});
