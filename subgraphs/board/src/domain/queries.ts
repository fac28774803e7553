import { eq, type SQL } from 'drizzle-orm';
import { appealListConditions, appealPage, type AppealListFilter, type Executor, type Page } from '@civicgraph/platform';
import { messages, type MessageRow } from '../db/tables.ts';

export interface MessageFilter extends AppealListFilter {
  boardId?: string | null;
}

/** Newest first; `visibleTo` is the caller's row scope (access.ts), ANDed with the filter; undefined = everything. */
export function listMessages(
  db: Executor,
  filter: MessageFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  visibleTo: SQL | undefined,
): Promise<Page<MessageRow>> {
  const where = appealListConditions(messages, filter);
  if (filter.boardId) where.push(eq(messages.boardId, filter.boardId));
  return appealPage(db, messages, [...where, visibleTo], first, after);
}
