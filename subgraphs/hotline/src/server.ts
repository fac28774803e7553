import { defineSubgraph, type SubgraphDefinition } from '@civicgraph/platform';
import { agencyDirectory } from '@civicgraph/agencies/directory';
import { createContext, type HotlineContext } from './context.ts';
import { seedDemo, seedReference } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<HotlineContext> = defineSubgraph({
  name: 'hotline',
  port: 4103,
  at: import.meta.url,
  directory: agencyDirectory,
  resolvers,
  createContext,
  seedReference: (services) => seedReference(services.database.db),
  seedDemo: (services, progress) => seedDemo(services, progress),
});

/** The subgraph's SDL (the shared vocabulary first), for composition. */
export const { typeDefs } = subgraph;
