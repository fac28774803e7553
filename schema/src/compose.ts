import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs.ts';
import { subgraphSdl } from './sdl.ts';

/**
 * Composes the supergraph from every subgraph's SDL. The URLs are those of each subgraph running as
 * its own process on its default port; the in-process hub overrides them at run time.
 */
export function composeSupergraph(): { supergraphSdl: string } | { errors: string[] } {
  const result = composeServices(
    SUBGRAPHS.map(({ name, port }) => ({ name, typeDefs: parse(subgraphSdl(name)), url: `http://localhost:${port}/graphql` })),
  );
  if (result.errors?.length) return { errors: result.errors.map((e) => e.message) };
  if (!result.supergraphSdl) return { errors: ['composition produced no supergraph'] };
  return { supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}
