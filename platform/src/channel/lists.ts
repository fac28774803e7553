import { and, eq, gte, inArray, like, lte, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.ts';
import type { AppealStatus } from '../lifecycle.ts';
import { checkRange, keysetPageOf, type Page } from '../pagination.ts';
import { regionSubtree } from '../regions.ts';
import { isUuid } from '../validation.ts';

/** The filters every list of appeals offers (each channel's and the case ledger's), beside its own. */
export interface AppealListFilter {
  status?: AppealStatus[] | null;
  assigneeId?: string | null;
  /** The region with every region below it. */
  regionCode?: string | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
}

/** A table of appeals, as far as those filters and the list's order need it. */
export type AppealListTable = PgTable & { id: PgColumn; status: PgColumn; assigneeId: PgColumn; regionCode: PgColumn; submittedAt: PgColumn };

/** The shared filters as where-conditions on the table (a range that ends before it starts is refused). */
export function appealListConditions(table: AppealListTable, filter: AppealListFilter): SQL[] {
  checkRange(filter.submittedFrom, filter.submittedTo, 'filter.submittedTo');
  const where: SQL[] = [];
  if (filter.status?.length) where.push(inArray(table.status, filter.status));
  if (filter.assigneeId) where.push(eq(table.assigneeId, filter.assigneeId));
  if (filter.regionCode) where.push(like(table.regionCode, regionSubtree(filter.regionCode, 'filter.regionCode')));
  if (filter.submittedFrom) where.push(gte(table.submittedAt, filter.submittedFrom));
  if (filter.submittedTo) where.push(lte(table.submittedAt, filter.submittedTo));
  return where;
}

/**
 * One page of appeals matching every condition (the filter's and the caller's scope), newest first,
 * keyset-paginated on (submittedAt, id): stable while new appeals arrive.
 */
export function appealPage<T extends AppealListTable>(
  db: Executor,
  table: T,
  where: readonly (SQL | undefined)[],
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<T['$inferSelect']>> {
  const conditions = where.filter((w): w is SQL => w !== undefined);
  return keysetPageOf(db, table, {
    first,
    after,
    at: table.submittedAt,
    id: table.id,
    key: (row) => ({ at: row.submittedAt as Date, id: row.id as string }),
    filtered: conditions.length ? and(...conditions) : undefined,
    isId: isUuid,
  });
}
