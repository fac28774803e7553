import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { subgraph as board } from '@civicgraph/board';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { seedDemoWorkOrders, TONGHUA_MESSAGE_TITLE } from './db/seed.ts';
import { subgraph } from './server.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies, board], now: new Date('2023-03-01T09:00:00+08:00') });
});
afterAll(() => sg?.stop());

const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await sg.services.database.db.execute(query));

describe('demo work orders', () => {
  it('writes nothing, and fails not, while the board has no messages to answer', async () => {
    expect(await seedDemoWorkOrders(sg.services)).toEqual({ story: false, generated: 0 });
    expect(await rows(sql`select * from housing.work_orders`)).toEqual([]);
  });

  it('answers the Tonghua sidewalk message and the other urban-construction messages, consistently', async () => {
    await board.seedDemo!(sg.services);
    const result = await seedDemoWorkOrders(sg.services);
    expect(result.story).toBe(true);
    expect(result.generated).toBeGreaterThanOrEqual(20);

    const [message] = await rows<{ id: string }>(sql`select id from board.messages where title = ${TONGHUA_MESSAGE_TITLE}`);
    const response = await sg.query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Message { workOrders {
      number status responsibleAgency { id } executingUnit { id } plannedStart plannedEnd actualStart actualEnd
      plannedDays actualDays daysAheadOfPlan timeline { action at } } } } }`, { reps: [{ __typename: 'Message', id: message!.id }] });
    expect(response.data!._entities[0].workOrders).toEqual([{
      number: 'WO-2022-000001', status: 'ACCEPTED', responsibleAgency: { id: 'th-housing' }, executingUnit: { id: 'th-municipal-eng' },
      plannedStart: '2022-07-25', plannedEnd: '2022-08-23', actualStart: '2022-07-25', actualEnd: '2022-08-14',
      plannedDays: 30, actualDays: 21, daysAheadOfPlan: 9,
      timeline: [
        { action: 'CREATE', at: '2022-06-30T02:00:00.000Z' }, { action: 'START', at: '2022-07-25T00:00:00.000Z' },
        { action: 'COMPLETE', at: '2022-08-14T09:00:00.000Z' }, { action: 'ACCEPT', at: '2022-08-15T01:00:00.000Z' },
      ],
    }]);

    // Every generated order answers a real 城乡建设 message and is consistent with its own timeline.
    const orders = await rows<{ category: string; version: number; steps: number; events: number; status: string; planned_ok: boolean; actual_ok: boolean | null; numbers: number }>(sql`
      select m.category, w.version, w.status,
        (select count(*)::int from housing.work_order_transitions t where t.work_order_id = w.id) as steps,
        (select count(*)::int from events.event_log e where e.aggregate_id = w.id::text and e.type = 'WorkOrderTransitioned') as events,
        w.planned_start <= w.planned_end as planned_ok,
        case when w.actual_end is null then null else w.actual_start <= w.actual_end end as actual_ok,
        (select count(distinct number)::int from housing.work_orders) as numbers
      from housing.work_orders w join board.messages m on m.id = w.appeal_id`);
    expect(orders).toHaveLength(result.generated + 1);
    expect(new Set(orders.map((o) => o.category))).toEqual(new Set(['城乡建设']));
    expect(orders.every((o) => o.steps === o.version && o.events === o.version && o.planned_ok && o.actual_ok !== false)).toBe(true);
    expect(orders[0]!.numbers).toBe(orders.length);
    expect(new Set(orders.map((o) => o.status)).size).toBeGreaterThanOrEqual(3);
  });

  it('does not seed twice', async () => {
    const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from events.event_log`);
    expect(await seedDemoWorkOrders(sg.services)).toEqual({ story: false, generated: 0 });
    const [after] = await rows<{ n: number }>(sql`select count(*)::int as n from events.event_log`);
    expect(after!.n).toBe(before!.n);
  });
});
