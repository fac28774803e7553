import { defineSubgraph, type SubgraphDefinition } from '@civicgraph/platform';
import { agencyDirectory } from '@civicgraph/agencies/directory';
import { createContext, type HousingContext } from './context.ts';
import { seedDemoWorkOrders } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<HousingContext> = defineSubgraph({
  name: 'housing',
  port: 4105,
  at: import.meta.url,
  directory: agencyDirectory,
  resolvers,
  createContext,
  seedDemo: async (services) => void (await seedDemoWorkOrders(services)),
});

/** The subgraph's SDL (the shared vocabulary first), for composition. */
export const { typeDefs } = subgraph;
