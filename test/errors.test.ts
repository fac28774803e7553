import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestHub, type TestHub } from './support/hub.ts';

// Errors reveal nothing internal, in any mode: development mode (NODE_ENV) is set on purpose, as
// a careless deployment would have it. Intended errors keep their codes; anything else is
// INTERNAL_SERVER_ERROR with the request id, its details in the server log under that id.
process.env.NODE_ENV = 'development';
let hub: TestHub;
const logged: string[] = [];
beforeAll(async () => {
  hub = await startTestHub();
  // The server log (JSON lines on stderr), kept for the assertions; nothing is printed.
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await hub?.stop();
});

const PHONE = '13804351234';
const post = async (body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as { data?: any; errors?: any[] } };
};
const INTERNAL_LEAKS = /insert into|select |params|127\.0\.0\.1|localhost|ECONNREFUSED|\/src\/|node_modules|\bat \w+ \(/i;

describe('errors', () => {
  it('turn a database failure into INTERNAL_SERVER_ERROR with the request id, without the statement or its personal data', async () => {
    const citizen = await hub.as({ role: 'citizen', subject: 'citizen:wang' });
    // A statement PostgreSQL refuses after every check passed: the messages table is away for a moment.
    // (A NUL byte, which PostgreSQL cannot store, is refused by text validation before any statement now.)
    const db = hub.services.database.db;
    await db.execute(sql`alter table board.messages rename to messages_away`);
    const { body, requestId } = await post({
      query: `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      variables: { input: { boardId: 'cc-mayor', title: '标题', content: '内容', regionCode: '220104', contact: { name: '王小明', phone: PHONE } } },
    }, citizen).finally(() => db.execute(sql`alter table board.messages_away rename to messages`));
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(error.message).toContain(requestId);
    expect(JSON.stringify(body)).not.toMatch(INTERNAL_LEAKS);
    expect(JSON.stringify(body)).not.toContain(PHONE);
    // The log has what happened, under the same id, and no personal data either.
    const lines = logged.filter((line) => line.includes(requestId!)).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', requestId, service: 'board' });
    expect(JSON.stringify(lines)).not.toContain(PHONE);
    expect(JSON.stringify(lines)).not.toContain('王小明');
  });

  it('keep intended errors as they are, without stack traces', async () => {
    const { body } = await post({ query: `{ message(id: "00000000-0000-4000-8000-000000000000") { id } agency(id: "cc-housing") { name } }` }, await hub.as('admin:e'));
    expect(body.data).toEqual({ message: null, agency: { name: '长春市住建局' } });
    const invalid = await post({ query: `mutation { postMessage(input: { boardId: "cc-mayor", title: "", content: "x", regionCode: "220104" }) { id } }` }, await hub.as('admin:e'));
    expect(invalid.body.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'title' });
  });

  it('carry their own code for CSRF and limit refusals, with no "Syntax Error:"', async () => {
    const csrf = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ boards { id } }' }) });
    expect(csrf.status).toBe(403);
    expect(((await csrf.json()) as any).errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
    for (const empty of [await fetch(hub.url), await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })]) {
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as any).errors[0].extensions.code).toBe('QUERY_REQUIRED');
    }
    const nested = `{ boards { region { ${'parent { '.repeat(13)}name${' }'.repeat(13)} } } }`;
    const { body } = await post({ query: nested });
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'MAX_DEPTH_EXCEEDED' } });
    expect(body.errors?.[0]?.message).not.toMatch(/Syntax Error/);
  });

  it('do not reveal where a subgraph that cannot be reached lives', async () => {
    await hub.subgraphs.find((s) => s.name === 'hotline')!.stop();
    const { body, requestId } = await post({ query: `{ categories { id } }` });
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(JSON.stringify(body)).not.toMatch(INTERNAL_LEAKS);
    expect(logged.some((line) => line.includes(requestId!) && line.includes('"service":"gateway"'))).toBe(true);
  });
});
