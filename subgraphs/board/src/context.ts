import type { Actor, RequestContext } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';

export interface BoardContext extends RequestContext {
  loaders: Loaders;
}

export const createContext = (base: RequestContext): BoardContext => ({
  ...base,
  loaders: createLoaders(base.database.db),
});

/** The caller as the domain sees them: every transition is checked against their role and reach. */
export const actorOf = (ctx: BoardContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor, access: ctx.access });
