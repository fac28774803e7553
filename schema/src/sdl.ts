import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';


const SHARED_SDL_FILE = new URL('../shared.graphql', import.meta.url);
export const SUPERGRAPH_FILE = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

const subgraphSrc = (name: string) => fileURLToPath(new URL(`../../subgraphs/${name}/src/`, import.meta.url));

/**
 * A subgraph's SDL files: src/schema.graphql first, then any other src/*.graphql in name order (a
 * large subgraph may split its SDL by area, using `extend type Query` in the later files).
 */
export function subgraphSdlFiles(name: string): string[] {
  const others = readdirSync(subgraphSrc(name))
    .filter((file) => file.endsWith('.graphql') && file !== 'schema.graphql')
    .sort();
  return ['schema.graphql', ...others].map((file) => `${subgraphSrc(name)}${file}`);
}

/** A subgraph's full SDL: the shared vocabulary followed by the subgraph's own SDL files. */
export function subgraphSdl(name: string): string {
  return [SHARED_SDL_FILE, ...subgraphSdlFiles(name)].map((file) => readFileSync(file, 'utf8')).join('\n');
}

export const subgraphTypeDefs = (name: string): DocumentNode => parse(subgraphSdl(name));

export const readSupergraph = () => readFileSync(SUPERGRAPH_FILE, 'utf8');
