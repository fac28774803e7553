import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.ts';
import { byKey, groupByKey, sequencedRowsLoader } from '../loaders.ts';
import { isUuid } from '../validation.ts';
import type { OrderRow, OrderSpec } from './kit.ts';

/**
 * A department's per-request loaders for its orders: by id, by the appeal they answer (keyed by
 * appeal id whatever the channel: appeal ids are unique across channels) and their timelines. One
 * statement per kind, however many are asked for.
 */
export function orderLoaders<Row extends OrderRow, TimelineRow extends { sequence: number }>(db: Executor, spec: OrderSpec<Row, string>) {
  const { table } = spec;
  return {
    byId: new DataLoader<string, Row | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length ? ((await db.select().from(table as PgTable).where(inArray(table.id, valid))) as Row[]) : [];
      return byKey(ids, rows, (r) => r.id);
    }),
    byAppeal: new DataLoader<string, Row[]>(async (appealIds) => {
      const valid = appealIds.filter(isUuid);
      const rows = valid.length
        ? ((await db.select().from(table as PgTable).where(inArray(table.appealId, valid)).orderBy(asc(table.createdAt), asc(table.id))) as Row[])
        : [];
      return groupByKey(appealIds, rows, (r) => r.appealId);
    }),
    timeline: sequencedRowsLoader<TimelineRow>(db, spec.timeline.table, spec.timeline.orderKey),
  };
}
