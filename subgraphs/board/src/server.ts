import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@civicgraph/platform';
import { subgraphTypeDefs } from '@civicgraph/schema';
import { createContext, type BoardContext } from './context.ts';
import { seedBoards, seedDemoMessages } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<BoardContext> = {
  name: 'board',
  typeDefs: subgraphTypeDefs('board'),
  resolvers,
  migrations: { schema: 'board', folder: fileURLToPath(new URL('./db/migrations', import.meta.url)) },
  createContext,
  seedReference: (services) => seedBoards(services.database.db),
  seedDemo: (services) => seedDemoMessages(services),
};
