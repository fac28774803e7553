import type { RequestContext } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';
import type { Actor } from './domain/messages.ts';

export interface BoardContext extends RequestContext {
  loaders: Loaders;
}

export const createContext = (base: RequestContext): BoardContext => ({
  ...base,
  loaders: createLoaders(base.database.db),
});

export const actorOf = (ctx: BoardContext): Actor => ({ db: ctx.database.db, clock: ctx.clock, actor: ctx.actor });
