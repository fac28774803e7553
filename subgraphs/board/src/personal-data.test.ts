import { sql } from 'drizzle-orm';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { ANONYMOUS, encodeEventCursor, headPosition, rowsOf, type Identity } from '@civicgraph/platform';
import { startTestSubgraph, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { codeOf, messageIn, writtenRows } from './test-fixtures.ts';
import { subgraph } from './server.ts';

/* Revealing the poster (audited), keeping them out of events, and who follows the event feed. */
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
});
afterAll(() => sg?.stop());

const CONTACT = { name: '张三丰', phone: '+86 138-0013-8000', address: '吉林省通化市东昌区新站街道幸福小区3栋' };
const FULL = { name: '张三丰', phone: '13800138000', address: '吉林省通化市东昌区新站街道幸福小区3栋' };
const REVEAL = `mutation($id: ID!, $reason: String!) {
  revealMessagePoster(id: $id, reason: $reason) { recordType recordId name phone address revealedAt } }`;
const REASON = '回访需要联系留言人';

const handler = (agency: string) => testIdentity('handler', { agency });

async function auditRows(recordId: string) {
  return rowsOf<Record<string, unknown>>(
    await sg.services.database.db.execute(sql`select subject, agency_id, roles, subgraph, record_type, record_id, fields, reason
      from access.personal_data_reveals where record_id = ${recordId}`),
  );
}

describe('revealMessagePoster', () => {
  it('gives the full contact to a handler in reach and writes exactly one audit row', async () => {
    const message = await messageIn(sg, 'IN_PROGRESS', { contact: CONTACT, authorSubject: 'citizen:alice' });
    const before = await writtenRows(sg);
    const response = await sg.query(REVEAL, { id: message.id, reason: REASON }, handler('th-housing'));
    expect(response.errors).toBeUndefined();
    expect(response.data!.revealMessagePoster).toEqual({
      recordType: 'Message', recordId: message.id, ...FULL, revealedAt: sg.services.clock.now().toISOString(),
    });
    expect(await writtenRows(sg)).toEqual({ ...before, reveals: before.reveals + 1 });
    expect(await auditRows(message.id)).toEqual([{
      subject: 'handler:th-housing', agency_id: 'th-housing', roles: ['handler'], subgraph: 'board', record_type: 'Message',
      record_id: message.id, fields: ['posterName', 'posterPhone', 'posterAddress'], reason: REASON,
    }]);
  });

  const noReveal: Identity = { ...handler('th-housing'), scopes: ['appeals:read', 'appeals:write'] };
  it.each([
    ['anonymous', ANONYMOUS, REASON, 'UNAUTHENTICATED'],
    ['a reviewer (wrong role)', testIdentity('reviewer', { agency: 'th-housing' }), REASON, 'FORBIDDEN'],
    ['the dashboard', testIdentity('dashboard'), REASON, 'FORBIDDEN'],
    ['the citizen who posted it', testIdentity('citizen', { subject: 'citizen:alice' }), REASON, 'FORBIDDEN'],
    ['a handler of another agency', handler('jl-drc'), REASON, 'FORBIDDEN'],
    ['a handler without the personal-data:reveal scope', noReveal, REASON, 'FORBIDDEN'],
    ['a reason too short', handler('th-housing'), '看看', 'INVALID_INPUT'],
    ['a reason too long', handler('th-housing'), '因'.repeat(501), 'INVALID_INPUT'],
  ] as const)('refuses %s and writes no audit row', async (_name, as, reason, code) => {
    const message = await messageIn(sg, 'IN_PROGRESS', { contact: CONTACT, authorSubject: 'citizen:alice' });
    const before = await writtenRows(sg);
    const response = await sg.query(REVEAL, { id: message.id, reason }, as);
    expect(codeOf(response)).toBe(code);
    expect(response.data).toBeNull();
    expect(await writtenRows(sg)).toEqual(before);
    expect(await auditRows(message.id)).toEqual([]);
  });

  it('says NOT_FOUND for an unknown message, after the role check', async () => {
    const before = await writtenRows(sg);
    const unknown = { id: '00000000-0000-4000-8000-000000000000', reason: REASON };
    expect(codeOf(await sg.query(REVEAL, unknown, handler('th-housing')))).toBe('NOT_FOUND');
    expect(codeOf(await sg.query(REVEAL, unknown, ANONYMOUS))).toBe('UNAUTHENTICATED');
    expect(await writtenRows(sg)).toEqual(before);
  });
});

describe('events', () => {
  it('carry none of the poster’s personal data', async () => {
    const posted = await sg.query(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
      input: { boardId: 'th-mayor', title: '供热不足', content: '室温只有十五度', regionCode: '220502', contact: CONTACT },
    }, testIdentity('citizen'));
    const id = posted.data!.postMessage.id;
    await sg.query(`mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id });
    const payloads = rowsOf<{ payload: string }>(
      await sg.services.database.db.execute(sql`select payload::text as payload from events.event_log where aggregate_id = ${id}`),
    ).map((r) => r.payload);
    expect(payloads).toHaveLength(2);
    expect(payloads.every((p) => p.includes('供热不足'))).toBe(true);
    for (const value of ['张三丰', '13800138000', '138-0013-8000', '138****8000', '幸福小区', '张**']) {
      expect(payloads.filter((p) => p.includes(value)), value).toEqual([]);
    }
  });
});

describe('messageEvents subscription', () => {
  const SUBSCRIPTION = `subscription($after: String) { messageEvents(after: $after) { action message { id } } }`;

  /** The first `count` results the subgraph sends `as`, over a WebSocket signed like the gateway's. */
  async function firstResults(as: Identity, after: string, count: number) {
    const client = createClient({
      url: sg.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: await sg.connectionParamsFor(as),
      retryAttempts: 0,
    });
    const results: any[] = [];
    try {
      const iterator = client.iterate({ query: SUBSCRIPTION, variables: { after } })[Symbol.asyncIterator]();
      while (results.length < count) {
        const next = await iterator.next();
        if (next.done) break;
        results.push(next.value);
        if (next.value.errors) break;
      }
      await iterator.return?.();
    } catch (error) {
      results.push({ thrown: error });
    } finally {
      await client.dispose();
    }
    return results;
  }

  it('delivers only events of messages in the subscriber’s row scope, and needs events:read', async () => {
    const after = encodeEventCursor(await headPosition(sg.services.database.db));
    const tonghua = await messageIn(sg, 'SUBMITTED');
    const yanbian = await messageIn(sg, 'SUBMITTED', { boardId: 'yb-mayor', regionCode: '222401' });
    await messageIn(sg, 'ACCEPTED', { boardId: 'yb-mayor', regionCode: '222401' });
    const accepted = await messageIn(sg, 'ACCEPTED');

    const events = (results: any[]) => results.map((r) => [r.data?.messageEvents.action, r.data?.messageEvents.message.id]);
    expect(events(await firstResults(testIdentity('dashboard'), after, 2))).toEqual([['POST', tonghua.id], ['POST', yanbian.id]]);

    // A handler given events:read still sees only Tonghua's messages: the Yanbian ones are skipped.
    const watcher: Identity = { ...handler('th-housing'), scopes: ['appeals:read', 'events:read'] };
    expect(events(await firstResults(watcher, after, 3))).toEqual([['POST', tonghua.id], ['POST', accepted.id], ['ACCEPT', accepted.id]]);

    for (const as of [handler('th-housing'), ANONYMOUS]) {
      const [refused] = await firstResults(as, after, 1);
      const errors = refused.errors ?? refused.thrown;
      expect(errors?.[0]?.extensions?.code).toBe(as.subject ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
  });
});
