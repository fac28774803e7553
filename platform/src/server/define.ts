import { fileURLToPath } from 'node:url';
import type { RequestContext, SubgraphDefinition } from './subgraph.ts';
import { subgraphTypeDefs } from './sdl.ts';

export type SubgraphParts<Ctx extends RequestContext> = Omit<SubgraphDefinition<Ctx>, 'typeDefs' | 'migrations'> & {
  /** The `import.meta.url` of the subgraph's src/server.ts: its SDL and db/migrations are found beside it. */
  at: string;
};

/**
 * Every subgraph has one shape: SDL files in src/, drizzle migrations in src/db/migrations under a
 * PostgreSQL schema named like the subgraph. Its server.ts gives the rest and exports the result.
 */
export function defineSubgraph<Ctx extends RequestContext>({ at, ...parts }: SubgraphParts<Ctx>): SubgraphDefinition<Ctx> {
  return {
    ...parts,
    typeDefs: subgraphTypeDefs(new URL('.', at)),
    migrations: { schema: parts.name, folder: fileURLToPath(new URL('./db/migrations', at)) },
  };
}
