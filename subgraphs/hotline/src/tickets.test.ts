import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { allPages, describeChannelLifecycle, openedDaily, type RefusalCase } from '@civicgraph/platform/lifecycle-suite';
import { subgraph } from './server.ts';
import { callInput, DAY, DEFAULT_PHONE, hotlineClient, writtenRows } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
});
afterAll(() => sg?.stop());

const { act, recordCall, open } = hotlineClient(() => sg);
const actions = (t: { timeline: { action: string }[] }) => t.timeline.map((s) => s.action);

async function eventsOf(ticketId: string) {
  return rowsOf<{ source: string; aggregate_type: string; type: string; payload: Record<string, any> }>(
    await sg.services.database.db.execute(sql`
      select source, aggregate_type, type, payload from events.event_log where aggregate_id = ${ticketId} order by tx_id, seq`),
  );
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** The hotline's own refusals: bad calls, its other lists and its shifts. */
function callRefusals(): RefusalCase[] {
  const calling = (overrides: Record<string, unknown>, ticket: Record<string, unknown> | null = {}) => recordCall(callInput(overrides, ticket), 'id');
  return [
    ['an unknown hotline', async () => null, () => calling({ hotlineId: 'nope' }), 'NOT_FOUND'],
    ['a seat of another hotline', async () => null, () => calling({ seatId: 'cc-mayor-hotline-01' }), 'INVALID_INPUT', 'seatId'],
    ['no agent and nobody on shift', async () => null, () => calling({ agentHandle: null }), 'INVALID_INPUT', 'agentHandle'],
    ['a malformed phone number', async () => null, () => calling({ callerPhone: '12345' }), 'INVALID_INPUT', 'callerPhone'],
    ['a call that ends in the future', async () => null, () => calling({ startedAt: new Date(Date.now() + DAY).toISOString() }), 'INVALID_INPUT', 'startedAt'],
    ['a negative duration', async () => null, () => calling({ durationSeconds: -5 }), 'INVALID_INPUT', 'durationSeconds'],
    ['TICKET_OPENED without a ticket', async () => null, () => calling({}, null), 'INVALID_INPUT', 'ticket'],
    ['INFORMATION_ONLY with a ticket', async () => null, () => calling({ outcome: 'INFORMATION_ONLY' }), 'INVALID_INPUT', 'ticket'],
    ['RESOLVED_ON_CALL without an answer', async () => null, () => calling({ outcome: 'RESOLVED_ON_CALL', satisfaction: 'SATISFIED' }), 'INVALID_INPUT', 'answer'],
    ['RESOLVED_ON_CALL with a dissatisfied caller', async () => null, () => calling({ outcome: 'RESOLVED_ON_CALL', answer: '答复', satisfaction: 'DISSATISFIED' }), 'INVALID_INPUT', 'satisfaction'],
    ['FOLLOW_UP on an unknown ticket', async () => null, () => calling({ outcome: 'FOLLOW_UP', ticketId: UNKNOWN }, null), 'NOT_FOUND'],
    ['an empty title', async () => null, () => calling({}, { title: '   ' }), 'INVALID_INPUT', 'ticket.title'],
    ['an over-long content', async () => null, () => calling({}, { content: '长'.repeat(5001) }), 'INVALID_INPUT', 'ticket.content'],
    ['a domain instead of a category', async () => null, () => calling({}, { categoryId: 'water' }), 'INVALID_INPUT', 'ticket.categoryId'],
    ['an unknown category', async () => null, () => calling({}, { categoryId: 'water.lemonade' }), 'INVALID_INPUT', 'ticket.categoryId'],
    ['a malformed region code', async () => null, () => calling({}, { regionCode: '22' }), 'INVALID_INPUT', 'ticket.regionCode'],
    ['an unknown region', async () => null, () => calling({}, { regionCode: '229999' }), 'INVALID_INPUT', 'ticket.regionCode'],
    ['a place outside a mayor’s hotline area', async () => null, () => calling({ hotlineId: 'cc-mayor-hotline', seatId: 'cc-mayor-hotline-01' }, { regionCode: '220322' }), 'INVALID_INPUT', 'ticket.regionCode'],
    ['a page of calls over the limit', async () => null, () => sg.query('{ calls(first: 1000) { totalCount } }'), 'INVALID_INPUT', 'first'],
    ['a malformed category filter', async () => null, () => sg.query(`{ tickets(filter: { categoryId: "water%" }) { totalCount } }`), 'INVALID_INPUT', 'filter.categoryId'],
    ['a shift that ends before it starts', async () => null, () => sg.query(`mutation { scheduleShift(input: { seatId: "jl-governor-hotline-09", agentHandle: "agent:x", agentName: "王芳",
      startsAt: "2022-09-26T08:00:00+08:00", endsAt: "2022-09-26T07:00:00+08:00" }) { id } }`), 'INVALID_INPUT', 'endsAt'],
  ];
}

describeChannelLifecycle({
  channel: 'HOTLINE',
  subgraph: () => sg,
  fields: `deadlineClass urgency firstContactResolution reopenCount reply { content approvedAt agency { id } } returnVisit { sequence }
    returnVisits { sequence satisfaction } endedAt`,
  open: () => open(),
  personalData: [DEFAULT_PHONE],
  // 96118 takes the call and assigns the water outage to the Nanguan housing bureau; its visits team calls back.
  story: { office: 'staff:jl-governor-hotline', agency: 'cc-nanguan-housing', visitor: 'staff:96118-visits', openedBy: 'agent:test' },
  timeline: [
    'OPEN', 'ACCEPT', 'ASSIGN', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'SEND_BACK_REPLY', 'SUBMIT_REPLY', 'APPROVE_REPLY',
    'RETURN_VISIT', 'REOPEN', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE',
  ],
  // Sent on again without an agency, the routing rules choose: heating in Chaoyang goes to its housing bureau.
  returned: { open: () => open({}, { categoryId: 'heating.room-temperature', regionCode: '220104' }), first: 'jl-drc', again: null, expected: 'cc-chaoyang-housing' },
  written: () => writtenRows(sg),
  list: 'tickets',
  refusals: callRefusals(),
  // Urgent deadlines, a reopen count, one return-visit row per visit, the end stamped, the category in events.
  afterLifecycle: ({ opened, replied, reopened, closed, events, before, after }) => {
    expect(opened).toMatchObject({ deadlineClass: 'URGENT_24H', urgency: 'NORMAL', firstContactResolution: false });
    expect(replied.reply).toMatchObject({ content: '经调查核实，答复如下', agency: { id: 'cc-nanguan-housing' } });
    expect(replied.reply.approvedAt).not.toBeNull();
    expect(reopened.reopenCount).toBe(1);
    expect(closed.returnVisit).toMatchObject({ sequence: 2, satisfaction: 'SATISFIED' });
    expect(closed.returnVisits).toEqual([{ sequence: 1, satisfaction: 'DISSATISFIED' }, { sequence: 2, satisfaction: 'SATISFIED' }]);
    expect(closed.endedAt).toBe(new Date('2022-09-26T09:30:00+08:00').toISOString());
    expect(events[2]!.payload).toMatchObject({
      category: '供水/停水', regionCode: '220102', extra: { hotlineId: 'jl-governor-hotline', categoryId: 'water.outage', deadlineClass: 'URGENT_24H' },
    });
    const delta = (key: string) => (after[key] as number) - (before[key] as number);
    expect([delta('tickets'), delta('calls'), delta('visits')]).toEqual([1, 1, 2]);
  },
});

describe('calls', () => {
  it('links a follow-up call to its ticket, and answers information-only calls without a ticket', async () => {
    const t = await open();
    sg.services.clock.advance(3_600_000);
    const followUp = await recordCall(callInput({ outcome: 'FOLLOW_UP', ticketId: t.id }, null), 'outcome ticket { id calls { outcome } }');
    expect(followUp.data!.recordCall).toEqual({ outcome: 'FOLLOW_UP', ticket: { id: t.id, calls: [{ outcome: 'TICKET_OPENED' }, { outcome: 'FOLLOW_UP' }] } });
    const info = await recordCall(callInput({ outcome: 'INFORMATION_ONLY', summary: '咨询社保卡办理' }, null), 'outcome summary ticket { id }');
    expect(info.data!.recordCall).toEqual({ outcome: 'INFORMATION_ONLY', summary: '咨询社保卡办理', ticket: null });
  });
});

describe('first-contact resolution', () => {
  it('opens and closes the ticket in one transaction, passing every lifecycle step with its event', async () => {
    const before = await writtenRows(sg);
    const response = await recordCall(
      callInput({ outcome: 'RESOLVED_ON_CALL', answer: '已告知社保卡补办地点和所需材料', satisfaction: 'VERY_SATISFIED' }, { categoryId: 'social-security.social-card', title: '咨询社保卡补办', regionCode: '220102' }),
    );
    const t = response.data!.recordCall.ticket;
    expect(t).toMatchObject({
      status: 'CLOSED', firstContactResolution: true, assignee: { id: 'jl-governor-hotline' },
      reply: { content: '已告知社保卡补办地点和所需材料', agency: { id: 'jl-governor-hotline' } },
      returnVisit: { sequence: 1, satisfaction: 'VERY_SATISFIED' },
    });
    expect(actions(t)).toEqual(['OPEN', 'ACCEPT', 'ASSIGN', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE']);
    expect(t.timeline.map((s: { to: string }) => s.to)).toEqual(['SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REPLY_SUBMITTED', 'REPLIED', 'FOLLOWED_UP', 'CLOSED']);
    const times = t.timeline.map((s: { at: string }) => Date.parse(s.at));
    expect(times.at(-1)).toBe(sg.services.clock.now().getTime());
    expect(times.slice(1).every((at: number, i: number) => at > times[i]!)).toBe(true);
    expect(t.timeline.every((s: { actor: string }) => s.actor === 'agent:test')).toBe(true);
    const events = await eventsOf(t.id);
    expect(events.map((e) => e.payload.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.every((e) => e.payload.extra.firstContactResolution === true)).toBe(true);
    const after = await writtenRows(sg);
    expect([after.tickets - before.tickets, after.transitions - before.transitions, after.events - before.events, after.visits - before.visits]).toEqual([1, 8, 8, 1]);
    const listed = await sg.query('{ tickets(filter: { firstContactResolution: true }) { totalCount edges { node { id } } } }');
    expect(listed.data!.tickets.edges.map((e: any) => e.node.id)).toContain(t.id);
  });
});

describe('queries', () => {
  it('filters by status, category subtree, region subtree, hotline, assignee and date range, and pages newest first', async () => {
    const onMayor = (i: number) => i % 2 === 1;
    const opened = await openedDaily(sg, 7, (i) =>
      open(
        onMayor(i) ? { hotlineId: 'th-mayor-hotline', seatId: 'th-mayor-hotline-01' } : {},
        { categoryId: i < 3 ? 'heating.no-heating' : 'transport.parking', regionCode: onMayor(i) ? '220502' : '220104', title: `第${i}件` },
      ),
    );
    await act('acceptTicket(id: $id)', { id: opened[0]! });
    await act('assignTicket(id: $id)', { id: opened[0]! });
    const query = `query($f: TicketFilter, $first: Int, $after: String) { tickets(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id title status hotline { id } } } } }`;
    const list = async (filter: Record<string, unknown>, first = 20, after?: string) =>
      (await sg.query(query, { f: filter, first, after })).data!.tickets;
    const inMarch = { submittedFrom: '2023-03-01T00:00:00+08:00', submittedTo: '2023-03-31T00:00:00+08:00' };

    expect((await list(inMarch)).totalCount).toBe(7);
    expect((await list({ ...inMarch, hotlineId: 'th-mayor-hotline' })).totalCount).toBe(3);
    expect((await list({ ...inMarch, categoryId: 'heating' })).totalCount).toBe(3);
    expect((await list({ ...inMarch, categoryId: 'transport.parking' })).totalCount).toBe(4);
    expect((await list({ ...inMarch, regionCode: '220100' })).totalCount).toBe(4);
    expect((await list({ ...inMarch, regionCode: '220000' })).totalCount).toBe(7);
    expect((await list({ ...inMarch, assigneeId: 'cc-chaoyang-housing' })).edges.map((e: any) => e.node.id)).toEqual([opened[0]]);
    expect((await list({ ...inMarch, status: ['ASSIGNED'] })).edges.map((e: any) => e.node.id)).toEqual([opened[0]]);
    expect((await list({ submittedFrom: '2023-03-03T00:00:00+08:00', submittedTo: '2023-03-04T23:00:00+08:00' })).totalCount).toBe(2);
    // Urgent heating: due 24 h after assignment; three days on it is overdue.
    sg.services.clock.set(new Date('2023-03-10T08:00:00+08:00'));
    expect((await list({ ...inMarch, overdue: true })).edges.map((e: any) => e.node.id)).toEqual([opened[0]]);
    expect((await list({ ...inMarch, overdue: false })).totalCount).toBe(6);

    expect(await allPages((size, after) => list(inMarch, size, after))).toEqual([...opened].reverse());
  });

  it('resolves tickets by number, hotlines with their seats, the category tree, and leaves unknown ids null', async () => {
    const t = await open({ hotlineId: 'yb-mayor-hotline', seatId: 'yb-mayor-hotline-02' }, { regionCode: '222401', categoryId: 'agriculture.farmland-water' });
    const response = await sg.query(`query($n: String!) {
      byNumber: ticketByNumber(number: $n) { id channel hotline { id phoneNumber } call { seat { id label } agentHandle } category { path deadlineClass parent { id } } region { code } }
      unknown: ticket(id: "00000000-0000-4000-8000-000000000000") { id }
      governor: hotline(id: "jl-governor-hotline") { name phoneNumber staffedSeats agency { id } region { code } }
      categories { id level children { id } }
    }`, { n: t.number });
    const data = response.data!;
    expect(data.byNumber).toEqual({
      id: t.id, channel: 'HOTLINE', hotline: { id: 'yb-mayor-hotline', phoneNumber: '12345' },
      call: { seat: { id: 'yb-mayor-hotline-02', label: '02号坐席' }, agentHandle: 'agent:test' },
      category: { path: '农业农村/农田水利', deadlineClass: 'COMPLEX_15D', parent: { id: 'agriculture' } }, region: { code: '222401' },
    });
    expect(data.unknown).toBeNull();
    expect(data.governor).toEqual({ name: '吉林省省长公开电话', phoneNumber: '96118', staffedSeats: 35, agency: { id: 'jl-governor-hotline' }, region: { code: '220000' } });
    expect(data.categories.length).toBeGreaterThanOrEqual(10);
    expect(data.categories.every((d: any) => d.level === 'DOMAIN')).toBe(true);
    expect(data.categories.flatMap((d: any) => d.children).length).toBeGreaterThanOrEqual(100);
  });

  it('schedules shifts, finds the agent on shift for a call, and lists calls', async () => {
    const shift = await sg.query(`mutation { scheduleShift(input: { seatId: "jl-governor-hotline-12", agentHandle: "agent:96118-12", agentName: "王芳",
      startsAt: "2023-03-20T08:00:00+08:00", endsAt: "2023-03-20T16:00:00+08:00" }) { id seat { id } agentHandle } }`);
    expect(shift.data!.scheduleShift).toMatchObject({ seat: { id: 'jl-governor-hotline-12' }, agentHandle: 'agent:96118-12' });
    sg.services.clock.set(new Date('2023-03-20T10:00:00+08:00'));
    const call = await recordCall(callInput({ seatId: 'jl-governor-hotline-12', agentHandle: null, outcome: 'DROPPED', durationSeconds: 5 }, null), 'id agentHandle shift { agentName } endedAt');
    expect(call.data!.recordCall).toMatchObject({ agentHandle: 'agent:96118-12', shift: { agentName: '王芳' }, endedAt: '2023-03-20T02:00:00.000Z' });
    const listed = await sg.query(`{
      calls(filter: { seatId: "jl-governor-hotline-12", outcome: [DROPPED] }) { totalCount edges { node { id durationSeconds } } }
      shifts(hotlineId: "jl-governor-hotline", from: "2023-03-20T00:00:00+08:00", to: "2023-03-21T00:00:00+08:00") { agentHandle }
    }`);
    expect(listed.data).toEqual({
      calls: { totalCount: 1, edges: [{ node: { id: call.data!.recordCall.id, durationSeconds: 5 } }] },
      shifts: [{ agentHandle: 'agent:96118-12' }],
    });
  });
});
