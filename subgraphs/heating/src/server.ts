import { defineSubgraph, type SubgraphDefinition } from '@civicgraph/platform';
import { agencyDirectory } from '@civicgraph/agencies/directory';
import { createContext, type HeatingContext } from './context.ts';
import { seedDemoHeatingOrders } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<HeatingContext> = defineSubgraph({
  name: 'heating',
  port: 4106,
  at: import.meta.url,
  directory: agencyDirectory,
  resolvers,
  createContext,
  seedDemo: async (services) => void (await seedDemoHeatingOrders(services)),
});

/** The subgraph's SDL (the shared vocabulary first), for composition. */
export const { typeDefs } = subgraph;
