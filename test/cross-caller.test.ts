import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { startTestHub, type TestHub } from './support/hub.ts';

// Identical operations sent at the same moment by callers who may see different rows must each get
// their own answer: nothing the gateway or a subgraph shares (in-flight upstream requests, sockets,
// caches) may carry one caller's rows to another. Every response is compared with the answer the
// same caller gets alone.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const CALLERS = {
  anonymous: null,
  alice: { role: 'citizen', subject: 'citizen:alice' },
  bob: { role: 'citizen', subject: 'citizen:bob' },
  tonghuaHandler: { role: 'handler', agency: 'th-housing', subject: 'handler:th' },
  changchunHandler: { role: 'handler', agency: 'cc-housing', subject: 'handler:cc' },
  supervisor: { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' },
} satisfies Record<string, DevTokenClaims | null>;
type Caller = keyof typeof CALLERS;
const NAMES = Object.keys(CALLERS) as Caller[];
const headersOf = (caller: Caller) => (CALLERS[caller] ? hub.as(CALLERS[caller]) : Promise.resolve({}));

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const ROUNDS = 25;

/** A board root field: which messages a caller sees decides the whole answer. */
const MESSAGES = `{ messages(first: 20) { totalCount edges { node { number status } } } }`;
/** A ledger root field plus an entity fetch from the board, whose answer again depends on the caller. */
const CASES = `{ cases(first: 20, filter: { channel: [BOARD] }) { totalCount edges { node { number message { number board { messages(first: 1) { totalCount } } } } } } }`;
const BOARD_OF_CASE = `subscription { caseEvents(filter: { channel: [BOARD] }) { case { number message { board { messages(first: 1) { totalCount } } } } } }`;

async function post(caller: 'alice' | 'bob', boardId: string, regionCode: string): Promise<string> {
  const data = await hub.ok<{ postMessage: { id: string } }>(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
    { input: { boardId, regionCode, title: '小区道路破损', content: '希望有关部门尽快处理。' } },
    headersOf(caller),
  );
  return data.postMessage.id;
}

/** Moves message `id` (as an administrator) through the given lifecycle mutations. */
async function move(id: string, steps: string[]): Promise<void> {
  for (const step of steps) await hub.ok(`mutation($id: ID!) { r: ${step} { id } }`, { id });
}
const FORWARD_TH = `forwardMessage(id: $id, agencyId: "th-housing", dueAt: "${inDays(20)}")`;
const FORWARD_CC = `forwardMessage(id: $id, agencyId: "cc-housing", dueAt: "${inDays(20)}")`;

/** One graphql-ws client per caller (anonymous callers cannot open a socket). */
const sockets = new Map<Caller, Client>();
async function overWebSocket(caller: Caller, query: string): Promise<unknown> {
  let client = sockets.get(caller);
  if (!client) {
    const token = await hub.token(CALLERS[caller]!);
    client = createClient({ url: hub.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
    sockets.set(caller, client);
  }
  const result = await client.iterate({ query })[Symbol.asyncIterator]().next();
  return result.value;
}
afterAll(async () => {
  await Promise.all([...sockets.values()].map((client) => client.dispose()));
});

const overHttp = async (caller: Caller, query: string) => {
  const { data, errors } = await hub.query(query, undefined, headersOf(caller));
  return { data, errors: errors?.map((e) => e.extensions?.code) };
};
const normalized = (result: unknown) => {
  const { data, errors } = result as { data?: unknown; errors?: { extensions?: { code?: string } }[] | string[] };
  return { data, errors: errors?.map((e) => (typeof e === 'string' ? e : e.extensions?.code)) };
};

/**
 * Sends `query` from every caller at once, `ROUNDS` times, and returns every response that differs
 * from that caller's answer alone (`alone`).
 */
async function mismatches(callers: Caller[], send: (caller: Caller) => Promise<unknown>, alone: Map<Caller, unknown>) {
  const wrong: { caller: Caller; got: unknown }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const responses = await Promise.all(callers.map(async (caller) => ({ caller, got: normalized(await send(caller)) })));
    for (const { caller, got } of responses) {
      try {
        expect(got).toEqual(alone.get(caller));
      } catch {
        wrong.push({ caller, got });
      }
    }
  }
  return wrong;
}

async function answersAlone(callers: Caller[], send: (caller: Caller) => Promise<unknown>) {
  const alone = new Map<Caller, unknown>();
  for (const caller of callers) alone.set(caller, normalized(await send(caller)));
  return alone;
}

describe('callers of different visibility sending identical operations at once', () => {
  beforeAll(async () => {
    // Tonghua: one published (public) message, one assigned to the housing bureau, one unassigned.
    const published = await post('alice', 'th-secretary', '220502');
    await move(published, ['acceptMessage(id: $id)', FORWARD_TH, 'acknowledgeMessage(id: $id)', 'submitReply(id: $id, content: "已修复")', 'approveReply(id: $id)']);
    await move(await post('alice', 'th-secretary', '220502'), ['acceptMessage(id: $id)', FORWARD_TH, 'acknowledgeMessage(id: $id)']);
    await post('bob', 'th-secretary', '220502');
    // Changchun: one assigned to its housing bureau.
    await move(await post('bob', 'cc-mayor', '220102'), ['acceptMessage(id: $id)', FORWARD_CC]);
    // The ledger follows the event log: wait (bounded) until it holds all four cases.
    for (let i = 0; i < 200; i++) {
      const { cases } = await hub.ok(`{ cases(filter: { channel: [BOARD] }) { totalCount } }`);
      if (cases.totalCount === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('each caller sees its own rows: the answers alone differ', async () => {
    const alone = await answersAlone(NAMES, (caller) => overHttp(caller, MESSAGES));
    const counts = Object.fromEntries(NAMES.map((caller) => [caller, (alone.get(caller) as any).data.messages.totalCount]));
    expect(counts).toEqual({ anonymous: 1, alice: 2, bob: 3, tonghuaHandler: 3, changchunHandler: 2, supervisor: 4 });
    const cases = await answersAlone(NAMES, (caller) => overHttp(caller, CASES));
    expect(cases.get('anonymous')).toMatchObject({ errors: ['UNAUTHORIZED_FIELD_OR_TYPE'] });
    expect((cases.get('supervisor') as any).data.cases.totalCount).toBe(4);
    expect((cases.get('tonghuaHandler') as any).data.cases.totalCount).toBe(3);
    expect((cases.get('changchunHandler') as any).data.cases.totalCount).toBe(1);
  });

  it('over HTTP, a root field: every response is that caller’s own', async () => {
    const send = (caller: Caller) => overHttp(caller, MESSAGES);
    expect(await mismatches(NAMES, send, await answersAlone(NAMES, send))).toEqual([]);
  });

  it('over HTTP, a root field with entity fetches from another subgraph', async () => {
    const send = (caller: Caller) => overHttp(caller, CASES);
    expect(await mismatches(NAMES, send, await answersAlone(NAMES, send))).toEqual([]);
  });

  it('over WebSockets, queries with and without entity fetches', async () => {
    const signedIn = NAMES.filter((caller) => caller !== 'anonymous');
    for (const query of [MESSAGES, CASES]) {
      const send = (caller: Caller) => overWebSocket(caller, query);
      const alone = await answersAlone(signedIn, send);
      expect(alone).toEqual(await answersAlone(signedIn, (caller) => overHttp(caller, query)));
      expect(await mismatches(signedIn, send, alone)).toEqual([]);
    }
  });

  it('subscribers of one feed each get entity fields resolved as themselves', async () => {
    // A Tonghua message forwarded to Changchun: the supervisor counts it on the Tonghua board, the
    // Tonghua handler does not. Then fresh Tonghua messages whose acceptance both subscribers see.
    await move(await post('alice', 'th-secretary', '220502'), ['acceptMessage(id: $id)', FORWARD_CC]);
    const fresh: string[] = [];
    for (let i = 0; i < 8; i++) fresh.push(await post('bob', 'th-secretary', '220502'));

    const tokens: Partial<Record<Caller, string>> = {
      supervisor: await hub.token(CALLERS.supervisor),
      // A Tonghua handler's wall screen: the handler's reach, with the feed's scope.
      tonghuaHandler: await hub.token({ ...CALLERS.tonghuaHandler, scopes: ['appeals:read', 'events:read'] }),
    };
    const readers = Object.keys(tokens) as Caller[];
    const expected = new Map<Caller, number>();
    for (const caller of readers) {
      const { messages } = await hub.ok(`{ messages(filter: { boardId: "th-secretary" }, first: 1) { totalCount } }`, undefined, { authorization: `Bearer ${tokens[caller]}` });
      expected.set(caller, messages.totalCount);
    }
    expect(Object.fromEntries(expected)).toEqual({ supervisor: 4 + fresh.length, tonghuaHandler: 3 + fresh.length });

    const subscriptions = readers.map((caller) => ({ caller, subscription: hub.subscribe(BOARD_OF_CASE, undefined, tokens[caller]) }));
    for (const { subscription } of subscriptions) await subscription.ready();
    // Acceptance changes no one's reach, so each event must carry the subscriber's own count.
    for (const id of fresh) await move(id, ['acceptMessage(id: $id)']);
    const seen = await Promise.all(
      subscriptions.map(async ({ caller, subscription }) => {
        const totals: unknown[] = [];
        for (let n = 0; n < fresh.length; n++) {
          const event = await subscription.next();
          totals.push(event.errors ?? (event.data as any).caseEvents.case.message.board.messages.totalCount);
        }
        await subscription.close();
        return [caller, totals] as const;
      }),
    );
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(readers.map((caller) => [caller, fresh.map(() => expected.get(caller))])));
  });
});
