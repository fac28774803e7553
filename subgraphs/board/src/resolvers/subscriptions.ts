import { appealEventFeed, channelEventMatcher, factsOfPayload, feedActor, feedEventFields, type AppealEventFilter, type StoredEvent } from '@civicgraph/platform';
import { inRowScope, visible } from '../access.ts';
import type { BoardContext } from '../context.ts';
import type { MessageEventPayload } from '../domain/channel.ts';
import { createLoaders } from '../loaders.ts';

interface MessageEventFilter extends AppealEventFilter {
  boardId?: string | null;
}

export const subscriptions = {
  messageEvents: {
    subscribe: (_: unknown, args: { filter?: MessageEventFilter | null; after?: string | null }, ctx: BoardContext) => {
      const filter = args.filter ?? {};
      const match = channelEventMatcher<MessageEventPayload>('BOARD', filter, (p) => !filter.boardId || p.extra.boardId === filter.boardId);
      // Judged by the facts the event carries (no query per event). A feed carries the work of the
      // subscriber's reach: a message being public (its reply published) lets no one else's events through.
      return appealEventFeed(ctx, { after: args.after, what: 'follow message events' }, match, (event) =>
        inRowScope(ctx.access, factsOfPayload(event.payload as MessageEventPayload)),
      );
    },
    resolve: (event: StoredEvent, _: unknown, ctx: BoardContext) => {
      // A subscription lives long; fresh loaders per event, so each event shows the message as it is now.
      ctx.loaders = createLoaders(ctx.database.db);
      return { ...feedEventFields(event), messageId: event.aggregateId };
    },
  },
};

export const MessageEvent = {
  actor: feedActor,
  message: async (event: { messageId: string }, _: unknown, ctx: BoardContext) =>
    visible(ctx.access, await ctx.loaders.messageById.load(event.messageId)),
};
