import { and, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import {
  invalidInput,
  isRegionCode,
  isUuid,
  keysetPageOf,
  regionPrefix,
  type Executor,
  type Page,
} from '@civicgraph/platform';
import { heatingOrders, type HeatingOrderRow, type HeatingOrderStatus } from '../db/tables.ts';

export interface HeatingOrderFilter {
  /** Orders given to this heating company. */
  companyId?: string | null;
  /** Orders this housing bureau supervises. */
  supervisingAgencyId?: string | null;
  status?: HeatingOrderStatus[] | null;
  /** Orders in this region or any region below it. */
  regionCode?: string | null;
  appealId?: string | null;
}

function conditions(filter: HeatingOrderFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.companyId) where.push(eq(heatingOrders.companyId, filter.companyId));
  if (filter.supervisingAgencyId) where.push(eq(heatingOrders.supervisingAgencyId, filter.supervisingAgencyId));
  if (filter.status?.length) where.push(inArray(heatingOrders.status, filter.status));
  if (filter.regionCode) {
    if (!isRegionCode(filter.regionCode)) throw invalidInput('filter.regionCode', 'must be a six-digit administrative code');
    where.push(like(heatingOrders.regionCode, `${regionPrefix(filter.regionCode)}%`));
  }
  if (filter.appealId) where.push(eq(heatingOrders.appealId, filter.appealId));
  return where;
}

/** Newest first, keyset-paginated on (createdAt, id): stable while new orders arrive. */
export function listHeatingOrders(
  db: Executor,
  filter: HeatingOrderFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  /** The caller's row scope (see readableOrders), ANDed into the page and the total. */
  scope?: SQL,
): Promise<Page<HeatingOrderRow>> {
  const page = { first, after, at: heatingOrders.createdAt, id: heatingOrders.id, key: (row: HeatingOrderRow) => ({ at: row.createdAt, id: row.id }), isId: isUuid };
  // An appeal id that is not a UUID answers nothing; it must not reach the uuid column.
  if (filter.appealId && !isUuid(filter.appealId)) return keysetPageOf(db, heatingOrders, { ...page, filtered: sql`false` });
  const where = conditions(filter);
  if (scope) where.push(scope);
  return keysetPageOf(db, heatingOrders, { ...page, filtered: where.length ? and(...where) : undefined });
}
