import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

/** The vocabulary every subgraph shares (DateTime, Channel, AppealStatus, Satisfaction...). */
export const SHARED_SDL_FILE = fileURLToPath(new URL('../../sdl/shared.graphql', import.meta.url));

/**
 * The SDL files in a subgraph's source folder: schema.graphql first, then any other *.graphql in
 * name order (a large subgraph may split its SDL by area, using `extend type Query` in the later files).
 */
export function subgraphSdlFiles(srcDir: URL): string[] {
  const dir = fileURLToPath(srcDir);
  const others = readdirSync(dir).filter((file) => file.endsWith('.graphql') && file !== 'schema.graphql').sort();
  return ['schema.graphql', ...others].map((file) => `${dir}${dir.endsWith('/') ? '' : '/'}${file}`);
}

/** A subgraph's full SDL: the shared vocabulary, then the subgraph's own files. */
export const subgraphSdl = (srcDir: URL): string =>
  [SHARED_SDL_FILE, ...subgraphSdlFiles(srcDir)].map((file) => readFileSync(file, 'utf8')).join('\n');

/** What a subgraph exports as its typeDefs: `subgraphTypeDefs(new URL('.', import.meta.url))` from its src/. */
export const subgraphTypeDefs = (srcDir: URL): DocumentNode => parse(subgraphSdl(srcDir));
