import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@civicgraph/platform';
import { subgraphTypeDefs } from '@civicgraph/schema';
import { createContext, type HotlineContext } from './context.ts';
import { seedDemo, seedReference } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<HotlineContext> = {
  name: 'hotline',
  typeDefs: subgraphTypeDefs('hotline'),
  resolvers,
  migrations: { schema: 'hotline', folder: fileURLToPath(new URL('./db/migrations', import.meta.url)) },
  createContext,
  seedReference: (services) => seedReference(services.database.db),
  seedDemo: (services) => seedDemo(services),
};
