import { actorOf, contextWithLoaders, type ContextWithLoaders } from '@civicgraph/platform';
import { createLoaders, type Loaders } from './loaders.ts';

export type HotlineContext = ContextWithLoaders<Loaders>;

export const createContext = contextWithLoaders(createLoaders);

/** The caller as the domain sees them (the platform's one way of passing actor and access). */
export { actorOf };
