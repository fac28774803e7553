import type { Actor, RequestContext } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';

export interface HotlineContext extends RequestContext {
  loaders: Loaders;
}

export const createContext = (base: RequestContext): HotlineContext => ({
  ...base,
  loaders: createLoaders(base.database.db),
});

/** The request's caller as the domain sees it: with `access`, so every write checks role and reach. */
export const actorOf = (ctx: HotlineContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor, access: ctx.access });
