import type { RequestContext } from '@civicgraph/platform';
import { createLoaders } from './loaders.ts';

export type AgenciesContext = RequestContext & { loaders: ReturnType<typeof createLoaders> };

/** Fresh loaders per request, so batching and caching never leak between requests. */
export const createContext = (base: RequestContext): AgenciesContext => ({ ...base, loaders: createLoaders(base.database.db) });
