import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import {
  invalidInput,
  isRegionCode,
  isUuid,
  keysetPageOf,
  regionPrefix,
  type Executor,
  type Page,
} from '@civicgraph/platform';
import { workOrders, type WorkOrderRow, type WorkOrderStatus } from '../db/tables.ts';

export interface WorkOrderFilter {
  /** Orders this agency answers for or carries out. */
  agencyId?: string | null;
  status?: WorkOrderStatus[] | null;
  /** Orders in this region or any region below it. */
  regionCode?: string | null;
  appealId?: string | null;
}

function conditions(filter: WorkOrderFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.agencyId) {
    where.push(or(eq(workOrders.responsibleAgencyId, filter.agencyId), eq(workOrders.executingAgencyId, filter.agencyId))!);
  }
  if (filter.status?.length) where.push(inArray(workOrders.status, filter.status));
  if (filter.regionCode) {
    if (!isRegionCode(filter.regionCode)) throw invalidInput('filter.regionCode', 'must be a six-digit administrative code');
    where.push(like(workOrders.regionCode, `${regionPrefix(filter.regionCode)}%`));
  }
  if (filter.appealId) where.push(eq(workOrders.appealId, filter.appealId));
  return where;
}

/** Newest first, keyset-paginated on (createdAt, id): stable while new orders arrive. */
export function listWorkOrders(
  db: Executor,
  filter: WorkOrderFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  /** The caller's row scope (see readableOrders), ANDed into the page and the total. */
  scope?: SQL,
): Promise<Page<WorkOrderRow>> {
  const page = { first, after, at: workOrders.createdAt, id: workOrders.id, key: (row: WorkOrderRow) => ({ at: row.createdAt, id: row.id }), isId: isUuid };
  // An appeal id that is not a UUID answers nothing; it must not reach the uuid column.
  if (filter.appealId && !isUuid(filter.appealId)) return keysetPageOf(db, workOrders, { ...page, filtered: sql`false` });
  const where = conditions(filter);
  if (scope) where.push(scope);
  return keysetPageOf(db, workOrders, { ...page, filtered: where.length ? and(...where) : undefined });
}
