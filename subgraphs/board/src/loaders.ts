import DataLoader from 'dataloader';
import { and, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import { byKey, sequencedRowsLoader, withoutPersonalData, type Executor } from '@civicgraph/platform';
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
    /**
     * Return-visit comments per board and period, keyed by JSON [boardId, from, to]: one statement
     * per distinct period. Personal data (numbers, e-mails, the poster's name) is cut out here.
     */
    returnVisitComments: new DataLoader<string, string[]>(async (keys) => {
      const comments = new Map<string, string[]>(keys.map((key) => [key, []]));
      const boardsByPeriod = new Map<string, string[]>();
      for (const key of keys) {
        const [boardId, from, to] = JSON.parse(key) as [string, string, string];
        const period = JSON.stringify([from, to]);
        boardsByPeriod.set(period, [...(boardsByPeriod.get(period) ?? []), boardId]);
      }
      for (const [period, boardIds] of boardsByPeriod) {
        const [from, to] = JSON.parse(period) as [string, string];
        const rows = await db
          .select({ boardId: messages.boardId, comment: messageTransitions.note, posterName: messages.posterName })
          .from(messageTransitions)
          .innerJoin(messages, eq(messages.id, messageTransitions.messageId))
          .where(
            and(
              inArray(messages.boardId, boardIds),
              eq(messageTransitions.action, 'RETURN_VISIT'),
              gte(messageTransitions.at, new Date(from)),
              lt(messageTransitions.at, new Date(to)),
              isNotNull(messageTransitions.note),
            ),
          );
        for (const row of rows) comments.get(JSON.stringify([row.boardId, from, to]))?.push(withoutPersonalData(row.comment!, [row.posterName]));
      }
      return keys.map((key) => comments.get(key)!);
    }),
    timelineByMessage: sequencedRowsLoader<TransitionRow>(db, messageTransitions, 'messageId'),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
