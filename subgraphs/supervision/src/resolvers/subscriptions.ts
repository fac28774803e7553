import { decodeEventCursor, type AppealStatus, type StoredEvent } from '@civicgraph/platform';
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

export const subscriptions = {
  caseEvents: {
    // Arguments are checked before the stream starts, so a bad cursor is an error, not a silent stream.
    subscribe: async (_: unknown, args: { filter?: CaseEventFilter | null; after?: string | null }, ctx: SupervisionContext) => {
      const after = args.after ? decodeEventCursor(args.after) : undefined;
      const match = await matcher(args.filter ?? {}, ctx);
      return ctx.events.stream({ after, match });
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
  case: (event: { caseId: string }, _: unknown, ctx: SupervisionContext) => ctx.loaders.caseById.load(event.caseId),
};
