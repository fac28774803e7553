import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';


const SHARED_SDL_FILE = new URL('../shared.graphql', import.meta.url);
export const SUPERGRAPH_FILE = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

export const subgraphSdlFile = (name: string) =>
  fileURLToPath(new URL(`../../subgraphs/${name}/src/schema.graphql`, import.meta.url));

/** A subgraph's full SDL: the shared vocabulary followed by the subgraph's own schema.graphql. */
export function subgraphSdl(name: string): string {
  return `${readFileSync(SHARED_SDL_FILE, 'utf8')}\n${readFileSync(subgraphSdlFile(name), 'utf8')}`;
}

export const subgraphTypeDefs = (name: string): DocumentNode => parse(subgraphSdl(name));

export const readSupergraph = () => readFileSync(SUPERGRAPH_FILE, 'utf8');
