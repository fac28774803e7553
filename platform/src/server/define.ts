import { fileURLToPath } from 'node:url';
import { useAgencyDirectory, type AgencyDirectory } from '../directory.ts';
import type { RequestContext, SubgraphDefinition } from './subgraph.ts';
import { channelTypeDefs } from '../channel/sdl.ts';
import { subgraphTypeDefs } from './sdl.ts';

export type SubgraphParts<Ctx extends RequestContext> = Omit<SubgraphDefinition<Ctx>, 'typeDefs' | 'migrations'> & {
  /** The `import.meta.url` of the subgraph's src/server.ts: its SDL and db/migrations are found beside it. */
  at: string;
  /** The agency directory its checks and access rules read (the agencies subgraph's agencyDirectory). */
  directory: AgencyDirectory;
};

/**
 * Every subgraph has one shape: SDL files in src/, drizzle migrations in src/db/migrations under a
 * PostgreSQL schema named like the subgraph. Its server.ts gives the rest and exports the result.
 * A subgraph that owns an appeal channel gets the lifecycle mutations of platform/sdl/lifecycle.graphql
 * in its type Mutation, named as its registered channel spec says.
 */
export function defineSubgraph<Ctx extends RequestContext>({ at, directory, ...parts }: SubgraphParts<Ctx>): SubgraphDefinition<Ctx> {
  // At definition time, so seeds and workers that run before the server already have it.
  useAgencyDirectory(directory);
  return {
    ...parts,
    typeDefs: channelTypeDefs(parts.name, subgraphTypeDefs(new URL('.', at))),
    migrations: { schema: parts.name, folder: fileURLToPath(new URL('./db/migrations', at)) },
  };
}
