import { and, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.ts';
import { keysetPageOf, type Page } from '../pagination.ts';
import { regionSubtree } from '../regions.ts';
import { isUuid } from '../validation.ts';

/** The filters every list of department orders offers, beside its own (the agencies it names). */
export interface OrderListFilter<Status extends string = string> {
  status?: Status[] | null;
  /** Orders in this region or any region below it. */
  regionCode?: string | null;
  /** Orders answering this appeal. */
  appealId?: string | null;
}

export type OrderListTable = PgTable & { id: PgColumn; status: PgColumn; regionCode: PgColumn; appealId: PgColumn; createdAt: PgColumn };

/**
 * Newest first, keyset-paginated on (createdAt, id): stable while new orders arrive. `where` are the
 * department's own conditions and the caller's row scope, ANDed into the page and the total.
 */
export function orderPage<T extends OrderListTable>(
  db: Executor,
  table: T,
  filter: OrderListFilter,
  where: readonly (SQL | undefined)[],
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<T['$inferSelect']>> {
  const page = { first, after, at: table.createdAt, id: table.id, key: (row: T['$inferSelect']) => ({ at: row.createdAt as Date, id: row.id as string }), isId: isUuid };
  // An appeal id that is not a UUID answers nothing; it must not reach the uuid column.
  if (filter.appealId && !isUuid(filter.appealId)) return keysetPageOf(db, table, { ...page, filtered: sql`false` });
  const conditions = [...where];
  if (filter.status?.length) conditions.push(inArray(table.status, filter.status));
  if (filter.regionCode) conditions.push(like(table.regionCode, regionSubtree(filter.regionCode, 'filter.regionCode')));
  if (filter.appealId) conditions.push(eq(table.appealId, filter.appealId));
  const all = conditions.filter((c): c is SQL => c !== undefined);
  return keysetPageOf(db, table, { ...page, filtered: all.length ? and(...all) : undefined });
}
