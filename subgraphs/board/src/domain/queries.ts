import { and, eq, gte, inArray, like, lte, type SQL } from 'drizzle-orm';
import {
  checkRange,
  isUuid,
  keysetPageOf,
  regionSubtree,
  type AppealStatus,
  type Executor,
  type Page,
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

function conditions(filter: MessageFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.boardId) where.push(eq(messages.boardId, filter.boardId));
  if (filter.status?.length) where.push(inArray(messages.status, filter.status));
  if (filter.assigneeId) where.push(eq(messages.assigneeId, filter.assigneeId));
  if (filter.regionCode) where.push(like(messages.regionCode, regionSubtree(filter.regionCode, 'filter.regionCode')));
  if (filter.submittedFrom) where.push(gte(messages.submittedAt, filter.submittedFrom));
  if (filter.submittedTo) where.push(lte(messages.submittedAt, filter.submittedTo));
  checkRange(filter.submittedFrom, filter.submittedTo, 'filter.submittedTo');
  return where;
}

/**
 * Newest first, keyset-paginated on (submittedAt, id): stable while new messages arrive.
 * `visibleTo` is the caller's row scope (access.ts), ANDed with the filter; undefined = everything.
 */
export function listMessages(
  db: Executor,
  filter: MessageFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  visibleTo: SQL | undefined,
): Promise<Page<MessageRow>> {
  const where = conditions(filter);
  if (visibleTo) where.push(visibleTo);
  return keysetPageOf(db, messages, {
    first,
    after,
    at: messages.submittedAt,
    id: messages.id,
    key: (row) => ({ at: row.submittedAt, id: row.id }),
    filtered: where.length ? and(...where) : undefined,
    isId: isUuid,
  });
}
