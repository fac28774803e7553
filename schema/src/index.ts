export { loadSubgraphs, SUBGRAPHS, type SubgraphName } from './subgraphs.ts';
export { readSupergraph, SUPERGRAPH_FILE } from './sdl.ts';
export { composeSupergraph } from './compose.ts';
