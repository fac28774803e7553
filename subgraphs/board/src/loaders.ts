import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import { byKey, groupByKey, type Executor } from '@civicgraph/platform';
import { boards, messages, messageTransitions, type BoardRow, type MessageRow, type TransitionRow } from './db/tables.ts';
import { isMessageId } from './domain/messages.ts';

/** Per-request loaders: one SQL statement per kind of thing, however many are asked for. */
export function createLoaders(db: Executor) {
  return {
    messageById: new DataLoader<string, MessageRow | null>(async (ids) => {
      const valid = ids.filter(isMessageId);
      const rows = valid.length ? await db.select().from(messages).where(inArray(messages.id, valid)) : [];
      return byKey(ids, rows, (r) => r.id);
    }),
    boardById: new DataLoader<string, BoardRow | null>(async (ids) => {
      const rows = await db.select().from(boards).where(inArray(boards.id, [...ids]));
      return byKey(ids, rows, (r) => r.id);
    }),
    timelineByMessage: new DataLoader<string, TransitionRow[]>(async (ids) => {
      const rows = await db
        .select()
        .from(messageTransitions)
        .where(inArray(messageTransitions.messageId, [...ids]))
        .orderBy(asc(messageTransitions.messageId), asc(messageTransitions.sequence));
      return groupByKey(ids, rows, (r) => r.messageId);
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
