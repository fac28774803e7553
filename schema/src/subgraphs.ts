import type { SubgraphDefinition } from '@civicgraph/platform';

/**
 * The composition list. Adding a department subgraph = copying a folder under subgraphs/ and adding
 * one line here (its package name is @civicgraph/<name>). Order matters only for start-up:
 * migrations and demo data run top to bottom, so the agency directory comes first.
 */
export const SUBGRAPHS = [
  'agencies',
  'board',
  'hotline',
  'supervision',
  'housing',
  'heating',
] as const satisfies readonly string[];

export type SubgraphName = (typeof SUBGRAPHS)[number];

/**
 * The subgraphs' definitions (typeDefs, resolvers, port...) from their packages, in the given order.
 * Imported on demand, so reading the committed supergraph does not load every subgraph's code.
 */
export async function loadSubgraphs(names: readonly string[] = SUBGRAPHS): Promise<SubgraphDefinition<any>[]> {
  return Promise.all(
    names.map(async (name) => ((await import(`@civicgraph/${name}`)) as { subgraph: SubgraphDefinition<any> }).subgraph),
  );
}
