import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { Access, actorName, directoryReferences, rowsOf, type Identity } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { createContext } from './context.ts';
import { subscriptions } from './resolvers/subscriptions.ts';
import { subgraph } from './server.ts';
import { CALLERS, codeOf, everythingWritten, revealRows, seedScenario, WHO, withScopes, type Scenario } from './test-access.ts';
import { hotlineClient } from './test-support.ts';

let sg: TestSubgraph;
let s: Scenario;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
  s = await seedScenario(sg);
});
afterAll(() => sg?.stop());

const { act } = hotlineClient(() => sg);
const ids = (connection: { totalCount: number; edges: { node: { id: string } }[] }) => ({
  total: connection.totalCount,
  ids: connection.edges.map((e) => e.node.id).sort(),
});
const sorted = (...values: string[]) => [...values].sort();

describe('what each caller may read', () => {
  it('lists only the tickets within the caller’s reach', async () => {
    const tickets = async (who: Identity) => ids((await sg.query('{ tickets(first: 50) { totalCount edges { node { id } } } }', {}, who)).data!.tickets);
    expect(await tickets(WHO.dashboard)).toEqual({ total: 3, ids: sorted(s.lishu.id, s.nanguan.id, s.unassigned.id) });
    // ls-county-gov: its town's ticket, and the unassigned one from Lishu county.
    expect(await tickets(WHO.handlerLishu)).toEqual({ total: 2, ids: sorted(s.lishu.id, s.unassigned.id) });
    expect(await tickets(WHO.handlerLiujia)).toEqual({ total: 2, ids: sorted(s.lishu.id, s.unassigned.id) });
    expect(await tickets(WHO.handlerNanguan)).toEqual({ total: 1, ids: [s.nanguan.id] });
    // Hotline agents: unassigned tickets from their region (the province for 96118, Siping for its mayor's
    // line), and those that came in on their office's line, after they were assigned elsewhere too.
    expect(await tickets(WHO.agent96118)).toEqual({ total: 3, ids: sorted(s.lishu.id, s.nanguan.id, s.unassigned.id) });
    expect(await tickets(WHO.agentGovOffice)).toEqual({ total: 3, ids: sorted(s.lishu.id, s.nanguan.id, s.unassigned.id) });
    expect(await tickets(WHO.agentSiping)).toEqual({ total: 1, ids: [s.unassigned.id] });
    expect(await tickets(WHO.citizen)).toEqual({ total: 0, ids: [] });
    expect(await tickets(WHO.anonymous)).toEqual({ total: 0, ids: [] });
  });

  it('lists calls with their ticket’s reach, and ticketless calls to the office running the line', async () => {
    const calls = async (who: Identity) => ids((await sg.query('{ calls(first: 50) { totalCount edges { node { id } } } }', {}, who)).data!.calls);
    expect((await calls(WHO.supervisor)).total).toBe(5);
    expect(await calls(WHO.handlerLishu)).toEqual({ total: 2, ids: sorted(s.lishu.callId, s.unassigned.callId) });
    const on96118 = sorted(s.lishu.callId, s.nanguan.callId, s.unassigned.callId, s.infoCallId);
    expect(await calls(WHO.agent96118)).toEqual({ total: 4, ids: on96118 });
    expect(await calls(WHO.agentGovOffice)).toEqual({ total: 4, ids: on96118 });
    expect(await calls(WHO.agentSiping)).toEqual({ total: 2, ids: sorted(s.unassigned.callId, s.sipingCallId) });
    expect(await calls(WHO.citizen)).toEqual({ total: 0, ids: [] });
  });

  it('answers null for a ticket or call outside the caller’s reach, by id, by number, nested and by reference', async () => {
    const q = `query($t: ID!, $n: String!, $c: ID!, $reps: [_Any!]!) { ticket(id: $t) { id } ticketByNumber(number: $n) { id }
      call(id: $c) { id ticket { id } } _entities(representations: $reps) { ... on Ticket { id } } }`;
    const vars = { t: s.nanguan.id, n: s.nanguan.number, c: s.nanguan.callId, reps: [{ __typename: 'Ticket', id: s.nanguan.id }] };
    const outside = await sg.query(q, vars, WHO.handlerLishu);
    expect(outside.data).toEqual({ ticket: null, ticketByNumber: null, call: null, _entities: [null] });
    const inside = await sg.query(q, vars, WHO.handlerNanguan);
    expect(inside.data).toEqual({
      ticket: { id: s.nanguan.id }, ticketByNumber: { id: s.nanguan.id }, call: { id: s.nanguan.callId, ticket: { id: s.nanguan.id } }, _entities: [{ id: s.nanguan.id }],
    });
  });

  it('shows rosters only to the office running the line', async () => {
    await sg.query(`mutation { scheduleShift(input: { seatId: "jl-governor-hotline-02", agentHandle: "agent:96118-02", agentName: "李敏",
      startsAt: "2022-09-26T08:00:00+08:00", endsAt: "2022-09-26T16:00:00+08:00" }) { id } }`);
    const q = `{ shifts(hotlineId: "jl-governor-hotline", from: "2022-09-26T00:00:00+08:00", to: "2022-09-27T00:00:00+08:00") { agentName }
      hotline(id: "jl-governor-hotline") { seats { shifts(from: "2022-09-26T00:00:00+08:00", to: "2022-09-27T00:00:00+08:00") { agentName } } } }`;
    const roster = async (who: Identity) => {
      const data = (await sg.query(q, {}, who)).data!;
      return [data.shifts.length, data.hotline.seats.flatMap((seat: { shifts: unknown[] }) => seat.shifts).length];
    };
    expect(await roster(WHO.agent96118)).toEqual([1, 1]);
    expect(await roster(WHO.agentGovOffice)).toEqual([1, 1]);
    expect(await roster(WHO.agentSiping)).toEqual([0, 0]);
    expect(await roster(WHO.citizen)).toEqual([0, 0]);
  });

  it('masks the caller’s phone and name for every role that may see the call', async () => {
    const q = `{ call(id: "${s.lishu.callId}") { callerPhone callerName } ticket(id: "${s.lishu.id}") { call { callerPhone callerName } calls { callerPhone callerName } } }`;
    const masked = { callerPhone: CALLERS.lishu.masked.phone, callerName: CALLERS.lishu.masked.name };
    const seeing = [WHO.admin, WHO.supervisor, WHO.dashboard, WHO.integrator, WHO.handlerLishu, WHO.handlerLiujia, WHO.reviewerLishu, WHO.agent96118];
    for (const who of seeing) {
      expect((await sg.query(q, {}, who)).data).toEqual({ call: masked, ticket: { call: masked, calls: [masked] } });
    }
    for (const who of [WHO.citizen, WHO.anonymous, WHO.agentSiping, WHO.handlerNanguan]) {
      expect((await sg.query(q, {}, who)).data).toEqual({ call: null, ticket: null });
    }
  });
});

describe('revealing a caller', () => {
  const reveal = (callId: string, who: Identity, reason = '回访需要联系来电人核实情况') =>
    sg.query(`mutation($c: ID!, $r: String!) { revealCaller(callId: $c, reason: $r) { recordType recordId name phone address } }`, { c: callId, r: reason }, who);

  it('gives the full number and name to an allowed role and writes exactly one audit row each time', async () => {
    const before = (await revealRows(sg)).length;
    expect((await reveal(s.infoCallId, WHO.agent96118)).data!.revealCaller).toEqual({
      recordType: 'Call', recordId: s.infoCallId, name: CALLERS.info.name, phone: CALLERS.info.phone, address: null,
    });
    // A ticket's call: the ticket's reach (the handling town), not the hotline's.
    expect((await reveal(s.lishu.callId, WHO.handlerLiujia, '约定现场查看时间')).data!.revealCaller.phone).toBe(CALLERS.lishu.phone);
    // The office above the one running 96118 may call back 96118's callers.
    expect((await reveal(s.infoCallId, WHO.agentGovOffice)).data!.revealCaller.name).toBe(CALLERS.info.name);
    // 96118 received the Lishu ticket and assigned it to the town: it still calls back for the return visit.
    expect((await reveal(s.lishu.callId, WHO.agent96118, '回访来电人')).data!.revealCaller.phone).toBe(CALLERS.lishu.phone);
    const rows = (await revealRows(sg)).slice(before);
    expect(rows).toEqual([
      { subject: 'hotline_agent:jl-governor-hotline', agency_id: 'jl-governor-hotline', roles: ['hotline_agent'], subgraph: 'hotline', record_type: 'Call',
        record_id: s.infoCallId, fields: ['callerPhone', 'callerName'], reason: '回访需要联系来电人核实情况' },
      { subject: 'handler:ls-liujiaguanzi', agency_id: 'ls-liujiaguanzi', roles: ['handler'], subgraph: 'hotline', record_type: 'Call',
        record_id: s.lishu.callId, fields: ['callerPhone', 'callerName'], reason: '约定现场查看时间' },
      { subject: 'hotline_agent:jl-gov-office', agency_id: 'jl-gov-office', roles: ['hotline_agent'], subgraph: 'hotline', record_type: 'Call',
        record_id: s.infoCallId, fields: ['callerPhone', 'callerName'], reason: '回访需要联系来电人核实情况' },
      { subject: 'hotline_agent:jl-governor-hotline', agency_id: 'jl-governor-hotline', roles: ['hotline_agent'], subgraph: 'hotline', record_type: 'Call',
        record_id: s.lishu.callId, fields: ['callerPhone', 'callerName'], reason: '回访来电人' },
    ]);
  });

  it.each([
    ['an agent of another hotline', () => s.infoCallId, WHO.agentSiping, undefined, 'FORBIDDEN'],
    ['a handler of another agency', () => s.lishu.callId, WHO.handlerNanguan, undefined, 'FORBIDDEN'],
    ['a reviewer (not a revealing role)', () => s.lishu.callId, withScopes(WHO.reviewerLishu, 'personal-data:reveal'), undefined, 'FORBIDDEN'],
    ['a dashboard', () => s.infoCallId, WHO.dashboard, undefined, 'FORBIDDEN'],
    ['a handler whose token lacks the scope', () => s.lishu.callId, { ...WHO.handlerLiujia, scopes: ['appeals:read', 'appeals:write'] }, undefined, 'FORBIDDEN'],
    ['a reason too short', () => s.infoCallId, WHO.agent96118, '回访', 'INVALID_INPUT'],
    ['an anonymous caller', () => s.infoCallId, WHO.anonymous, undefined, 'UNAUTHENTICATED'],
    ['a call that does not exist', () => '00000000-0000-4000-8000-000000000000', WHO.admin, undefined, 'NOT_FOUND'],
  ])('refuses %s and writes no audit row', async (_name, callId, who, reason, code) => {
    const before = await everythingWritten(sg);
    const response = await reveal(callId(), who as Identity, reason);
    expect(codeOf(response)).toBe(code);
    expect(response.data).toBeNull();
    expect(await everythingWritten(sg)).toEqual(before);
  });
});

describe('the weekly digest', () => {
  const DIGEST = '{ digest(week: "2022-09-26") { totalTickets topCategories { tickets { id } } repeatedComplaints { tickets { id } } } }';
  const linked = (d: { topCategories: { tickets: { id: string }[] }[] }) => d.topCategories.flatMap((c) => c.tickets.map((t) => t.id)).sort();

  it('goes to the roles that see every agency and to hotline agents, its linked tickets limited to their reach', async () => {
    const all = (await sg.query(DIGEST, {}, WHO.dashboard)).data!.digest;
    expect(all.totalTickets).toBeGreaterThanOrEqual(3);
    expect(linked(all)).toEqual(sorted(s.lishu.id, s.nanguan.id, s.unassigned.id));
    const visible = async (who: Identity) =>
      (await sg.query('{ tickets(first: 50) { edges { node { id } } } }', {}, who)).data!.tickets.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    // 96118's agents took every scenario ticket's call; Siping's reach only the unassigned one from its region.
    for (const [who, expected] of [[WHO.agent96118, linked(all)], [WHO.agentSiping, [s.unassigned.id]]] as const) {
      const agent = (await sg.query(DIGEST, {}, who)).data!.digest;
      expect(agent.totalTickets).toBe(all.totalTickets);
      expect(linked(agent)).toEqual(expected);
      expect(linked(agent)).toEqual(await visible(who));
    }
  });

  it.each([
    ['a handler', WHO.handlerLishu, 'FORBIDDEN'],
    ['a citizen', WHO.citizen, 'FORBIDDEN'],
    ['an anonymous caller', WHO.anonymous, 'UNAUTHENTICATED'],
  ])('is refused to %s', async (_name, who, code) => {
    expect(codeOf(await sg.query(DIGEST, {}, who))).toBe(code);
  });
});

describe('ticket events', () => {
  const contextFor = (who: Identity) =>
    createContext({ ...sg.services, identity: who, access: new Access(who, sg.services.database.db), actor: actorName(who), requestId: 'test', directory: directoryReferences(sg.services.database.db) });
  const subscribe = async (who: Identity) =>
    (await subscriptions.ticketEvents.subscribe(null, {}, contextFor(who))) as unknown as AsyncIterableIterator<{ aggregateId: string; payload: { action: string } }>;

  it('needs events:read', async () => {
    await expect(subscribe(WHO.handlerNanguan)).rejects.toMatchObject({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) });
    await expect(subscribe(WHO.anonymous)).rejects.toMatchObject({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('streams to a caller without every agency’s appeals only the tickets within their reach', async () => {
    const staff = await subscribe(withScopes(WHO.handlerNanguan, 'events:read'));
    const all = await subscribe(WHO.dashboard);
    // First a Lishu ticket's step (outside Nanguan's reach), then the Nanguan ticket's.
    await act('acceptTicket(id: $id)', { id: s.unassigned.id });
    await act('acknowledgeTicket(id: $id)', { id: s.nanguan.id });
    const [first, second] = [await all.next(), await staff.next()];
    expect(first.value.aggregateId).toBe(s.unassigned.id);
    expect(second.value.aggregateId).toBe(s.nanguan.id);
    await Promise.all([staff.return!(), all.return!()]);
  });

  it('carries nothing about any caller in any event payload', async () => {
    const events = rowsOf<{ payload: unknown }>(await sg.services.database.db.execute(sql`select payload from events.event_log where source = 'hotline'`));
    expect(events.length).toBe(9); // three steps of two tickets, the opening of a third, and the two steps streamed above
    const log = JSON.stringify(events);
    for (const caller of Object.values(CALLERS)) {
      for (const value of [caller.phone, caller.name, caller.masked.phone, caller.masked.name]) expect(log).not.toContain(value);
    }
  });
});
