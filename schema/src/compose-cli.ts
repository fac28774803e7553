import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose.ts';
import { SUPERGRAPH_FILE } from './sdl.ts';

// `npm run compose` writes schema/supergraph.graphql; with --check it only verifies that the
// committed file is what composition produces now, and fails on composition errors.
const check = process.argv.includes('--check');
const result = await composeSupergraph();
if ('errors' in result) {
  console.error(`Composition failed:\n- ${result.errors.join('\n- ')}`);
  process.exit(1);
}
const committed = existsSync(SUPERGRAPH_FILE) ? readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
if (check) {
  if (committed !== result.supergraphSdl) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
    process.exit(1);
  }
  console.log('supergraph.graphql is up to date');
} else {
  writeFileSync(SUPERGRAPH_FILE, result.supergraphSdl);
  console.log(committed === result.supergraphSdl ? 'supergraph.graphql unchanged' : 'supergraph.graphql written');
}
