import { decodeEventCursor, Scope, type Access, type AppealStatus, type StoredEvent } from '@civicgraph/platform';
import { canSeeMessage, isPublicStatus, visible } from '../access.ts';
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

/**
 * Only events of messages the subscriber may see, judged by the facts the event carries (no query
 * per event). return() goes straight to the inner stream, so ending a subscription never waits
 * for the next event the way an async generator would.
 */
function visibleEvents(events: AsyncIterableIterator<StoredEvent>, access: Access): AsyncIterableIterator<StoredEvent> {
  const seen = (event: StoredEvent) => {
    const p = event.payload as MessageEventPayload;
    return canSeeMessage(access, { assigneeId: p.assigneeId, regionCode: p.regionCode, isPublic: isPublicStatus(p.to) });
  };
  const filtered: AsyncIterableIterator<StoredEvent> = {
    async next() {
      for (;;) {
        const result = await events.next();
        if (result.done || (await seen(result.value))) return result;
      }
    },
    return: (value?: unknown) => events.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => events.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => filtered,
  };
  return filtered;
}

export const subscriptions = {
  messageEvents: {
    // Arguments and the scope are checked here, before the stream starts: a refusal is an error, not a silent stream.
    subscribe: (_: unknown, args: { filter?: MessageEventFilter | null; after?: string | null }, ctx: BoardContext) => {
      ctx.access.requireScope(Scope.EVENTS_READ, 'follow message events');
      const after = args.after ? decodeEventCursor(args.after) : undefined;
      const events = ctx.events.stream({ after, match: matcher(args.filter ?? {}) });
      return ctx.access.seesAllAppeals ? events : visibleEvents(events, ctx.access);
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
  message: async (event: { messageId: string }, _: unknown, ctx: BoardContext) =>
    visible(ctx.access, await ctx.loaders.messageById.load(event.messageId)),
};
