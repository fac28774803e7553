import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { fixedClock, rowsOf } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

// Personal data through the gateway: masked for staff, absent for the public, revealed only by an
// audited mutation, and never in the event feed dashboards receive.
const clock = fixedClock(new Date('2022-09-05T09:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board'], clock });
});
afterAll(() => hub?.stop());

const ALICE: DevTokenClaims = { role: 'citizen', subject: 'citizen:alice' };
const HANDLER: DevTokenClaims = { role: 'handler', agency: 'th-housing', subject: 'handler:th' };
const PHONE = '13804351234';
const NAME = '王小明';
const ADDRESS = '通化市东昌区新华大街88号3单元';
const POSTER = `posterName posterPhone posterAddress`;

async function auditRows() {
  return (await hub.ok(`{ personalDataReveals(first: 10) { edges { node { subject agency { id } roles recordType recordId fields reason } } } }`,
    {}, hub.as({ role: 'supervisor', agency: 'jl-gov-supervision' }))).personalDataReveals.edges.map((e: any) => e.node);
}

describe('personal data', () => {
  let id: string;
  const feed: unknown[] = [];

  it('masks the poster for staff and for the poster, and shows the public nothing of them', async () => {
    const dashboard = hub.subscribe(`subscription { messageEvents(filter: { boardId: "th-secretary" }) { action actor to message { id title } } }`, {},
      await hub.token({ role: 'dashboard', subject: 'dashboard:th' }));
    await dashboard.ready();
    const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id ${POSTER} } }`, {
      input: { boardId: 'th-secretary', title: '人行道破损', content: '人行道砖块松动。', regionCode: '220502', contact: { name: NAME, phone: PHONE, address: ADDRESS } },
    }, hub.as(ALICE));
    id = postMessage.id;
    const masked = { posterName: '王**', posterPhone: '138****1234', posterAddress: '通化市东昌区****' };
    expect(postMessage).toMatchObject(masked);
    for (const step of ['acceptMessage(id: $id)', 'forwardMessage(id: $id, agencyId: "th-housing", dueAt: "2022-10-01T17:00:00+08:00")',
      'acknowledgeMessage(id: $id)', 'submitReply(id: $id, content: "已维修")', 'approveReply(id: $id)']) {
      await hub.ok(`mutation($id: ID!) { r: ${step} { id } }`, { id });
    }
    for (let i = 0; i < 6; i++) feed.push((await dashboard.next()).data);
    await dashboard.close();

    const asHandler = await hub.ok(`query($id: ID!) { message(id: $id) { ${POSTER} } }`, { id }, hub.as(HANDLER));
    expect(asHandler.message).toEqual(masked);
    // Published now: another citizen reads it, without the poster; an anonymous caller may not even ask.
    const asBob = await hub.ok(`query($id: ID!) { message(id: $id) { status ${POSTER} } }`, { id }, hub.as({ role: 'citizen', subject: 'citizen:bob' }));
    expect(asBob.message).toEqual({ status: 'REPLIED', posterName: null, posterPhone: null, posterAddress: null });
    const anonymous = await hub.query(`query($id: ID!) { message(id: $id) { status reply { content } } }`, { id }, {});
    expect(anonymous.data?.message).toMatchObject({ status: 'REPLIED' });
    const anonymousPoster = await hub.query(`query($id: ID!) { message(id: $id) { posterPhone } }`, { id }, {});
    expect(anonymousPoster.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('reveals the poster only by an audited mutation with a reason', async () => {
    expect(await auditRows()).toEqual([]);
    const reveal = `mutation($id: ID!, $reason: String!) { revealMessagePoster(id: $id, reason: $reason) { name phone address } }`;
    const refused = [
      await hub.query(reveal, { id, reason: '回访需要联系留言人' }, hub.as({ role: 'reviewer', agency: 'th-housing' })),
      await hub.query(reveal, { id, reason: '回访需要联系留言人' }, hub.as({ role: 'handler', agency: 'cc-housing' })),
      await hub.query(reveal, { id, reason: '看看' }, hub.as(HANDLER)),
      await hub.query(reveal, { id, reason: '回访需要联系留言人' }, {}),
    ];
    expect(refused.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE', 'FORBIDDEN', 'INVALID_INPUT', 'UNAUTHORIZED_FIELD_OR_TYPE']);
    expect(refused.every((r) => !JSON.stringify(r).includes(PHONE))).toBe(true);
    expect(await auditRows()).toEqual([]);

    const revealed = await hub.ok(reveal, { id, reason: '回访需要联系留言人' }, hub.as(HANDLER));
    expect(revealed.revealMessagePoster).toEqual({ name: NAME, phone: PHONE, address: ADDRESS });
    expect(await auditRows()).toEqual([{
      subject: 'handler:th', agency: { id: 'th-housing' }, roles: ['handler'], recordType: 'Message', recordId: id,
      fields: ['posterName', 'posterPhone', 'posterAddress'], reason: '回访需要联系留言人',
    }]);
  });

  it('keeps personal data out of the event feed and the event log', async () => {
    expect(feed).toHaveLength(6);
    const rows = rowsOf<{ payload: unknown }>(await hub.services.database.db.execute(sql`select payload from events.event_log`));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const text of [JSON.stringify(feed), JSON.stringify(rows)]) {
      for (const secret of [PHONE, NAME, ADDRESS, '138****1234', '王**', 'citizen:alice']) expect(text).not.toContain(secret);
    }
  });

  it('opens the live feed only to callers with events:read', async () => {
    const handlerFeed = hub.subscribe(`subscription { messageEvents { action } }`, {}, await hub.token(HANDLER));
    const result = await handlerFeed.next();
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    await handlerFeed.close().catch(() => {});
  });
});
