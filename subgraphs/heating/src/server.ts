import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@civicgraph/platform';
import { subgraphTypeDefs } from '@civicgraph/schema';
import { createContext, type HeatingContext } from './context.ts';
import { seedDemoHeatingOrders } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<HeatingContext> = {
  name: 'heating',
  typeDefs: subgraphTypeDefs('heating'),
  resolvers,
  migrations: { schema: 'heating', folder: fileURLToPath(new URL('./db/migrations', import.meta.url)) },
  createContext,
  seedDemo: async (services) => void (await seedDemoHeatingOrders(services)),
};
