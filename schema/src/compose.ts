import { composeServices } from '@theguild/federation-composition';
import { loadSubgraphs, SUBGRAPHS } from './subgraphs.ts';

/**
 * Composes the supergraph from the typeDefs the named subgraphs export (by default every one in
 * the composition list). The URLs are those of each subgraph running as its own process on its
 * own port; the in-process hub overrides them at run time.
 */
export async function composeSupergraph(names: readonly string[] = SUBGRAPHS): Promise<{ supergraphSdl: string } | { errors: string[] }> {
  const definitions = await loadSubgraphs(names);
  const result = composeServices(
    definitions.map((d) => ({ name: d.name, typeDefs: d.typeDefs, url: `http://localhost:${d.port}/graphql` })),
  );
  if (result.errors?.length) return { errors: result.errors.map((e) => e.message) };
  if (!result.supergraphSdl) return { errors: ['composition produced no supergraph'] };
  return { supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}
