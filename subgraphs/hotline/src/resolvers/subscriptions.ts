import { appealEventFeed, channelEventMatcher, feedActor, feedEventFields, type AppealEventFilter, type StoredEvent } from '@civicgraph/platform';
import { loadVisibleTicket, ticketFactsOf } from '../access.ts';
import type { HotlineContext } from '../context.ts';
import type { TicketEventPayload } from '../domain/channel.ts';
import { requireCategoryOrDomain } from '../domain/queries.ts';
import { createLoaders } from '../loaders.ts';

interface TicketEventFilter extends AppealEventFilter {
  hotlineId?: string | null;
  categoryId?: string | null;
}

function matcher(filter: TicketEventFilter) {
  const category = filter.categoryId ? requireCategoryOrDomain(filter.categoryId, 'filter.categoryId') : null;
  return channelEventMatcher<TicketEventPayload>(
    'HOTLINE',
    filter,
    (p) =>
      (!filter.hotlineId || p.extra.hotlineId === filter.hotlineId) &&
      (!category || p.extra.categoryId === category || p.extra.categoryId.startsWith(`${category}.`)),
  );
}

export const subscriptions = {
  ticketEvents: {
    subscribe: (_: unknown, args: { filter?: TicketEventFilter | null; after?: string | null }, ctx: HotlineContext) =>
      // Those who do not see every ticket get the events of tickets within their reach, as the tickets are now.
      appealEventFeed(ctx, { after: args.after, what: 'follow ticket events' }, matcher(args.filter ?? {}), async (event) => {
        const ticket = await ctx.loaders.ticketById.clear(event.aggregateId).load(event.aggregateId);
        return ticket !== null && ctx.access.canSee(await ticketFactsOf(ctx, ticket));
      }),
    resolve: (event: StoredEvent, _: unknown, ctx: HotlineContext) => {
      // A subscription lives long; fresh loaders per event, so each event shows the ticket as it is now.
      ctx.loaders = createLoaders(ctx.database.db);
      return { ...feedEventFields(event), ticketId: event.aggregateId };
    },
  },
};

export const TicketEvent = {
  actor: feedActor,
  ticket: (event: { ticketId: string }, _: unknown, ctx: HotlineContext) => loadVisibleTicket(ctx, event.ticketId),
};
