import type { RequestContext } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';
import type { Actor } from './domain/work-orders.ts';

export interface HousingContext extends RequestContext {
  loaders: Loaders;
}

export const createContext = (base: RequestContext): HousingContext => ({
  ...base,
  loaders: createLoaders(base.database.db),
});

export const actorOf = (ctx: HousingContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor });
