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

export interface WorkOrderPage {
  edges: { cursor: string; node: WorkOrderRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const cursorOf = (row: WorkOrderRow) => encodeCursor([row.createdAt.toISOString(), row.id]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Newest first, keyset-paginated on (createdAt, id): stable while new orders arrive. */
export async function listWorkOrders(
  db: Executor,
  filter: WorkOrderFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<WorkOrderPage> {
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
    pageWhere = and(filtered, or(lt(workOrders.createdAt, at), and(eq(workOrders.createdAt, at), lt(workOrders.id, id))));
  }
  const rows = await db
    .select()
    .from(workOrders)
    .where(pageWhere)
    .orderBy(desc(workOrders.createdAt), desc(workOrders.id))
    .limit(size + 1);
  const [total] = await db.select({ n: count() }).from(workOrders).where(filtered);
  const page = rows.slice(0, size);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? cursorOf(page[page.length - 1]!) : null },
    totalCount: Number(total?.n ?? 0),
  };
}
