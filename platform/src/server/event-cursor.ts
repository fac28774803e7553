import { Scope } from '../auth/identity.ts';
import { encodeEventCursor, headPosition } from '../events/event-log.ts';
import type { RequestContext } from './subgraph.ts';

/**
 * `Query.eventCursor` (platform/sdl/shared.graphql), served by every subgraph: they share one event
 * log, so any of them can say where it stands. The newest event a reader may take: any transaction
 * still running is younger, so nothing committed later sorts before it.
 */
export const EVENT_CURSOR_RESOLVERS = {
  eventCursor: async (_: unknown, __: unknown, ctx: RequestContext) => {
    ctx.access.requireScope(Scope.EVENTS_READ, 'read the event cursor');
    return encodeEventCursor(await headPosition(ctx.database.db));
  },
};
