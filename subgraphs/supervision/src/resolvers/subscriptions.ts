import { decodeEventCursor, Scope, type Access, type AppealStatus, type StoredEvent } from '@civicgraph/platform';
import { visibleCase } from '../access.ts';
import type { SupervisionContext } from '../context.ts';
import { agencySubtree, regionSubtree } from '../domain/common.ts';
import { CASE_CHANGED, type CaseChangedPayload } from '../ledger/project.ts';
import { createLoaders } from '../loaders.ts';

interface CaseEventFilter {
  channel?: string[] | null;
  agencyId?: string | null;
  regionCode?: string | null;
  to?: AppealStatus[] | null;
}

/** The agency subtree is read once, when the subscription starts. */
async function matcher(filter: CaseEventFilter, ctx: SupervisionContext) {
  const regionPrefix = filter.regionCode ? regionSubtree(filter.regionCode, 'filter.regionCode').slice(0, -1) : null;
  const agencies = filter.agencyId ? await agencySubtree(ctx.database.db, filter.agencyId) : null;
  return (event: StoredEvent) => {
    if (event.source !== 'supervision' || event.type !== CASE_CHANGED) return false;
    const p = event.payload as CaseChangedPayload;
    return (
      (!filter.channel?.length || filter.channel.includes(p.channel)) &&
      (!agencies || (p.assigneeId !== null && agencies.has(p.assigneeId))) &&
      (!regionPrefix || p.regionCode.startsWith(regionPrefix)) &&
      (!filter.to?.length || filter.to.includes(p.to))
    );
  };
}

/**
 * Passes on only the events of cases the subscriber may see (the platform's canSee, on the payload's
 * assignee and region; the agency reach is read once per subscription). A plain iterator rather than
 * an async generator, so unsubscribing closes the underlying stream at once, even while it waits.
 */
function withinReach(stream: AsyncIterableIterator<StoredEvent>, access: Access): AsyncIterableIterator<StoredEvent> {
  const iterator: AsyncIterableIterator<StoredEvent> = {
    async next() {
      for (;;) {
        const result = await stream.next();
        if (result.done) return result;
        const p = result.value.payload as CaseChangedPayload;
        if (await access.canSee({ assigneeId: p.assigneeId, regionCode: p.regionCode })) return result;
      }
    },
    return: (value?: unknown) => stream.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => stream.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

export const subscriptions = {
  caseEvents: {
    // Arguments are checked before the stream starts, so a bad cursor is an error, not a silent stream.
    subscribe: async (_: unknown, args: { filter?: CaseEventFilter | null; after?: string | null }, ctx: SupervisionContext) => {
      ctx.access.requireScope(Scope.EVENTS_READ, 'follow case events');
      const after = args.after ? decodeEventCursor(args.after) : undefined;
      const match = await matcher(args.filter ?? {}, ctx);
      return ctx.access.seesAllAppeals ? ctx.events.stream({ after, match }) : withinReach(ctx.events.stream({ after, match }), ctx.access);
    },
    resolve: (event: StoredEvent, _: unknown, ctx: SupervisionContext) => {
      // A subscription lives long; fresh loaders per event, so each event shows the case as it is now.
      ctx.loaders = createLoaders(ctx.database.db);
      const p = event.payload as CaseChangedPayload;
      return {
        cursor: event.cursor, channel: p.channel, action: p.action, from: p.from, to: p.to, actor: p.actor,
        at: event.occurredAt, note: p.note, sequence: p.sequence, caseId: p.caseId,
      };
    },
  },
};

export const CaseEvent = {
  // The case as it is now: if it has since left the subscriber's reach, this event shows an error instead.
  case: async (event: { caseId: string }, _: unknown, ctx: SupervisionContext) => visibleCase(ctx, await ctx.loaders.caseById.load(event.caseId)),
};
