import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { weekOf } from './domain/digest.ts';
import { subgraph } from './server.ts';
import { hotlineClient } from './test-support.ts';

/*
 * A small controlled data set around the week of Monday 2022-11-07 to Sunday 2022-11-13 (CST),
 * written through the API in time order with the clock following along.
 */

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-10-31T08:00:00+08:00') });
});
afterAll(() => sg?.stop());

const { act, open } = hotlineClient(() => sg);
const at = (cst: string) => sg.services.clock.set(new Date(`${cst}+08:00`));
const MAYOR = { hotlineId: 'cc-mayor-hotline', seatId: 'cc-mayor-hotline-01' };

const DIGEST = `query($w: Date!, $h: ID) { digest(week: $w, hotlineId: $h) {
  weekStart weekEnd hotline { id } totalTickets previousWeekTotal
  topCategories { category { id } count previousWeekCount change changeRate tickets { number } }
  repeatedComplaints { category { id } region { code } count tickets { number } }
  hardCases { reasons overdueSince reopenedAt ticket { number status } } } }`;
const digest = async (week: string, hotlineId?: string) => {
  const response = await sg.query(DIGEST, { w: week, h: hotlineId });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.digest;
};

const opened: Record<string, string> = {};
/** Opens a ticket at a CST time and remembers its number under `name`. */
async function ticket(name: string, when: string, categoryId: string, regionCode: string, call: Record<string, unknown> = {}) {
  at(when);
  const t = await open(call, { categoryId, regionCode, title: name });
  opened[name] = t.number;
  return t.id as string;
}
const numbers = (...names: string[]) => names.map((n) => ({ number: opened[n] }));

describe('the People’s Voice Digest', () => {
  it('finds the Monday-to-Sunday week (CST) of any day', () => {
    expect(weekOf('2022-11-09')).toMatchObject({ weekStart: '2022-11-07', weekEnd: '2022-11-13', from: new Date('2022-11-07T00:00:00+08:00') });
    expect(weekOf('2022-11-13').weekStart).toBe('2022-11-07');
    expect(weekOf('2022-11-07').weekStart).toBe('2022-11-07');
    expect(weekOf('2023-01-01')).toMatchObject({ weekStart: '2022-12-26', weekEnd: '2023-01-01' });
  });

  it('counts categories with their change, repeated complaints and hard cases, linking each to its tickets', async () => {
    // The week before.
    await ticket('P1', '2022-11-01T10:00:00', 'heating.room-temperature', '220104');
    await ticket('P2', '2022-11-02T10:00:00', 'heating.room-temperature', '220104');
    const h1 = await ticket('H1', '2022-11-02T09:00:00', 'labour.unpaid-wages', '220102');
    await act('acceptTicket(id: $id)', { id: h1 });
    await act('assignTicket(id: $id, dueAt: $d)', { id: h1, d: '2022-11-09T17:00:00+08:00' });
    await act('acknowledgeTicket(id: $id)', { id: h1 });
    const h2 = await ticket('H2', '2022-11-02T09:30:00', 'labour.unpaid-wages', '220103');
    await act('acceptTicket(id: $id)', { id: h2 });
    await act('assignTicket(id: $id, dueAt: $d)', { id: h2, d: '2022-11-08T17:00:00+08:00' });
    await act('acknowledgeTicket(id: $id)', { id: h2 });
    const h3 = await ticket('H3', '2022-11-03T09:00:00', 'labour.unpaid-wages', '220102');
    await act('acceptTicket(id: $id)', { id: h3 });
    await act('assignTicket(id: $id, dueAt: $d)', { id: h3, d: '2022-11-10T17:00:00+08:00' });
    await act('acknowledgeTicket(id: $id)', { id: h3 });
    await ticket('P3', '2022-11-03T10:00:00', 'water.outage', '220102');
    await ticket('P4', '2022-11-06T23:59:00', 'water.outage', '220102');

    // The week itself.
    await ticket('T1', '2022-11-07T00:00:30', 'heating.room-temperature', '220104');
    await ticket('T8', '2022-11-08T09:00:00', 'heating.room-temperature', '220104', MAYOR);
    await ticket('T2', '2022-11-08T10:00:00', 'heating.room-temperature', '220104');
    at('2022-11-09T09:00:00');
    await act('submitTicketReply(id: $id, content: "已督促企业支付")', { id: h3 });
    await act('approveTicketReply(id: $id)', { id: h3 });
    await ticket('T3', '2022-11-09T10:00:00', 'heating.room-temperature', '220104');
    // Mid-week, only the deadline that has already passed is a hard case.
    at('2022-11-09T12:00:00');
    expect((await digest('2022-11-09')).hardCases).toEqual([
      { reasons: ['OVERDUE'], overdueSince: '2022-11-08T09:00:00.000Z', reopenedAt: null, ticket: { number: opened.H2, status: 'IN_PROGRESS' } },
    ]);
    at('2022-11-09T13:00:00');
    await act('submitTicketReply(id: $id, content: "已协调支付工资")', { id: h2 });
    await act('approveTicketReply(id: $id)', { id: h2 });
    await act('recordTicketReturnVisit(id: $id, satisfaction: $s)', { id: h2, s: 'DISSATISFIED' });
    await ticket('T4', '2022-11-10T08:00:00', 'heating.room-temperature', '220105');
    at('2022-11-10T09:00:00');
    await act('reopenTicket(id: $id, reason: "工资仍未到账")', { id: h2 });
    await ticket('T5', '2022-11-11T10:00:00', 'water.outage', '220102');
    await ticket('T6', '2022-11-12T10:00:00', 'transport.parking', '220102');
    await ticket('T7', '2022-11-13T23:59:00', 'transport.parking', '220102');
    // The week after.
    await ticket('N1', '2022-11-14T00:00:30', 'transport.parking', '220102');
    at('2022-11-20T12:00:00');

    expect(await digest('2022-11-09')).toEqual({
      weekStart: '2022-11-07',
      weekEnd: '2022-11-13',
      hotline: null,
      totalTickets: 8,
      previousWeekTotal: 7,
      topCategories: [
        { category: { id: 'heating.room-temperature' }, count: 5, previousWeekCount: 2, change: 3, changeRate: 1.5, tickets: numbers('T1', 'T8', 'T2', 'T3', 'T4') },
        { category: { id: 'transport.parking' }, count: 2, previousWeekCount: 0, change: 2, changeRate: null, tickets: numbers('T6', 'T7') },
        { category: { id: 'water.outage' }, count: 1, previousWeekCount: 2, change: -1, changeRate: -0.5, tickets: numbers('T5') },
      ],
      repeatedComplaints: [
        { category: { id: 'heating.room-temperature' }, region: { code: '220104' }, count: 4, tickets: numbers('T1', 'T8', 'T2', 'T3') },
        { category: { id: 'transport.parking' }, region: { code: '220102' }, count: 2, tickets: numbers('T6', 'T7') },
      ],
      hardCases: [
        { reasons: ['OVERDUE', 'REOPENED'], overdueSince: '2022-11-08T09:00:00.000Z', reopenedAt: '2022-11-10T01:00:00.000Z', ticket: { number: opened.H2, status: 'IN_PROGRESS' } },
        { reasons: ['OVERDUE'], overdueSince: '2022-11-09T09:00:00.000Z', reopenedAt: null, ticket: { number: opened.H1, status: 'IN_PROGRESS' } },
      ],
    });

    const governor = await digest('2022-11-13', 'jl-governor-hotline');
    expect(governor).toMatchObject({ weekStart: '2022-11-07', hotline: { id: 'jl-governor-hotline' }, totalTickets: 7, previousWeekTotal: 7 });
    expect(governor.topCategories[0]).toMatchObject({ count: 4, previousWeekCount: 2, change: 2, changeRate: 1 });
    expect(governor.repeatedComplaints[0]).toMatchObject({ count: 3, tickets: numbers('T1', 'T2', 'T3') });
    expect((await digest('2022-11-09', 'cc-mayor-hotline'))).toMatchObject({ totalTickets: 1, previousWeekTotal: 0, repeatedComplaints: [], hardCases: [] });

    // The week after: N1 only; last week's five heating tickets are its "before".
    const next = await digest('2022-11-14');
    expect(next).toMatchObject({ weekStart: '2022-11-14', totalTickets: 1, previousWeekTotal: 8, hardCases: [] });
  });

  it('costs three statements whatever the volume', async () => {
    const before = sg.services.database.statementCount();
    const response = await sg.query('{ digest(week: "2022-11-09") { totalTickets topCategories { count change } repeatedComplaints { count } hardCases { reasons } } }');
    expect(response.data!.digest.totalTickets).toBe(8);
    expect(sg.services.database.statementCount() - before).toBe(3);
  });

  it.each([
    // The shared Date scalar refuses these before the resolver runs, as GraphQL validation does for any bad literal.
    ['a date that is not a date', '{ digest(week: "2022-13-01") { totalTickets } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a date in another format', '{ digest(week: "09/11/2022") { totalTickets } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown hotline', '{ digest(week: "2022-11-09", hotlineId: "nope") { totalTickets } }', 'NOT_FOUND'],
    ['a top of zero', '{ digest(week: "2022-11-09", top: 0) { totalTickets } }', 'INVALID_INPUT'],
  ])('refuses %s', async (_name, query, code) => {
    expect((await sg.query(query)).errors?.[0]?.extensions?.code).toBe(code);
  });
});
