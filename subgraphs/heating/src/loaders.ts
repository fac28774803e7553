import DataLoader from 'dataloader';
import { and, asc, desc, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { appealFactsLoader, byKey, groupByKey, orderLoaders, rowsOf, type Executor } from '@civicgraph/platform';
import {
  companyStandards,
  heatingOrders,
  measures,
  readings,
  type CompanyStandardRow,
  type HeatingOrderRow,
  type MeasureRow,
  type OrderTransitionRow,
  type ReadingRow,
} from './db/tables.ts';
import { HEATING_ORDERS } from './domain/heating-orders.ts';
import { DEFAULT_ROOM_STANDARD_C } from './domain/standards.ts';

const asList = (keys: readonly string[]) => sql.join(keys.map((k) => sql`${k}`), sql`, `);

/** Per-request loaders: one SQL statement per kind of thing, however many are asked for. */
export function createLoaders(db: Executor) {
  /** Latest reading per order, optionally only among readings with a room temperature: one DISTINCT ON. */
  const latestReadings = (roomOnly: boolean) =>
    new DataLoader<string, ReadingRow | null>(async (orderIds) => {
      const rows = await db
        .selectDistinctOn([readings.orderId])
        .from(readings)
        .where(and(inArray(readings.orderId, [...orderIds]), roomOnly ? isNotNull(readings.roomC) : undefined))
        .orderBy(readings.orderId, desc(readings.takenAt), desc(readings.id));
      return byKey(orderIds, rows, (r) => r.orderId);
    });

  const orders = orderLoaders<HeatingOrderRow, OrderTransitionRow>(db, HEATING_ORDERS);
  return {
    /** Access facts of the appeals this subgraph's records answer (their `message`, `ticket`, `clue`). */
    appealFacts: appealFactsLoader(db),
    orderById: orders.byId,
    /** Keyed by appeal id, whatever the channel. */
    ordersByAppeal: orders.byAppeal,
    readingsByOrder: new DataLoader<string, ReadingRow[]>(async (ids) => {
      const rows = await db
        .select()
        .from(readings)
        .where(inArray(readings.orderId, [...ids]))
        .orderBy(asc(readings.takenAt), asc(readings.id));
      return groupByKey(ids, rows, (r) => r.orderId);
    }),
    measuresByOrder: new DataLoader<string, MeasureRow[]>(async (ids) => {
      const rows = await db
        .select()
        .from(measures)
        .where(inArray(measures.orderId, [...ids]))
        .orderBy(asc(measures.takenAt), asc(measures.id));
      return groupByKey(ids, rows, (r) => r.orderId);
    }),
    timelineByOrder: orders.timeline,
    latestReadingByOrder: latestReadings(false),
    latestRoomReadingByOrder: latestReadings(true),
    standardByCompany: new DataLoader<string, CompanyStandardRow | null>(async (companyIds) => {
      const rows = await db.select().from(companyStandards).where(inArray(companyStandards.companyId, [...companyIds]));
      return byKey(companyIds, rows, (r) => r.companyId);
    }),
    /** A company's orders that are not RESOLVED (UNRESOLVED ones are still open: the home is still cold). */
    openOrdersByCompany: new DataLoader<string, HeatingOrderRow[]>(async (companyIds) => {
      const rows = await db
        .select()
        .from(heatingOrders)
        .where(and(inArray(heatingOrders.companyId, [...companyIds]), ne(heatingOrders.status, 'RESOLVED')))
        .orderBy(asc(heatingOrders.createdAt), asc(heatingOrders.id));
      return groupByKey(companyIds, rows, (r) => r.companyId);
    }),
    /** How many of a company's open orders have a latest room reading below the company's standard. */
    roomsBelowStandardByCompany: new DataLoader<string, number>(async (companyIds) => {
      const rows = rowsOf<{ company_id: string; below: number | string }>(
        await db.execute(sql`
          select o.company_id, count(*) as below
          from heating.heating_orders o
          join lateral (
            select r.room_c from heating.readings r
            where r.order_id = o.id and r.room_c is not null
            order by r.taken_at desc, r.id desc limit 1
          ) latest on true
          left join heating.company_standards s on s.company_id = o.company_id
          where o.company_id in (${asList(companyIds)}) and o.status <> 'RESOLVED'
            and latest.room_c < coalesce(s.room_min_c, ${DEFAULT_ROOM_STANDARD_C})
          group by o.company_id`),
      );
      return byKey(companyIds, rows, (r) => r.company_id).map((r) => Number(r?.below ?? 0));
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
