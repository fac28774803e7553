import { defineSubgraph, type SubgraphDefinition } from '@civicgraph/platform';
import { agencyDirectory } from '@civicgraph/agencies/directory';
import { createContext, type BoardContext } from './context.ts';
import { seedBoards, seedDemoMessages } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

export const subgraph: SubgraphDefinition<BoardContext> = defineSubgraph({
  name: 'board',
  port: 4102,
  at: import.meta.url,
  directory: agencyDirectory,
  resolvers,
  createContext,
  seedReference: (services) => seedBoards(services.database.db),
  seedDemo: (services) => seedDemoMessages(services),
});

/** The subgraph's SDL (the shared vocabulary first), for composition. */
export const { typeDefs } = subgraph;
