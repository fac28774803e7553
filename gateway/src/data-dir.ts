import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The PostgreSQL major version of the bundled PGlite: a data folder written by another one cannot be opened. */
export const PGLITE_PG_VERSION = '18';

const fresh = 'start with a folder of your own: CIVICGRAPH_DATA_DIR=<an empty or missing folder> npm start';

/**
 * Why `dir` cannot be the PGlite data folder, in words that say what to do; null when it can
 * (missing or empty: created and initialized; or a PGlite database of this version). PGlite itself
 * only exits with "Program terminated with exit(1)" on such a folder.
 */
export function dataDirProblem(dir: string): string | null {
  if (existsSync(dir) && !statSync(dir).isDirectory()) return `the data folder ${dir} is a file, not a folder: ${fresh}`;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return `cannot create the data folder ${dir} (${(error as NodeJS.ErrnoException).code}): ${fresh}`;
  }
  // Write a probe rather than ask access(): it also catches read-only mounts, and root.
  const probe = join(dir, `.civicgraph-write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    return `cannot write in the data folder ${dir} (${(error as NodeJS.ErrnoException).code}): give this user write permission on it, or ${fresh}`;
  }
  const entries = readdirSync(dir);
  if (entries.length === 0) return null;
  if (!entries.includes('PG_VERSION')) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', ...' : '');
    return `the data folder ${dir} is not empty and holds no database (${shown}): move those files away, or ${fresh}`;
  }
  const version = readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim();
  if (version !== PGLITE_PG_VERSION) {
    return `the data folder ${dir} holds a PostgreSQL ${version} database; this PGlite reads only PostgreSQL ${PGLITE_PG_VERSION}: move it away (or dump it with that version's tools), or ${fresh}`;
  }
  return null;
}
