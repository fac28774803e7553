import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

// Bad input through the gateway: each a clear error with a stable code, and nothing written.
let hub: TestHub;
let citizen: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board'] });
  citizen = await hub.as({ role: 'citizen', subject: 'citizen:bad-input' });
  admin = await hub.as('admin:bad-input');
});
afterAll(() => hub?.stop());

const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id title } }`;
const valid = { boardId: 'cc-mayor', title: '路灯不亮', content: '小区路灯坏了一周。', regionCode: '220104' };

async function counts() {
  const [row] = rowsOf<{ messages: number; transitions: number; events: number }>(
    await hub.services.database.db.execute(sql`select
      (select count(*)::int from board.messages) as messages,
      (select count(*)::int from board.message_transitions) as transitions,
      (select count(*)::int from events.event_log) as events`),
  );
  return row!;
}

const raw = (body: string, headers: Record<string, string>) =>
  fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('bad input', () => {
  it('refuses each kind with its own code and writes nothing', async () => {
    const before = await counts();
    const cases: [string, () => Promise<Response>, string, string?][] = [
      ['malformed JSON', () => raw('{"query": "mutation { postMessage(', citizen), 'BAD_REQUEST'],
      ['not an object', () => raw('[1, 2]', citizen), 'BAD_REQUEST'],
      ['wrong type', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, title: 42 } } }), citizen), 'BAD_USER_INPUT'],
      ['missing field', () => raw(JSON.stringify({ query: POST, variables: { input: { boardId: 'cc-mayor' } } }), citizen), 'BAD_USER_INPUT'],
      ['unknown enum value', () => raw(JSON.stringify({ query: `mutation($s: Satisfaction!) { recordReturnVisit(id: "00000000-0000-4000-8000-000000000000", satisfaction: $s) { id } }`, variables: { s: 'DELIGHTED' } }), admin), 'BAD_USER_INPUT'],
      ['unknown enum literal', () => raw(JSON.stringify({ query: `mutation { recordReturnVisit(id: "00000000-0000-4000-8000-000000000000", satisfaction: DELIGHTED) { id } }` }), admin), 'GRAPHQL_VALIDATION_FAILED'],
      ['huge title', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, title: '长'.repeat(20_000) } } }), citizen), 'INVALID_INPUT', 'title'],
      ['body over the limit', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, content: 'x'.repeat(100_000) } } }), citizen), 'REQUEST_TOO_LARGE'],
      ['empty title', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, title: '   ' } } }), citizen), 'INVALID_INPUT', 'title'],
      ['unknown board', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, boardId: "x' or '1'='1" } } }), citizen), 'INVALID_INPUT', 'boardId'],
      ['bad region code', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, regionCode: '2201; drop table board.messages' } } }), citizen), 'INVALID_INPUT', 'regionCode'],
      // Six digits, but no region: the message would have no place (and break its case's region).
      ['unknown region', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, regionCode: '999999' } } }), citizen), 'INVALID_INPUT', 'regionCode'],
      ['bad phone', () => raw(JSON.stringify({ query: POST, variables: { input: { ...valid, contact: { phone: "1' or 1=1 --" } } } }), citizen), 'INVALID_INPUT', 'contact.phone'],
      ['invalid id', () => raw(JSON.stringify({ query: `mutation { acceptMessage(id: "1 or 1=1") { id } }` }), admin), 'NOT_FOUND'],
    ];
    for (const [label, send, code, field] of cases) {
      const body = (await (await send()).json()) as { errors?: { extensions?: { code?: string; field?: string } }[] };
      expect([label, body.errors?.[0]?.extensions?.code]).toEqual([label, code]);
      if (field) expect([label, body.errors?.[0]?.extensions?.field]).toEqual([label, field]);
    }
    expect(await counts()).toEqual(before);
  });

  it('stores SQL-looking text verbatim, as text', async () => {
    const before = await counts();
    const title = "'); drop table board.messages; --";
    const response = await hub.query(POST, { input: { ...valid, title } }, citizen);
    expect(response.data?.postMessage.title).toBe(title);
    const after = await counts();
    expect(after.messages).toBe(before.messages + 1);
    expect(after.events).toBe(before.events + 1);
  });
});
