import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@civicgraph/platform';
import { subgraphTypeDefs } from '@civicgraph/schema';
import { createContext, type AgenciesContext } from './context.ts';
import { seedAgencies } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

/** The agency directory: regions and agencies, the entities every other subgraph points to. */
export const subgraph: SubgraphDefinition<AgenciesContext> = {
  name: 'agencies',
  typeDefs: subgraphTypeDefs('agencies'),
  resolvers,
  migrations: { schema: 'agencies', folder: fileURLToPath(new URL('./db/migrations', import.meta.url)) },
  createContext,
  seedReference: (services) => seedAgencies(services.database.db),
};
