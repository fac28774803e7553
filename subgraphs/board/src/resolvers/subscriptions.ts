import { decodeEventCursor, type AppealStatus, type StoredEvent } from '@civicgraph/platform';
import type { BoardContext } from '../context.ts';
import type { MessageEventPayload } from '../domain/messages.ts';
import { regionSubtree } from '../domain/queries.ts';
import { createLoaders } from '../loaders.ts';

interface MessageEventFilter {
  boardId?: string | null;
  assigneeId?: string | null;
  regionCode?: string | null;
  to?: AppealStatus[] | null;
}

function matcher(filter: MessageEventFilter) {
  const regionPrefix = filter.regionCode ? regionSubtree(filter.regionCode, 'filter.regionCode').slice(0, -1) : null;
  return (event: StoredEvent) => {
    if (event.source !== 'board' || event.aggregateType !== 'Message') return false;
    const p = event.payload as MessageEventPayload;
    return (
      (!filter.boardId || p.extra.boardId === filter.boardId) &&
      (!filter.assigneeId || p.assigneeId === filter.assigneeId) &&
      (!regionPrefix || p.regionCode.startsWith(regionPrefix)) &&
      (!filter.to?.length || filter.to.includes(p.to))
    );
  };
}

export const subscriptions = {
  messageEvents: {
    // Arguments are checked here, before the stream starts, so a bad cursor is an error, not a silent stream.
    subscribe: (_: unknown, args: { filter?: MessageEventFilter | null; after?: string | null }, ctx: BoardContext) => {
      const after = args.after ? decodeEventCursor(args.after) : undefined;
      return ctx.events.stream({ after, match: matcher(args.filter ?? {}) });
    },
    resolve: (event: StoredEvent, _: unknown, ctx: BoardContext) => {
      // A subscription lives long; fresh loaders per event, so each event shows the message as it is now.
      ctx.loaders = createLoaders(ctx.database.db);
      const p = event.payload as MessageEventPayload;
      return {
        cursor: event.cursor,
        action: p.action,
        from: p.from,
        to: p.to,
        actor: p.actor,
        at: event.occurredAt,
        note: p.note,
        messageId: event.aggregateId,
      };
    },
  },
};

export const MessageEvent = {
  message: (event: { messageId: string }, _: unknown, ctx: BoardContext) => ctx.loaders.messageById.load(event.messageId),
};
