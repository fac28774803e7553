import { defineSubgraph, type SubgraphDefinition } from '@civicgraph/platform';
import { agencyDirectory } from './directory.ts';
import { createContext, type AgenciesContext } from './context.ts';
import { seedAgencies } from './db/seed.ts';
import { resolvers } from './resolvers/index.ts';

/** The agency directory: regions and agencies, the entities every other subgraph points to. */
export const subgraph: SubgraphDefinition<AgenciesContext> = defineSubgraph({
  name: 'agencies',
  port: 4101,
  at: import.meta.url,
  directory: agencyDirectory,
  resolvers,
  createContext,
  seedReference: (services) => seedAgencies(services.database.db),
});

/** The subgraph's SDL (the shared vocabulary first), for composition. */
export const { typeDefs } = subgraph;
