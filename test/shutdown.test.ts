import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest, Agent } from 'node:http';
import { sql } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from './support/hub.ts';

// /ready tells the truth, and a stopping gateway finishes what it has begun: in-flight requests are
// answered, idle kept-alive connections are closed, nothing new is taken, WebSockets end with 1001.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

/** POSTs over a given agent (so the test decides which connection is reused); resolves with status and body. */
function post(agent: Agent, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify(body);
  const url = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('readiness', () => {
  it('is 200 with every subgraph ready', async () => {
    const response = await fetch(hub.url.replace('/graphql', '/ready'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['agencies', 'board', 'heating', 'hotline', 'housing', 'supervision']);
  });

  it('is 503, saying which, while a subgraph cannot be reached; /health stays 200', async () => {
    await hub.subgraphs.find((s) => s.name === 'heating')!.stop();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the answer reused for a second
    const response = await fetch(hub.url.replace('/graphql', '/ready'));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, string> };
    expect(body).toEqual({ status: 'not ready', checks: { agencies: 'ready', board: 'ready', hotline: 'ready', supervision: 'ready', housing: 'ready', heating: 'unreachable' } });
    expect((await fetch(hub.url.replace('/graphql', '/health'))).status).toBe(200);
  });
});

describe('stopping the gateway', () => {
  it('answers every in-flight request, takes nothing new, and closes WebSockets with 1001', async () => {
    const admin = await hub.as('admin:shutdown');
    const { postMessage } = await hub.ok(`mutation { postMessage(input: { boardId: "cc-mayor", title: "停机测试", content: "内容", regionCode: "220104" }) { id } }`, undefined, admin);
    // A WebSocket subscriber, and an idle kept-alive connection.
    let closeCode = 0;
    const client = createClient({ url: hub.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: admin, onNonLazyError: () => {}, on: { closed: (e) => void (closeCode = (e as { code: number }).code) } });
    client.subscribe({ query: 'subscription { messageEvents { cursor } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    const idle = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await post(idle, { query: '{ boards { id } }' }, admin)).status).toBe(200);

    // Eight requests held in flight: the message's row is locked by a transaction of the test's.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const lock = hub.services.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from board.messages where id = ${postMessage.id} for update`);
      locked();
      await held;
    });
    await lockTaken;
    const busy = new Agent({ keepAlive: true });
    const inFlight = Array.from({ length: 8 }, () => post(busy, { query: `mutation($id: ID!) { acceptMessage(id: $id) { status } }`, variables: { id: postMessage.id } }, admin));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const stopping = hub.gateway.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Nothing new: the idle kept-alive connection was closed, and no new one is accepted.
    await expect(post(idle, { query: '{ boards { id } }' }, admin)).rejects.toThrow();
    expect(closeCode).toBe(0); // WebSockets stay until the HTTP requests are done
    release();
    await lock;
    const answered = await Promise.all(inFlight);
    expect(answered.map((r) => r.status)).toEqual(Array(8).fill(200));
    const outcomes = answered.map((r) => r.body.data?.acceptMessage?.status ?? r.body.errors?.[0]?.extensions?.code).sort();
    expect(outcomes).toEqual(['ACCEPTED', ...Array(7).fill('ILLEGAL_TRANSITION')]);
    await stopping;
    for (let i = 0; i < 50 && closeCode === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closeCode).toBe(1001);
    await client.dispose();
    idle.destroy();
    busy.destroy();
  });
});
