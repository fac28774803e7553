import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@civicgraph/platform';
import { subgraphTypeDefs } from '@civicgraph/schema';
import { createContext, type HousingContext } from './context.ts';
import { seedDemoWorkOrders } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<HousingContext> = {
  name: 'housing',
  typeDefs: subgraphTypeDefs('housing'),
  resolvers,
  migrations: { schema: 'housing', folder: fileURLToPath(new URL('./db/migrations', import.meta.url)) },
  createContext,
  seedDemo: async (services) => void (await seedDemoWorkOrders(services)),
};
