import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { SUBGRAPHS } from './subgraphs.ts';
import { subgraphSdl } from './sdl.ts';

/**
 * Composes the supergraph from the SDL of the named subgraphs (by default every one in the
 * composition list). The URLs are those of each subgraph running as its own process on its
 * default port; the in-process hub overrides them at run time.
 */
export function composeSupergraph(names: readonly string[] = SUBGRAPHS.map((s) => s.name)): { supergraphSdl: string } | { errors: string[] } {
  const portOf = (name: string) => SUBGRAPHS.find((s) => s.name === name)?.port ?? 4100;
  const result = composeServices(
    names.map((name) => ({ name, typeDefs: parse(subgraphSdl(name)), url: `http://localhost:${portOf(name)}/graphql` })),
  );
  if (result.errors?.length) return { errors: result.errors.map((e) => e.message) };
  if (!result.supergraphSdl) return { errors: ['composition produced no supergraph'] };
  return { supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}
