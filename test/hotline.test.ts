import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';

/*
 * The article's hotline story through the gateway, step by step: summer 2022, Mr. Sun of Dongkalou
 * village (Lishu county) calls the governor's hotline 96118 because a farmland drainage ditch built
 * too high has flooded more than a hundred hectares; the Liujiaguanzi town government drains the
 * fields and rebuilds the ditch; the hotline visits him again and closes the ticket. Agency and
 * region names come from the agencies subgraph; a dashboard subscribed to ticketEvents sees each change.
 */

const clock = fixedClock(new Date('2022-07-18T08:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'hotline'], clock });
});
afterAll(() => hub?.stop());

const at = (cst: string) => clock.set(new Date(`${cst}+08:00`));
// Story steps go as an administrator named like the person who acts (roles are tested in access.test.ts).
const as = (actor: string) => hub.as(actor);

const TICKET = `number status dueAt
  assignee { name region { name } }
  region { name parent { name } }
  category { path }
  hotline { name phoneNumber agency { name } }
  reply { agency { name } }
  returnVisit { satisfaction comment }
  timeline { action to agency { name } }`;

const EVENTS = `subscription($f: TicketEventFilter, $after: String) {
  ticketEvents(filter: $f, after: $after) { cursor action from to ticket { number status assignee { name } region { name parent { name } } } } }`;

/** One lifecycle mutation on the ticket, as `actor`; returns the ticket with fields from both subgraphs. */
async function step(mutation: string, id: string, actor: string) {
  const data = await hub.ok(`mutation($id: ID!) { r: ${mutation} { ${TICKET} } }`, { id }, as(actor));
  return data.r;
}

type TicketEvent = { cursor: string; action: string; from: string | null; to: string; ticket: { number: string; status: string; assignee: { name: string } | null; region: { name: string; parent: { name: string } } } };
const nextEvent = async (subscription: Subscription<{ ticketEvents: TicketEvent }>) => {
  const result = await subscription.next();
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.ticketEvents;
};

describe('the Lishu flooding story through the gateway', () => {
  let ticketId: string;
  let number: string;
  let dashboard: Subscription<{ ticketEvents: TicketEvent }>;
  const seen: TicketEvent[] = [];

  it('puts an agent on seat 07 of 96118 and opens a dashboard on Siping’s tickets', async () => {
    const shift = await hub.ok(`mutation { scheduleShift(input: { seatId: "jl-governor-hotline-07", agentHandle: "agent:96118-07", agentName: "李敏",
      startsAt: "2022-07-18T08:00:00+08:00", endsAt: "2022-07-18T16:00:00+08:00" }) { seat { label hotline { name staffedSeats } } } }`);
    expect(shift.scheduleShift.seat).toEqual({ label: '07号坐席', hotline: { name: '吉林省省长公开电话', staffedSeats: 35 } });
    dashboard = hub.subscribe<{ ticketEvents: TicketEvent }>(EVENTS, { f: { regionCode: '220300' } });
    await dashboard.ready();
  });

  it('takes Mr. Sun’s call and opens a ticket about the flooded fields', async () => {
    at('2022-07-18T08:39:30');
    const data = await hub.ok(`mutation($input: RecordCallInput!) { recordCall(input: $input) {
        callerPhone callerName agentHandle seat { label } ticket { id ${TICKET} } } }`, {
      input: {
        hotlineId: 'jl-governor-hotline', seatId: 'jl-governor-hotline-07', startedAt: '2022-07-18T08:32:00+08:00', durationSeconds: 420,
        callerPhone: '13943412345', callerName: '孙先生', outcome: 'TICKET_OPENED',
        ticket: {
          title: '梨树县东卡篓村高标准农田排水沟偏高，上百坰耕地被淹',
          content: '村内高标准农田建设的排水沟沟床偏高，雨后积水排不出去，造成全村上百坰耕地被淹，请求尽快排水并整改排水沟。',
          categoryId: 'agriculture.farmland-water', regionCode: '220322',
        },
      },
    }, as('agent:96118-07'));
    const call = data.recordCall;
    expect(call).toMatchObject({ callerPhone: '139****2345', callerName: '孙**', agentHandle: 'agent:96118-07', seat: { label: '07号坐席' } });
    expect(call.ticket).toMatchObject({
      status: 'SUBMITTED', assignee: null,
      region: { name: '梨树县', parent: { name: '四平市' } },
      category: { path: '农业农村/农田水利' },
      hotline: { name: '吉林省省长公开电话', phoneNumber: '96118', agency: { name: '吉林省政府办公厅省长公开电话受理室' } },
    });
    ticketId = call.ticket.id;
    number = call.ticket.number;
    expect(number).toMatch(/^HOT-2022-\d{6}$/);
    seen.push(await nextEvent(dashboard));
    expect(seen[0]).toMatchObject({ action: 'OPEN', from: null, to: 'SUBMITTED', ticket: { number, assignee: null, region: { name: '梨树县', parent: { name: '四平市' } } } });
  });

  it('accepts it and assigns it, by the routing rules, to the Liujiaguanzi town government with a 15-working-day deadline', async () => {
    const route = await hub.ok(`{ routeTicket(categoryId: "agriculture.farmland-water", regionCode: "220322") { agency { name } deadlineClass } }`);
    expect(route.routeTicket).toEqual({ agency: { name: '刘家馆子镇政府' }, deadlineClass: 'COMPLEX_15D' });
    at('2022-07-18T09:10:00');
    expect((await step('acceptTicket(id: $id, note: "农田被淹，情况紧急，优先办理")', ticketId, 'staff:jl-governor-hotline')).status).toBe('ACCEPTED');
    seen.push(await nextEvent(dashboard));
    at('2022-07-18T09:30:00');
    const assigned = await step('assignTicket(id: $id, note: "请立即核实，先行组织排水，并对排水沟进行整改")', ticketId, 'staff:jl-governor-hotline');
    expect(assigned).toMatchObject({
      status: 'ASSIGNED',
      assignee: { name: '刘家馆子镇政府', region: { name: '梨树县' } },
      // 15 working days from Monday 18 July 09:30: Monday 8 August 09:30.
      dueAt: '2022-08-08T01:30:00.000Z',
    });
    seen.push(await nextEvent(dashboard));
    expect(seen[2]).toMatchObject({ action: 'ASSIGN', from: 'ACCEPTED', to: 'ASSIGNED', ticket: { assignee: { name: '刘家馆子镇政府' } } });
  });

  it('follows the town as it drains the fields and rebuilds the ditch, reviews the reply, visits Mr. Sun and closes', async () => {
    const steps: [string, string, string, string][] = [
      ['2022-07-18T11:00:00', 'acknowledgeTicket(id: $id, note: "已加派人手赴东卡篓村帮助村民排水")', 'staff:ls-liujiaguanzi', 'IN_PROGRESS'],
      ['2022-07-29T16:00:00', 'submitTicketReply(id: $id, content: "镇政府第一时间加派人手帮助村民排水，并经村民同意后联系施工队重新修建排水沟，现已完工。")', 'staff:ls-liujiaguanzi', 'REPLY_SUBMITTED'],
      ['2022-07-30T09:00:00', 'approveTicketReply(id: $id)', 'staff:jl-governor-hotline', 'REPLIED'],
      ['2022-08-01T10:00:00', 'recordTicketReturnVisit(id: $id, satisfaction: VERY_SATISFIED, comment: "地里的水排出去了，排水沟也修好了，感谢！")', 'staff:jl-governor-hotline', 'FOLLOWED_UP'],
      ['2022-08-01T10:10:00', 'closeTicket(id: $id)', 'staff:jl-governor-hotline', 'CLOSED'],
    ];
    let ticket: any;
    for (const [when, mutation, actor, status] of steps) {
      at(when);
      ticket = await step(mutation, ticketId, actor);
      expect(ticket.status).toBe(status);
      const event = await nextEvent(dashboard);
      expect(event).toMatchObject({ to: status, ticket: { number, status, assignee: { name: '刘家馆子镇政府' }, region: { name: '梨树县' } } });
      seen.push(event);
    }
    expect(ticket).toMatchObject({
      reply: { agency: { name: '刘家馆子镇政府' } },
      returnVisit: { satisfaction: 'VERY_SATISFIED', comment: '地里的水排出去了，排水沟也修好了，感谢！' },
    });
    expect(ticket.timeline.map((t: any) => [t.action, t.to, t.agency?.name ?? null])).toEqual([
      ['OPEN', 'SUBMITTED', null],
      ['ACCEPT', 'ACCEPTED', null],
      ['ASSIGN', 'ASSIGNED', '刘家馆子镇政府'],
      ['ACKNOWLEDGE', 'IN_PROGRESS', '刘家馆子镇政府'],
      ['SUBMIT_REPLY', 'REPLY_SUBMITTED', '刘家馆子镇政府'],
      ['APPROVE_REPLY', 'REPLIED', '刘家馆子镇政府'],
      ['RETURN_VISIT', 'FOLLOWED_UP', '刘家馆子镇政府'],
      ['CLOSE', 'CLOSED', '刘家馆子镇政府'],
    ]);
    expect(seen.map((e) => e.action)).toEqual(['OPEN', 'ACCEPT', 'ASSIGN', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE']);
    await dashboard.close();
  });

  it('does not show the Siping dashboard a Changchun ticket, and a dashboard that reconnects resumes after its cursor', async () => {
    at('2022-08-02T09:00:00');
    await hub.ok(`mutation($input: RecordCallInput!) { recordCall(input: $input) { id } }`, {
      input: {
        hotlineId: 'cc-mayor-hotline', seatId: 'cc-mayor-hotline-01', agentHandle: 'agent:cc-001', durationSeconds: 200, callerPhone: '13812345678',
        outcome: 'TICKET_OPENED', ticket: { title: '朝阳区小区停水', content: '停水一天', categoryId: 'water.outage', regionCode: '220104' },
      },
    });
    const resumed = hub.subscribe<{ ticketEvents: TicketEvent }>(EVENTS, { f: { regionCode: '220300' }, after: seen[2]!.cursor });
    const replayed: TicketEvent[] = [];
    for (let i = 0; i < 5; i++) replayed.push(await nextEvent(resumed));
    expect(replayed.map((e) => [e.action, e.cursor])).toEqual(seen.slice(3).map((e) => [e.action, e.cursor]));
    expect(replayed.every((e) => e.ticket.number === number && e.ticket.assignee?.name === '刘家馆子镇政府')).toBe(true);
    await resumed.close();
    const everything = hub.subscribe<{ ticketEvents: TicketEvent }>(EVENTS, { after: seen[7]!.cursor });
    const changchun = await nextEvent(everything);
    expect(changchun).toMatchObject({ action: 'OPEN', ticket: { region: { name: '朝阳区', parent: { name: '长春市' } } } });
    await everything.close();
  });

  it('refuses a malformed cursor on the subscription with a stable code', async () => {
    const bad = hub.subscribe(`subscription { ticketEvents(after: "garbage!") { cursor } }`);
    const result = await bad.next();
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    await bad.close();
  });
});
