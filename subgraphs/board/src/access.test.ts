import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { ANONYMOUS, type Identity, type Role } from '@civicgraph/platform';
import { startTestSubgraph, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { messages } from './db/tables.ts';
import { codeOf, messageIn, writtenRows, type FixtureStatus } from './test-fixtures.ts';
import { subgraph } from './server.ts';

/*
 * Who may do what to a message. Fixture messages are about Dongchang district (220502) and, once
 * forwarded, assigned to its housing bureau (th-dongchang-housing), a sub-agency of Tonghua's
 * housing bureau (th-housing, region 220500). Yanbian's housing bureau (region 222400) is outside.
 */
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
});
afterAll(() => sg?.stop());

const tonghua = (role: Role) => testIdentity(role, { agency: 'th-housing' });
const yanbian = (role: Role) => testIdentity(role, { agency: 'yb-housing' });

async function run(field: string, variables: Record<string, string>, as: Identity) {
  const declared = Object.keys(variables).map((k) => `$${k}: ID!`).join(', ');
  return sg.query(`mutation(${declared}) { r: ${field} { id status } }`, variables, as);
}

/** Runs a request expected to be refused: the code it got, and that it wrote nothing. */
async function refused(field: string, variables: Record<string, string>, as: Identity) {
  const before = await writtenRows(sg);
  const response = await run(field, variables, as);
  expect(response.data?.r ?? null).toBeNull();
  expect(await writtenRows(sg)).toEqual(before);
  return codeOf(response);
}

/**
 * `office`: the agency whose staff take the step, when not Tonghua's housing bureau: a rejection, a
 * forward and every office step (审核关, 回访关, closing) are the board office's (the Tonghua
 * government office, which keeps the fixture messages a system forward sent to Dongchang).
 * `parent`: what Tonghua's housing bureau gets trying it with the right role: the bureau is above the
 * handling Dongchang bureau, so it may act as the handler but never review, visit or close, and it
 * may not forward within its own agency tree (SELF_DISPATCH).
 */
type Case = [field: string, from: FixtureStatus, operation: string, wrongRole: Role, rightRole: Role, to: string, office?: string, parent?: string];
const OFFICE = 'th-gov-office';
const CASES: Case[] = [
  ['acceptMessage', 'SUBMITTED', 'acceptMessage(id: $id)', 'reviewer', 'hotline_agent', 'ACCEPTED'],
  ['rejectMessage', 'SUBMITTED', 'rejectMessage(id: $id, reason: "内容不实")', 'reviewer', 'handler', 'REJECTED', OFFICE],
  ['forwardMessage', 'ACCEPTED', 'forwardMessage(id: $id, agencyId: "th-dongchang-housing", dueAt: "2022-10-20T00:00:00Z")', 'reviewer', 'hotline_agent', 'ASSIGNED', OFFICE, 'SELF_DISPATCH'],
  ['acknowledgeMessage', 'ASSIGNED', 'acknowledgeMessage(id: $id)', 'hotline_agent', 'handler', 'IN_PROGRESS'],
  ['returnMessage', 'ASSIGNED', 'returnMessage(id: $id, reason: "不属于本单位职责")', 'reviewer', 'handler', 'RETURNED'],
  ['reassignMessage', 'RETURNED', 'reassignMessage(id: $id)', 'reviewer', 'handler', 'ACCEPTED', OFFICE],
  ['submitReply', 'IN_PROGRESS', 'submitReply(id: $id, content: "已处理")', 'hotline_agent', 'handler', 'REPLY_SUBMITTED'],
  ['approveReply', 'REPLY_SUBMITTED', 'approveReply(id: $id)', 'handler', 'reviewer', 'REPLIED', OFFICE],
  ['sendBackReply', 'REPLY_SUBMITTED', 'sendBackReply(id: $id, reason: "请补充措施")', 'hotline_agent', 'reviewer', 'IN_PROGRESS', OFFICE],
  ['recordReturnVisit', 'REPLIED', 'recordReturnVisit(id: $id, satisfaction: SATISFIED)', 'reviewer', 'hotline_agent', 'FOLLOWED_UP', OFFICE],
  ['closeMessage', 'FOLLOWED_UP', 'closeMessage(id: $id)', 'reviewer', 'handler', 'CLOSED', OFFICE],
  ['reopenMessage', 'FOLLOWED_UP', 'reopenMessage(id: $id, reason: "回访不满意")', 'reviewer', 'handler', 'IN_PROGRESS', OFFICE],
  ['mergeMessage', 'SUBMITTED', 'mergeMessage(id: $id, intoId: $into)', 'reviewer', 'handler', 'MERGED'],
];

describe('lifecycle mutations check role and reach on the row, and a refusal writes nothing', () => {
  it.each(CASES)('%s', async (field, from, operation, wrongRole, rightRole, to, office, parent = 'FORBIDDEN') => {
    const message = await messageIn(sg, from, { satisfaction: field === 'reopenMessage' ? 'DISSATISFIED' : 'SATISFIED' });
    const variables: Record<string, string> = { id: message.id };
    if (field === 'mergeMessage') variables.into = (await messageIn(sg, 'SUBMITTED')).id;

    expect(await refused(operation, variables, ANONYMOUS)).toBe('UNAUTHENTICATED');
    expect(await refused(operation, variables, tonghua(wrongRole))).toBe('FORBIDDEN');
    // Read-only roles see every message and act on none.
    expect(await refused(operation, variables, testIdentity('dashboard'))).toBe('FORBIDDEN');
    expect(await refused(operation, variables, testIdentity('integrator'))).toBe('FORBIDDEN');
    // The right role in another prefecture's agency.
    expect(await refused(operation, variables, yanbian(rightRole))).toBe('FORBIDDEN');

    // Only the office running the Tonghua mayor's board rejects, forwards, reviews, visits and closes, not a bureau of the region.
    if (office) expect(await refused(operation, variables, tonghua(rightRole))).toBe(parent);
    // The parent agency reaches its sub-agency's messages and the unassigned ones from its region (as their handler).
    const before = await writtenRows(sg);
    const response = await run(operation, variables, office ? testIdentity(rightRole, { agency: office }) : tonghua(rightRole));
    expect(response.errors).toBeUndefined();
    expect(response.data!.r).toEqual({ id: message.id, status: to });
    const after = await writtenRows(sg);
    expect([after.transitions - before.transitions, after.events - before.events]).toEqual([1, 1]);
  });

  it('lets the assigned agency act and refuses its sibling agency', async () => {
    const message = await messageIn(sg, 'ASSIGNED');
    const sibling = testIdentity('handler', { agency: 'th-municipal-eng' });
    expect(await refused('acknowledgeMessage(id: $id)', { id: message.id }, sibling)).toBe('FORBIDDEN');
    const own = testIdentity('handler', { agency: 'th-dongchang-housing', subject: 'handler:dongchang' });
    const response = await sg.query(`mutation($id: ID!) { acknowledgeMessage(id: $id) { status timeline { actor } } }`, { id: message.id }, own);
    expect(response.data!.acknowledgeMessage.status).toBe('IN_PROGRESS');
    expect(response.data!.acknowledgeMessage.timeline.at(-1)).toEqual({ actor: 'handler:dongchang' });
  });

  it('refuses a handler whose agency has the message assigned elsewhere, even in its own region', async () => {
    const message = await messageIn(sg, 'ASSIGNED', { assigneeId: 'jl-drc' });
    expect(await refused('acknowledgeMessage(id: $id)', { id: message.id }, tonghua('handler'))).toBe('FORBIDDEN');
    const drc = await run('acknowledgeMessage(id: $id)', { id: message.id }, testIdentity('handler', { agency: 'jl-drc' }));
    expect(drc.data!.r.status).toBe('IN_PROGRESS');
  });

  it('merges only into a message the caller also reaches', async () => {
    const message = await messageIn(sg, 'SUBMITTED');
    // Not public and outside the caller's reach: to them it does not exist.
    const hidden = await messageIn(sg, 'ASSIGNED', { assigneeId: 'jl-drc' });
    expect(await refused('mergeMessage(id: $id, intoId: $into)', { id: message.id, into: hidden.id }, tonghua('handler'))).toBe('NOT_FOUND');
    // Public, so seen, but handled elsewhere: the caller may not act on it.
    const published = await messageIn(sg, 'REPLIED', { assigneeId: 'jl-drc' });
    expect(await refused('mergeMessage(id: $id, intoId: $into)', { id: message.id, into: published.id }, tonghua('handler'))).toBe('FORBIDDEN');
  });

  it('refuses an unknown message to a wrong role as FORBIDDEN, before saying it does not exist', async () => {
    const unknown = { id: '00000000-0000-4000-8000-000000000000' };
    expect(await refused('acceptMessage(id: $id)', unknown, tonghua('reviewer'))).toBe('FORBIDDEN');
    expect(await refused('acceptMessage(id: $id)', unknown, tonghua('handler'))).toBe('NOT_FOUND');
  });
});

describe('postMessage', () => {
  const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id status } }`;
  const input = { boardId: 'th-mayor', title: '路灯不亮', content: '小区门口路灯坏了一个月', regionCode: '220502' };
  const authorOf = async (id: string) =>
    (await sg.services.database.db.select({ author: messages.authorSubject }).from(messages).where(eq(messages.id, id)))[0]!.author;

  it('is for citizens, who become the author, and admins, whose messages have none', async () => {
    const citizen = await sg.query(POST, { input }, testIdentity('citizen', { subject: 'citizen:wang' }));
    expect(citizen.data!.postMessage.status).toBe('SUBMITTED');
    expect(await authorOf(citizen.data!.postMessage.id)).toBe('citizen:wang');
    const admin = await sg.query(POST, { input });
    expect(await authorOf(admin.data!.postMessage.id)).toBeNull();
  });

  it.each([
    ['anonymous', ANONYMOUS, 'UNAUTHENTICATED'],
    ['a handler', tonghua('handler'), 'FORBIDDEN'],
    ['a hotline agent', tonghua('hotline_agent'), 'FORBIDDEN'],
    ['the dashboard', testIdentity('dashboard'), 'FORBIDDEN'],
  ] as const)('refuses %s and writes nothing', async (_name, as, code) => {
    const before = await writtenRows(sg);
    const response = await sg.query(POST, { input }, as);
    expect(codeOf(response)).toBe(code);
    expect(await writtenRows(sg)).toEqual(before);
  });

  it.each([
    ['a phone that is not a number', { phone: '请打我电话' }, 'contact.phone'],
    ['a phone too short', { phone: '13800' }, 'contact.phone'],
    ['an over-long name', { name: '张'.repeat(51) }, 'contact.name'],
    ['an over-long address', { address: '路'.repeat(201) }, 'contact.address'],
  ])('refuses %s as INVALID_INPUT naming the field', async (_name, contact, field) => {
    const before = await writtenRows(sg);
    const response = await sg.query(POST, { input: { ...input, contact } }, testIdentity('citizen'));
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(await writtenRows(sg)).toEqual(before);
  });
});
