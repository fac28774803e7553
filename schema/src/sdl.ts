import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SUPERGRAPH_FILE = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

export const readSupergraph = () => readFileSync(SUPERGRAPH_FILE, 'utf8');
