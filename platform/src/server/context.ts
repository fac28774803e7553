import type { Actor } from '../channel/executor.ts';
import type { Executor } from '../db/database.ts';
import type { RequestContext } from './subgraph.ts';

/** A subgraph's request context: the base every request has, with the subgraph's per-request DataLoaders. */
export type ContextWithLoaders<Loaders> = RequestContext & { loaders: Loaders };

/** The createContext of a subgraph whose context adds only its DataLoaders (fresh ones per request). */
export const contextWithLoaders =
  <Loaders>(createLoaders: (db: Executor) => Loaders) =>
  (base: RequestContext): ContextWithLoaders<Loaders> => ({ ...base, loaders: createLoaders(base.database.db) });

/** The caller as the domain sees them: with `access`, so every write checks role and reach. */
export const actorOf = (ctx: RequestContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor, access: ctx.access });
