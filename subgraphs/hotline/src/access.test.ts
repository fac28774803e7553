import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import type { Identity } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { codeOf, everythingWritten, seedScenario, WHO, withScopes, type Scenario } from './test-access.ts';
import { callInput, hotlineClient } from './test-support.ts';

let sg: TestSubgraph;
let s: Scenario;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
  s = await seedScenario(sg);
});
afterAll(() => sg?.stop());

const { act, recordCall } = hotlineClient(() => sg);

/** Runs `query` as `who` and returns the error code, checking that nothing at all was written. */
async function refused(query: string, who: Identity): Promise<string | undefined> {
  const before = await everythingWritten(sg);
  const response = await sg.query(query, {}, who);
  expect(response.data?.r ?? null).toBeNull();
  expect(await everythingWritten(sg)).toEqual(before);
  return codeOf(response);
}

describe('who may do what', () => {
  const lishu = () => s.lishu.id;
  const call = (hotlineId: string, seatId: string) =>
    `mutation { r: recordCall(input: { hotlineId: "${hotlineId}", seatId: "${seatId}", agentHandle: "agent:x", durationSeconds: 60,
      callerPhone: "13811112222", outcome: TICKET_OPENED, ticket: { title: "路灯不亮", content: "小区路灯不亮", categoryId: "water.outage", regionCode: "220322" } }) { id } }`;
  const shift = (seat: string) =>
    `mutation { r: scheduleShift(input: { seatId: "${seat}", agentHandle: "agent:y", agentName: "王芳", startsAt: "2022-10-01T08:00:00+08:00", endsAt: "2022-10-01T16:00:00+08:00" }) { id } }`;
  // Each mutation, with a caller refused by role, scope or reach. Lifecycle refusals use the Lishu ticket (assigned to ls-liujiaguanzi).
  const cases: [string, () => string, Identity][] = [
    ['recordCall (a handler, even holding hotline:write)', () => call('jl-governor-hotline', 'jl-governor-hotline-03'), withScopes(WHO.handlerLishu, 'hotline:write')],
    ['recordCall (an agent of another hotline)', () => call('jl-governor-hotline', 'jl-governor-hotline-03'), WHO.agentSiping],
    ['acceptTicket (a handler of another agency)', () => `mutation { r: acceptTicket(id: "${lishu()}") { id } }`, WHO.handlerNanguan],
    ['rejectTicket (a dashboard)', () => `mutation { r: rejectTicket(id: "${lishu()}", reason: "不受理") { id } }`, WHO.dashboard],
    ['assignTicket (an agent whose region is not the assignee)', () => `mutation { r: assignTicket(id: "${lishu()}", agencyId: "sp-housing") { id } }`, WHO.agentSiping],
    ['acknowledgeTicket (a hotline agent)', () => `mutation { r: acknowledgeTicket(id: "${lishu()}") { id } }`, WHO.agent96118],
    ['returnTicket (a handler of another agency)', () => `mutation { r: returnTicket(id: "${lishu()}", reason: "不属于本单位") { id } }`, WHO.handlerNanguan],
    ['reassignTicket (a citizen)', () => `mutation { r: reassignTicket(id: "${lishu()}") { id } }`, WHO.citizen],
    ['submitTicketReply (a supervisor)', () => `mutation { r: submitTicketReply(id: "${lishu()}", content: "已处理") { id } }`, WHO.supervisor],
    ['approveTicketReply (a reviewer of another agency)', () => `mutation { r: approveTicketReply(id: "${lishu()}") { id } }`, WHO.reviewerNanguan],
    ['sendBackTicketReply (a handler)', () => `mutation { r: sendBackTicketReply(id: "${lishu()}", reason: "请补充") { id } }`, WHO.handlerLiujia],
    ['recordTicketReturnVisit (an agent of another hotline office)', () => `mutation { r: recordTicketReturnVisit(id: "${lishu()}", satisfaction: SATISFIED) { id } }`, WHO.agentSiping],
    ['closeTicket (an integrator)', () => `mutation { r: closeTicket(id: "${lishu()}") { id } }`, WHO.integrator],
    ['reopenTicket (a handler of another agency)', () => `mutation { r: reopenTicket(id: "${lishu()}", reason: "不满意") { id } }`, WHO.handlerNanguan],
    ['mergeTicket (a handler of another agency)', () => `mutation { r: mergeTicket(id: "${lishu()}", intoId: "${s.nanguan.id}") { id } }`, WHO.handlerNanguan],
    ['scheduleShift (an agent of another hotline)', () => shift('jl-governor-hotline-05'), WHO.agentSiping],
    ['revealCaller (a reviewer, even holding the scope)', () => `mutation { r: revealCaller(callId: "${s.lishu.callId}", reason: "回访需要联系来电人") { phone } }`, withScopes(WHO.reviewerLishu, 'personal-data:reveal')],
    ['setRoutingRule (a supervisor, even holding config:write)', () => `mutation { r: setRoutingRule(input: { regionCode: "220322", agencyId: "ls-agriculture" }) { id } }`, withScopes(WHO.supervisor, 'config:write')],
    ['removeRoutingRule (a hotline agent)', () => `mutation { r: removeRoutingRule(id: "1") { id } }`, WHO.agent96118],
    ['setDeadlineRule (a supervisor, even holding config:write)', () => `mutation { r: setDeadlineRule(deadlineClass: GENERAL_7D, unit: WORKING_DAYS, amount: 3) { amount } }`, withScopes(WHO.supervisor, 'config:write')],
    ['setCategoryDeadlineClass (a handler)', () => `mutation { r: setCategoryDeadlineClass(categoryId: "water.outage", deadlineClass: COMPLEX_15D) { id } }`, WHO.handlerLishu],
  ];

  it.each(cases)('refuses %s with FORBIDDEN and writes nothing', async (_name, query, who) => {
    expect(await refused(query(), who)).toBe('FORBIDDEN');
  });

  it.each(cases)('refuses %s to an anonymous caller with UNAUTHENTICATED and writes nothing', async (_name, query) => {
    expect(await refused(query(), WHO.anonymous)).toBe('UNAUTHENTICATED');
  });

  it('lets the agents of the office running a hotline, or of an office above it, take its calls and schedule its shifts', async () => {
    const opened = await recordCall(callInput({}, { regionCode: '220322', categoryId: 'agriculture.farmland-water' }), 'ticket { status }', WHO.agentGovOffice);
    expect(opened.data!.recordCall.ticket).toEqual({ status: 'SUBMITTED' });
    const resolved = await recordCall(
      callInput({ outcome: 'RESOLVED_ON_CALL', answer: '已告知办理地点', satisfaction: 'SATISFIED' }, { categoryId: 'social-security.social-card' }),
      'ticket { status assignee { id } }', WHO.agent96118,
    );
    expect(resolved.data!.recordCall.ticket).toEqual({ status: 'CLOSED', assignee: { id: 'jl-governor-hotline' } });
    const sched = await sg.query(shift('jl-governor-hotline-06').replace('r: ', ''), {}, WHO.agent96118);
    expect(sched.data!.scheduleShift.id).toEqual(expect.any(String));
  });

  it('does not let an agent link a follow-up call to a ticket outside their reach', async () => {
    const before = await everythingWritten(sg);
    const followUp = await recordCall(
      callInput({ hotlineId: 'sp-mayor-hotline', seatId: 'sp-mayor-hotline-02', outcome: 'FOLLOW_UP', ticketId: s.nanguan.id }, null), 'id', WHO.agentSiping,
    );
    expect(codeOf(followUp)).toBe('NOT_FOUND');
    expect(await everythingWritten(sg)).toEqual(before);
  });
});

describe('row-level reach on the lifecycle', () => {
  it('lets a handler act on tickets of their agency and its sub-agencies, not on another agency’s', async () => {
    const acknowledged = await act('acknowledgeTicket(id: $id)', { id: s.lishu.id }, WHO.handlerLishu);
    expect(acknowledged).toMatchObject({ status: 'IN_PROGRESS', assignee: { id: 'ls-liujiaguanzi' } });
    expect(acknowledged.timeline.at(-1)).toMatchObject({ action: 'ACKNOWLEDGE', actor: 'handler:ls-county-gov' });
    expect((await act('submitTicketReply(id: $id, content: "已组织排水")', { id: s.lishu.id }, WHO.handlerLiujia)).status).toBe('REPLY_SUBMITTED');
    // 审核关 is the office's that took the call, not the handling side's (the town's county).
    expect(await refused(`mutation { r: approveTicketReply(id: "${s.lishu.id}") { id } }`, WHO.reviewerLishu)).toBe('FORBIDDEN');
    expect((await act('approveTicketReply(id: $id)', { id: s.lishu.id }, WHO.reviewer96118)).status).toBe('REPLIED');
    expect(await refused(`mutation { r: acknowledgeTicket(id: "${s.nanguan.id}") { id } }`, WHO.handlerLishu)).toBe('FORBIDDEN');
    expect((await act('acknowledgeTicket(id: $id)', { id: s.nanguan.id }, WHO.handlerNanguan)).status).toBe('IN_PROGRESS');
  });

  it('lets a hotline agent take in unassigned tickets from their region; once assigned, the office that took the call still sees them', async () => {
    const fresh = await recordCall(callInput({}, { regionCode: '220322', categoryId: 'agriculture.farmland-water' }), 'ticket { id }', WHO.agent96118);
    const id = fresh.data!.recordCall.ticket.id;
    expect(await refused(`mutation { r: acceptTicket(id: "${id}") { id } }`, WHO.handlerNanguan)).toBe('FORBIDDEN');
    expect((await act('acceptTicket(id: $id)', { id }, WHO.agentSiping)).status).toBe('ACCEPTED');
    const assigned = await sg.query(`mutation { assignTicket(id: "${id}") { status assignee { id } } }`, {}, WHO.agent96118);
    expect(assigned.data!.assignTicket).toEqual({ status: 'ASSIGNED', assignee: { id: 'ls-liujiaguanzi' } });
    // Assigned to Liujiaguanzi: that town's and its county's now, and still the 96118 office's (and the
    // office's above it), which took the call; no longer Siping's, whose region alone had reached it.
    const seen = async (who: Identity) => (await sg.query(`{ ticket(id: "${id}") { id } }`, {}, who)).data!.ticket;
    for (const who of [WHO.handlerLishu, WHO.agent96118, WHO.agentGovOffice]) expect(await seen(who)).toEqual({ id });
    expect(await seen(WHO.agentSiping)).toBeNull();
  });

  it('leaves the follow-up calls and the return visit of an assigned ticket to the office that took the call, never the handling agency’s steps', async () => {
    const opened = await recordCall(callInput({}, { regionCode: '220322', categoryId: 'agriculture.farmland-water' }), 'ticket { id }', WHO.agent96118);
    const id = opened.data!.recordCall.ticket.id as string;
    await act('acceptTicket(id: $id)', { id }, WHO.agent96118);
    expect((await act('assignTicket(id: $id)', { id }, WHO.agent96118)).assignee).toEqual({ id: 'ls-liujiaguanzi' });
    expect(await refused(`mutation { r: acknowledgeTicket(id: "${id}") { id } }`, WHO.agent96118)).toBe('FORBIDDEN');
    await act('acknowledgeTicket(id: $id)', { id }, WHO.handlerLiujia);
    expect(await refused(`mutation { r: submitTicketReply(id: "${id}", content: "已组织排水") { id } }`, WHO.agent96118)).toBe('FORBIDDEN');
    await act('submitTicketReply(id: $id, content: "已组织排水")', { id }, WHO.handlerLiujia);
    await act('approveTicketReply(id: $id)', { id }, WHO.reviewer96118);
    // The citizen calls 96118 again about it: the office's agent links the call to the ticket.
    const followUp = await recordCall(callInput({ outcome: 'FOLLOW_UP', ticketId: id }, null), 'outcome ticket { id }', WHO.agent96118);
    expect(followUp.data!.recordCall).toEqual({ outcome: 'FOLLOW_UP', ticket: { id } });
    // Another hotline office sees nothing of it: no follow-up call, no return visit.
    const before = await everythingWritten(sg);
    const elsewhere = await recordCall(
      callInput({ hotlineId: 'sp-mayor-hotline', seatId: 'sp-mayor-hotline-02', outcome: 'FOLLOW_UP', ticketId: id }, null), 'id', WHO.agentSiping,
    );
    expect(codeOf(elsewhere)).toBe('NOT_FOUND');
    expect(await everythingWritten(sg)).toEqual(before);
    expect(await refused(`mutation { r: recordTicketReturnVisit(id: "${id}", satisfaction: SATISFIED) { id } }`, WHO.agentSiping)).toBe('FORBIDDEN');
    // The return visit: dissatisfied, so reopened to the town, answered again, then satisfied and closed.
    const visited = await act('recordTicketReturnVisit(id: $id, satisfaction: $s)', { id, s: 'DISSATISFIED' }, WHO.agent96118);
    expect(visited).toMatchObject({ status: 'FOLLOWED_UP', returnVisit: { sequence: 1, satisfaction: 'DISSATISFIED' } });
    const reopened = await act('reopenTicket(id: $id, reason: "积水仍未排净")', { id }, WHO.agent96118);
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', reopenCount: 1, assignee: { id: 'ls-liujiaguanzi' } });
    await act('submitTicketReply(id: $id, content: "已再次排水")', { id }, WHO.handlerLiujia);
    await act('approveTicketReply(id: $id)', { id }, WHO.reviewer96118);
    await act('recordTicketReturnVisit(id: $id, satisfaction: $s)', { id, s: 'SATISFIED' }, WHO.agent96118);
    const closed = await act('closeTicket(id: $id)', { id }, WHO.agent96118);
    expect(closed).toMatchObject({ status: 'CLOSED', returnVisits: [{ sequence: 1, satisfaction: 'DISSATISFIED' }, { sequence: 2, satisfaction: 'SATISFIED' }] });
    const byOffice = closed.timeline.filter((step: { actor: string }) => step.actor === 'hotline_agent:jl-governor-hotline');
    expect(byOffice.map((step: { action: string }) => step.action)).toEqual(['OPEN', 'ACCEPT', 'ASSIGN', 'RETURN_VISIT', 'REOPEN', 'RETURN_VISIT', 'CLOSE']);
  });

  it('refuses to merge into a ticket the caller cannot see, as if it did not exist', async () => {
    const dup = await recordCall(callInput({}, { regionCode: '220322', categoryId: 'agriculture.farmland-water' }), 'ticket { id }', WHO.agent96118);
    const id = dup.data!.recordCall.ticket.id;
    const before = await everythingWritten(sg);
    // Siping's agent reaches the unassigned Lishu ticket, not the Nanguan one (96118 took that call, Nanguan handles it).
    const response = await sg.query(`mutation { mergeTicket(id: "${id}", intoId: "${s.nanguan.id}") { id } }`, {}, WHO.agentSiping);
    expect(codeOf(response)).toBe('NOT_FOUND');
    expect(await everythingWritten(sg)).toEqual(before);
  });

  it('lets only admins change categories and rules', async () => {
    const set = await sg.query(`mutation { setDeadlineRule(deadlineClass: GENERAL_7D, unit: WORKING_DAYS, amount: 7) { amount } }`, {}, WHO.admin);
    expect(set.data!.setDeadlineRule).toEqual({ amount: 7 });
    // Reading them is public: no personal data, and citizens may know where their matter goes.
    const read = await sg.query(`{ deadlineRules { deadlineClass } routingRules(regionCode: "220322") { agency { id } } categories { id } }`, {}, WHO.anonymous);
    expect(read.data!.deadlineRules).toHaveLength(3);
    expect(read.data!.routingRules.map((r: { agency: { id: string } }) => r.agency.id)).toContain('ls-liujiaguanzi');
  });
});
