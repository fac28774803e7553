import { decodeEventCursor, Scope, type AppealStatus, type StoredEvent } from '@civicgraph/platform';
import { filterStream, loadVisibleTicket, ticketFactsOf } from '../access.ts';
import type { HotlineContext } from '../context.ts';
import { regionSubtree, requireCategoryOrDomain } from '../domain/queries.ts';
import type { TicketEventPayload } from '../domain/ticket-model.ts';
import { createLoaders } from '../loaders.ts';

interface TicketEventFilter {
  hotlineId?: string | null;
  assigneeId?: string | null;
  regionCode?: string | null;
  categoryId?: string | null;
  to?: AppealStatus[] | null;
}

function matcher(filter: TicketEventFilter) {
  const regionPrefix = filter.regionCode ? regionSubtree(filter.regionCode, 'filter.regionCode').slice(0, -1) : null;
  const category = filter.categoryId ? requireCategoryOrDomain(filter.categoryId, 'filter.categoryId') : null;
  return (event: StoredEvent) => {
    if (event.source !== 'hotline' || event.aggregateType !== 'Ticket') return false;
    const p = event.payload as TicketEventPayload;
    return (
      (!filter.hotlineId || p.extra.hotlineId === filter.hotlineId) &&
      (!filter.assigneeId || p.assigneeId === filter.assigneeId) &&
      (!regionPrefix || p.regionCode.startsWith(regionPrefix)) &&
      (!category || p.extra.categoryId === category || p.extra.categoryId.startsWith(`${category}.`)) &&
      (!filter.to?.length || filter.to.includes(p.to))
    );
  };
}

export const subscriptions = {
  ticketEvents: {
    // Arguments are checked here, before the stream starts, so a bad cursor is an error, not a silent stream.
    subscribe: (_: unknown, args: { filter?: TicketEventFilter | null; after?: string | null }, ctx: HotlineContext) => {
      ctx.access.requireScope(Scope.EVENTS_READ, 'follow ticket events');
      const after = args.after ? decodeEventCursor(args.after) : undefined;
      const stream = ctx.events.stream({ after, match: matcher(args.filter ?? {}) });
      if (ctx.access.seesAllAppeals) return stream;
      // Anyone else with the scope gets the events of tickets within their reach, as the tickets are now.
      return filterStream(stream, async (event) => {
        const ticket = await ctx.loaders.ticketById.clear(event.aggregateId).load(event.aggregateId);
        return ticket !== null && ctx.access.canSee(await ticketFactsOf(ctx, ticket));
      });
    },
    resolve: (event: StoredEvent, _: unknown, ctx: HotlineContext) => {
      // A subscription lives long; fresh loaders per event, so each event shows the ticket as it is now.
      ctx.loaders = createLoaders(ctx.database.db);
      const p = event.payload as TicketEventPayload;
      return {
        cursor: event.cursor,
        action: p.action,
        from: p.from,
        to: p.to,
        actor: p.actor,
        at: event.occurredAt,
        note: p.note,
        ticketId: event.aggregateId,
      };
    },
  },
};

export const TicketEvent = {
  ticket: (event: { ticketId: string }, _: unknown, ctx: HotlineContext) => loadVisibleTicket(ctx, event.ticketId),
};
