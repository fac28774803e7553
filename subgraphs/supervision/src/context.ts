import type { Actor, RequestContext } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';

export interface SupervisionContext extends RequestContext {
  loaders: Loaders;
}

export const createContext = (base: RequestContext): SupervisionContext => ({
  ...base,
  loaders: createLoaders(base.database.db),
});

export const actorOf = (ctx: SupervisionContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor, access: ctx.access });
