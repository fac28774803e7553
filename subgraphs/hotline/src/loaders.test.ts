import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { fixedClock, type Identity } from '@civicgraph/platform';
import { startTestSubgraph, testIdentity, TEST_ADMIN, type TestSubgraph } from '@civicgraph/platform/testing';
import { recordCall, type RecordCallInput } from './domain/calls.ts';
import { acceptTicket } from './domain/tickets.ts';
import { subgraph } from './server.ts';

let sg: TestSubgraph;
const CATEGORIES = ['water.outage', 'heating.no-heating', 'transport.parking', 'education.enrolment', 'agriculture.subsidies'];

beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-12-01T08:00:00+08:00') });
  // 120 tickets over five categories, two hotlines and several seats, written through the domain directly.
  const clock = fixedClock(new Date('2022-11-01T08:00:00+08:00'));
  const who = { db: sg.services.database.db, clock, actor: 'agent:test' };
  for (let i = 0; i < 120; i++) {
    clock.advance(10 * 60_000);
    const mayor = i % 3 === 0;
    const hotlineId = mayor ? 'cc-mayor-hotline' : 'jl-governor-hotline';
    const input: RecordCallInput = {
      hotlineId,
      seatId: `${hotlineId}-0${1 + (i % 4)}`,
      agentHandle: 'agent:test',
      durationSeconds: 120,
      callerPhone: `139${String(10_000_000 + i)}`,
      outcome: 'TICKET_OPENED',
      ticket: { title: `第${i}件`, content: '内容', categoryId: CATEGORIES[i % CATEGORIES.length]!, regionCode: '220104' },
    };
    const call = await recordCall(who, input);
    if (i % 2 === 0) await acceptTicket(who, call.ticketId!);
  }
});
afterAll(() => sg?.stop());

const PAGE = `query($first: Int) { tickets(first: $first) { totalCount edges { node {
  number hotline { name } category { path parent { name } } region { code } assignee { id }
  call { callerPhone seat { label hotline { phoneNumber } } shift { agentName } }
  calls { outcome } timeline { action agency { id } } returnVisits { satisfaction } mergedInto { number }
} } } }`;

async function statementsFor(first: number, who: Identity = TEST_ADMIN) {
  const before = sg.services.database.statementCount();
  const response = await sg.query(PAGE, { first }, who);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  expect(response.data!.tickets.edges).toHaveLength(first);
  expect(response.data!.tickets.totalCount).toBe(120);
  return { statements: sg.services.database.statementCount() - before, edges: response.data!.tickets.edges };
}

describe('loaders', () => {
  it('costs the same number of SQL statements for a page of 100 tickets as for a page of 10', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred.statements).toBe(ten.statements);
    // Page + total, then one batch each: categories, their domains, calls, seats, hotlines, calls by ticket, timelines, return visits;
    // and the directory's regions and agencies, read once for the references handed to the gateway.
    expect(ten.statements).toBe(11);
    const newest = hundred.edges[0].node;
    expect(newest).toMatchObject({ category: { parent: { name: expect.any(String) } }, call: { callerPhone: '139****0119' }, calls: [{ outcome: 'TICKET_OPENED' }] });
    expect(new Set(hundred.edges.map((e: any) => e.node.category.path)).size).toBe(5);
    expect(hundred.edges.filter((e: any) => e.node.timeline.length === 2)).toHaveLength(50);
  });

  it('stays batched for a hotline agent: their agency tree is read once per request, whatever the page size', async () => {
    // 96118's agents see every unassigned ticket in the province: all 120 here.
    const agent = testIdentity('hotline_agent', { agency: 'jl-governor-hotline' });
    const ten = await statementsFor(10, agent);
    const hundred = await statementsFor(100, agent);
    expect(hundred.statements).toBe(ten.statements);
    expect(ten.statements).toBe(12);
    expect(hundred.edges[0].node.call.callerPhone).toBe('139****0119');
  });
});
