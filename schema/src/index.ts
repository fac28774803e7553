export { SUBGRAPHS, type SubgraphName } from './subgraphs.ts';
export { readSupergraph, subgraphSdl, subgraphSdlFiles, subgraphTypeDefs, SUPERGRAPH_FILE } from './sdl.ts';
export { composeSupergraph } from './compose.ts';
