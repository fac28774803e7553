import type { RequestContext } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';
import type { Actor } from './domain/heating-orders.ts';

export interface HeatingContext extends RequestContext {
  loaders: Loaders;
}

export const createContext = (base: RequestContext): HeatingContext => ({
  ...base,
  loaders: createLoaders(base.database.db),
});

export const actorOf = (ctx: HeatingContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor });
