import { and, count, desc, eq, inArray, like, lt, or, type SQL } from 'drizzle-orm';
import {
  decodeCursor,
  encodeCursor,
  invalidInput,
  isRegionCode,
  pageSize,
  regionPrefix,
  type Executor,
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

export interface HeatingOrderPage {
  edges: { cursor: string; node: HeatingOrderRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const cursorOf = (row: HeatingOrderRow) => encodeCursor([row.createdAt.toISOString(), row.id]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Newest first, keyset-paginated on (createdAt, id): stable while new orders arrive. */
export async function listHeatingOrders(
  db: Executor,
  filter: HeatingOrderFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<HeatingOrderPage> {
  const size = pageSize(first);
  if (filter.appealId && !UUID.test(filter.appealId)) {
    return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
  }
  const where = conditions(filter);
  const filtered = where.length ? and(...where) : undefined;
  let pageWhere = filtered;
  if (after) {
    const [createdAt, id] = decodeCursor(after, ['string', 'string'] as const);
    const at = new Date(createdAt);
    if (Number.isNaN(at.getTime()) || !UUID.test(id)) throw invalidInput('after', 'cursor is malformed');
    pageWhere = and(filtered, or(lt(heatingOrders.createdAt, at), and(eq(heatingOrders.createdAt, at), lt(heatingOrders.id, id))));
  }
  const rows = await db
    .select()
    .from(heatingOrders)
    .where(pageWhere)
    .orderBy(desc(heatingOrders.createdAt), desc(heatingOrders.id))
    .limit(size + 1);
  const [total] = await db.select({ n: count() }).from(heatingOrders).where(filtered);
  const page = rows.slice(0, size);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? cursorOf(page[page.length - 1]!) : null },
    totalCount: Number(total?.n ?? 0),
  };
}
