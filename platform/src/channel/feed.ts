import type { AppealEventPayload } from '../appeal-events.ts';
import { APPEAL_TRANSITIONED } from '../appeal-events.ts';
import type { Access, AppealAccessFacts } from '../auth/access.ts';
import { Scope } from '../auth/identity.ts';
import { decodeEventCursor, requireReachedPosition, type StoredEvent } from '../events/event-log.ts';
import type { Database } from '../db/database.ts';
import type { EventTail } from '../events/tail.ts';
import type { AppealStatus } from '../lifecycle.ts';
import { maskFreeText } from '../privacy/free-text.ts';
import { regionSubtree } from '../regions.ts';
import { CHANNELS, type Channel } from './registry.ts';

/** What every appeal event feed filters on; channels add their own (board, hotline, category). */
export interface AppealEventFilter {
  assigneeId?: string | null;
  regionCode?: string | null;
  to?: AppealStatus[] | null;
}

/** The shared part of a feed's filter over event payloads: assignee, region subtree, target status. */
export function payloadMatcher(filter: AppealEventFilter): (p: Pick<AppealEventPayload, 'assigneeId' | 'regionCode' | 'to'>) => boolean {
  const prefix = filter.regionCode ? regionSubtree(filter.regionCode, 'filter.regionCode').slice(0, -1) : null;
  return (p) =>
    (!filter.assigneeId || p.assigneeId === filter.assigneeId) &&
    (!prefix || p.regionCode.startsWith(prefix)) &&
    (!filter.to?.length || filter.to.includes(p.to));
}

/** A channel's AppealTransitioned events that pass the shared filter and the channel's own `more`. */
export function channelEventMatcher<P extends AppealEventPayload>(
  channel: Channel,
  filter: AppealEventFilter,
  more: (payload: P) => boolean = () => true,
): (event: StoredEvent) => boolean {
  const { subgraph, entity } = CHANNELS[channel];
  const shared = payloadMatcher(filter);
  return (event) => {
    if (event.source !== subgraph || event.aggregateType !== entity || event.type !== APPEAL_TRANSITIONED) return false;
    const p = event.payload as P;
    return shared(p) && more(p);
  };
}

/**
 * Keeps the items `keep` allows. Unlike an async generator, `return()` reaches the source at once,
 * so a closed subscription is released immediately rather than at its next event.
 */
export function filterStream<T>(source: AsyncIterable<T>, keep: (item: T) => Promise<boolean> | boolean): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const filtered: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const result = await it.next();
        if (result.done || (await keep(result.value))) return result;
      }
    },
    return: async (value?: unknown) => (await it.return?.(value)) ?? { done: true, value: undefined },
    throw: (error?: unknown) => it.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => filtered,
  };
  return filtered;
}

/**
 * The one way a feed starts: the events:read scope and the cursor are checked before the stream
 * opens (a refusal is an error, not a silent stream), and subscribers who do not see every appeal
 * get only the events `visible` lets through (by default the facts the payload carries).
 */
export async function appealEventFeed(
  ctx: { access: Access; events: EventTail; database: Database },
  args: { after?: string | null; what: string },
  match: (event: StoredEvent) => boolean,
  visible: (event: StoredEvent) => Promise<boolean> | boolean = (event) => ctx.access.canSee(factsOfPayload(event.payload as AppealEventPayload)),
): Promise<AsyncIterableIterator<StoredEvent>> {
  ctx.access.requireScope(Scope.EVENTS_READ, args.what);
  const after = args.after ? decodeEventCursor(args.after) : undefined;
  if (after) await requireReachedPosition(ctx.database.db, after);
  const events = ctx.events.stream({ after, match });
  return ctx.access.seesAllAppeals ? events : filterStream(events, visible);
}

export const factsOfPayload = (p: Pick<AppealEventPayload, 'assigneeId' | 'regionCode'>): AppealAccessFacts => ({
  assigneeId: p.assigneeId,
  regionCode: p.regionCode,
});

/**
 * The fields every feed's event type shows (MessageEvent, TicketEvent, CaseEvent), from the stored
 * event. Payloads are written masked; the note is masked again for events logged before that.
 */
export function feedEventFields(event: StoredEvent) {
  const p = event.payload as Pick<AppealEventPayload, 'action' | 'from' | 'to' | 'actor' | 'note' | 'assigneeId'>;
  // agencyId: whose name a caller who may not see staff subjects gets for the actor (feedActor).
  return { cursor: event.cursor, action: p.action, from: p.from, to: p.to, actor: p.actor, agencyId: p.assigneeId ?? null, at: event.occurredAt, note: maskFreeText(p.note) };
}
