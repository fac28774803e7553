import { and, count, desc, eq, gte, inArray, like, lt, lte, or, type SQL } from 'drizzle-orm';
import {
  decodeCursor,
  encodeCursor,
  invalidInput,
  isRegionCode,
  pageSize,
  regionPrefix,
  type AppealStatus,
  type Executor,
} from '@civicgraph/platform';
import { messages, type MessageRow } from '../db/tables.ts';

export interface MessageFilter {
  boardId?: string | null;
  status?: AppealStatus[] | null;
  assigneeId?: string | null;
  regionCode?: string | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
}

export function regionSubtree(regionCode: string, field = 'regionCode'): string {
  if (!isRegionCode(regionCode)) throw invalidInput(field, 'must be a six-digit administrative code');
  return `${regionPrefix(regionCode)}%`;
}

function conditions(filter: MessageFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.boardId) where.push(eq(messages.boardId, filter.boardId));
  if (filter.status?.length) where.push(inArray(messages.status, filter.status));
  if (filter.assigneeId) where.push(eq(messages.assigneeId, filter.assigneeId));
  if (filter.regionCode) where.push(like(messages.regionCode, regionSubtree(filter.regionCode, 'filter.regionCode')));
  if (filter.submittedFrom) where.push(gte(messages.submittedAt, filter.submittedFrom));
  if (filter.submittedTo) where.push(lte(messages.submittedAt, filter.submittedTo));
  if (filter.submittedFrom && filter.submittedTo && filter.submittedFrom > filter.submittedTo) {
    throw invalidInput('filter.submittedTo', 'must not be before submittedFrom');
  }
  return where;
}

export interface MessagePage {
  edges: { cursor: string; node: MessageRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const cursorOf = (row: MessageRow) => encodeCursor([row.submittedAt.toISOString(), row.id]);

/** Newest first, keyset-paginated on (submittedAt, id): stable while new messages arrive. */
export async function listMessages(
  db: Executor,
  filter: MessageFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<MessagePage> {
  const size = pageSize(first);
  const where = conditions(filter);
  const filtered = where.length ? and(...where) : undefined;
  let pageWhere = filtered;
  if (after) {
    const [submittedAt, id] = decodeCursor(after, ['string', 'string'] as const);
    const at = new Date(submittedAt);
    if (Number.isNaN(at.getTime())) throw invalidInput('after', 'cursor is malformed');
    const older = or(lt(messages.submittedAt, at), and(eq(messages.submittedAt, at), lt(messages.id, id)));
    pageWhere = and(filtered, older);
  }
  const rows = await db
    .select()
    .from(messages)
    .where(pageWhere)
    .orderBy(desc(messages.submittedAt), desc(messages.id))
    .limit(size + 1);
  const [total] = await db.select({ n: count() }).from(messages).where(filtered);
  const page = rows.slice(0, size);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? cursorOf(page[page.length - 1]!) : null },
    totalCount: Number(total?.n ?? 0),
  };
}
