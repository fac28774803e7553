import {
  appealEventFeed,
  factsOfPayload,
  feedActor,
  feedEventFields,
  payloadMatcher,
  Scope,
  type AppealEventFilter,
  type AppealEventPayload,
  type StoredEvent,
} from '@civicgraph/platform';
import { visibleCase } from '../access.ts';
import type { SupervisionContext } from '../context.ts';
import { agencySubtree } from '../domain/common.ts';
import { CASE_ESCALATED } from '../ledger/escalation.ts';
import { ledgerPayload } from '../ledger/project.ts';
import { LEDGER_CONSUMER } from '../ledger/worker.ts';
import { createLoaders } from '../loaders.ts';

/** What a case event's payload has, whether it is an appeal event or an escalation step. */
type CaseEventPayload = Pick<AppealEventPayload, 'channel' | 'assigneeId' | 'regionCode' | 'to' | 'sequence'>;

interface CaseEventFilter extends Omit<AppealEventFilter, 'assigneeId'> {
  channel?: string[] | null;
  agencyId?: string | null;
}

/** The agency subtree is read once, when the subscription starts. */
async function matcher(filter: CaseEventFilter, ctx: SupervisionContext) {
  const shared = payloadMatcher({ regionCode: filter.regionCode, to: filter.to });
  const agencies = filter.agencyId ? await agencySubtree(ctx.database.db, filter.agencyId) : null;
  return (event: StoredEvent) => {
    // Status changes (every channel's appeal events the ledger applies) and escalation steps both:
    // an escalation is news for whoever follows the case.
    const escalation = event.source === 'supervision' && event.type === CASE_ESCALATED;
    if (!escalation && !ledgerPayload(event)) return false;
    const p = event.payload as CaseEventPayload;
    return (
      (!filter.channel?.length || filter.channel.includes(p.channel)) &&
      (!agencies || (p.assigneeId !== null && agencies.has(p.assigneeId))) &&
      shared(p)
    );
  };
}

export const subscriptions = {
  caseEvents: {
    // Only cases the subscriber may see, judged by the payload's assignee and region (no query per event).
    // An event is delivered once the ledger has applied it, so its `case` already shows the change.
    subscribe: async (_: unknown, args: { filter?: CaseEventFilter | null; after?: string | null }, ctx: SupervisionContext) => {
      ctx.access.requireScope(Scope.EVENTS_READ, 'follow case events');
      const match = await matcher(args.filter ?? {}, ctx);
      const applied = await ctx.events.applied(LEDGER_CONSUMER);
      return appealEventFeed({ ...ctx, events: applied }, { after: args.after, what: 'follow case events' }, match, (event) =>
        ctx.access.canSee(factsOfPayload(event.payload as CaseEventPayload)),
      );
    },
    resolve: (event: StoredEvent, _: unknown, ctx: SupervisionContext) => {
      // A subscription lives long; fresh loaders per event, so each event shows the case as it is now.
      ctx.loaders = createLoaders(ctx.database.db);
      const p = event.payload as CaseEventPayload;
      // A case has its appeal's id; an escalation step names its case as the aggregate too.
      return { ...feedEventFields(event), channel: p.channel, sequence: p.sequence, caseId: event.aggregateId, escalation: escalationOf(event) };
    },
  },
};

export const CaseEvent = {
  actor: feedActor,
  // The case as it is now: if it has since left the subscriber's reach, this event shows an error instead.
  case: async (event: { caseId: string }, _: unknown, ctx: SupervisionContext) => visibleCase(ctx, await ctx.loaders.caseById.load(event.caseId)),
};

interface EscalatedPayload {
  level: number;
  kind: string;
  dueAt: string;
  workingDaysOverdue: number;
  orderId: string | null;
}

/** The step an escalation event records, shaped as the case's CaseEscalation; null for status changes. */
function escalationOf(event: StoredEvent) {
  if (event.type !== CASE_ESCALATED) return null;
  const p = event.payload as unknown as EscalatedPayload;
  return { level: p.level, kind: p.kind, at: event.occurredAt, dueAt: new Date(p.dueAt), workingDaysOverdue: p.workingDaysOverdue, orderId: p.orderId };
}
