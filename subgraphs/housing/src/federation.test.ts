import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { subgraph as board } from '@civicgraph/board';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { startBoard } from '@civicgraph/board/testing';

let sg: TestSubgraph;
let appealIds: string[];
const orderOf = new Map<string, string>();

/** 100 board messages, each answered by a work order (the first also by a second one, started). */
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies, board], now: new Date('2022-09-01T09:00:00+08:00') });
  const appeals = await startBoard(sg.services);
  appealIds = await appeals.post(100);
  await appeals.stop();
  const creates = appealIds.map((id, i) => `w${i}: createWorkOrder(input: { appealChannel: BOARD, appealId: "${id}",
    responsibleAgencyId: "th-housing", title: "人行道${i}", regionCode: "220502", location: "育红小学",
    plannedStart: "2022-09-05", plannedEnd: "2022-09-20" }) { id number }`);
  const created = await sg.query(`mutation { ${creates.join('\n')} }`);
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  appealIds.forEach((id, i) => orderOf.set(id, created.data![`w${i}`].number));
  sg.services.clock.advance(3_600_000);
  const second = await sg.query(`mutation { w: createWorkOrder(input: { appealChannel: BOARD, appealId: "${appealIds[0]}",
    responsibleAgencyId: "th-housing", executingAgencyId: "th-municipal-eng", title: "补充工程", regionCode: "220502",
    location: "育红小学", plannedStart: "2022-08-20", plannedEnd: "2022-08-31" }) { id } }`);
  const started = await sg.query('mutation($id: ID!) { startWorkOrder(id: $id, actualStart: "2022-08-20") { status } }', { id: second.data!.w.id });
  expect(started.data).toEqual({ startWorkOrder: { status: 'IN_PROGRESS' } });
});
afterAll(() => sg?.stop());

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Message { id workOrders { number status plannedDays actualDays responsibleAgency { id } executingUnit { id } timeline { action } } }
  ... on Ticket { id workOrders { number } }
  ... on Clue { id workOrders { number } }
  ... on Case { id workOrders { number timeline { action } } }
} }`;

/** Runs the query and returns its data and how many SQL statements it cost. */
async function measured(representations: Record<string, string>[]) {
  const before = sg.services.database.statementCount();
  const response = await sg.query(ENTITIES, { reps: representations });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return { entities: response.data!._entities as any[], statements: sg.services.database.statementCount() - before };
}

describe('appeals of every channel show the work orders answering them', () => {
  it('resolves 100 Message references with their work orders for the same statements as 10', async () => {
    const ten = await measured(appealIds.slice(0, 10).map((id) => ({ __typename: 'Message', id })));
    const hundred = await measured(appealIds.map((id) => ({ __typename: 'Message', id })));
    expect(hundred.statements).toBe(ten.statements);
    // One statement for the orders of every appeal, one for the timelines of every order, one for the
    // directory's check of the agencies they reference.
    expect(hundred.statements).toBe(3);
    expect(hundred.entities).toHaveLength(100);
    hundred.entities.forEach((message, i) => {
      expect(message.id).toBe(appealIds[i]);
      expect(message.workOrders[0]).toMatchObject({ number: orderOf.get(appealIds[i]!), status: 'PLANNED', plannedDays: 16, actualDays: null, responsibleAgency: { id: 'th-housing' } });
    });
    expect(hundred.entities[0].workOrders).toHaveLength(2);
    expect(hundred.entities[0].workOrders[1]).toMatchObject({ status: 'IN_PROGRESS', executingUnit: { id: 'th-municipal-eng' }, timeline: [{ action: 'CREATE' }, { action: 'START' }] });
    expect(hundred.entities.slice(1).every((m) => m.workOrders.length === 1)).toBe(true);
  });

  it('answers Ticket, Clue and Case references in the same batch; unknown and malformed ids have none', async () => {
    const result = await measured([
      { __typename: 'Case', id: appealIds[0]! },
      { __typename: 'Ticket', id: '00000000-0000-4000-8000-000000000000' },
      { __typename: 'Clue', id: 'not-a-uuid' },
      { __typename: 'Message', id: appealIds[5]! },
    ]);
    expect(result.statements).toBe(3);
    expect(result.entities[0]).toMatchObject({ id: appealIds[0], workOrders: [{ number: orderOf.get(appealIds[0]!) }, { timeline: [{ action: 'CREATE' }, { action: 'START' }] }] });
    expect(result.entities[1]).toEqual({ id: '00000000-0000-4000-8000-000000000000', workOrders: [] });
    expect(result.entities[2]).toEqual({ id: 'not-a-uuid', workOrders: [] });
    expect(result.entities[3].workOrders.map((w: any) => w.number)).toEqual([orderOf.get(appealIds[5]!)]);
  });

  it('resolves WorkOrder references in one statement, and lists a page of orders for a fixed number of statements', async () => {
    const list = async (first: number) => {
      const before = sg.services.database.statementCount();
      const response = await sg.query(`query($first: Int) { workOrders(first: $first) { totalCount edges { node { number message { id } timeline { action } } } } }`, { first });
      return { data: response.data!.workOrders, statements: sg.services.database.statementCount() - before };
    };
    const [small, large] = [await list(5), await list(100)];
    expect(large.data.totalCount).toBe(101);
    expect(large.data.edges).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
    const ids = (await sg.query('{ workOrders(first: 3) { edges { node { id number } } } }')).data!.workOrders.edges.map((e: any) => e.node);
    const before = sg.services.database.statementCount();
    const refs = await sg.query('query($reps: [_Any!]!) { _entities(representations: $reps) { ... on WorkOrder { number } } }', {
      reps: ids.map((n: any) => ({ __typename: 'WorkOrder', id: n.id })),
    });
    expect(sg.services.database.statementCount() - before).toBe(1);
    expect(refs.data!._entities.map((e: any) => e.number)).toEqual(ids.map((n: any) => n.number));
  });
});
