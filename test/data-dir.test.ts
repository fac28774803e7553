import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGLITE_PG_VERSION } from '../gateway/src/data-dir.ts';

// `npm start` on a data folder that is not a database it can open: a message saying what to do and
// exit code 1, before anything heavy loads (PGlite alone would exit with "Program terminated with exit(1)").
const root = mkdtempSync(join(tmpdir(), 'civicgraph-data-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// npm start's own command (package.json), run from the repository's root.
const repo = resolve(import.meta.dirname, '..');
const startArgs = (JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);

function npmStart(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CIVICGRAPH_DATA_DIR: dataDir, PORT: '0' };
  delete env.DATABASE_URL;
  return new Promise((done) => {
    const child = execFile(process.execPath, startArgs, { cwd: repo, env, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: child.exitCode ?? (error as { code?: number } | null)?.code ?? null, stdout, stderr }),
    );
  });
}

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('npm start on a data folder that is not a database', () => {
  it('refuses a non-empty folder of other files, naming them and saying how to start fresh', async () => {
    const dir = folder('notes', { 'notes.txt': 'my notes', 'photo.jpg': 'not really' });
    const { code, stderr, stdout } = await npmStart(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`the data folder ${dir} is not empty and holds no database (notes.txt, photo.jpg)`);
    expect(stderr).toContain('CIVICGRAPH_DATA_DIR=');
    expect(stdout).not.toContain('civicgraph is up');
    // Nothing was written into the user's folder.
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'photo.jpg']);
  });

  it('refuses a database of another PostgreSQL version, such as the one an older civicgraph wrote (PostgreSQL 17)', async () => {
    for (const version of ['15', '17']) {
      const dir = folder(`pg${version}`, { PG_VERSION: `${version}\n`, 'postgresql.conf': '' });
      const { code, stderr } = await npmStart(dir);
      expect(code).toBe(1);
      expect(stderr).toContain(`the data folder ${dir} holds a PostgreSQL ${version} database; this PGlite reads only PostgreSQL ${PGLITE_PG_VERSION}`);
    }
    expect(PGLITE_PG_VERSION).toBe('18');
  });

  it('refuses a file where the folder should be, and a folder that cannot be created', async () => {
    const file = join(folder('files', { 'a-file': 'x' }), 'a-file');
    const asFile = await npmStart(file);
    expect(asFile.code).toBe(1);
    expect(asFile.stderr).toContain(`the data folder ${file} is a file, not a folder`);
    const under = await npmStart(join(file, 'pglite'));
    expect(under.code).toBe(1);
    expect(under.stderr).toContain(`cannot create the data folder ${join(file, 'pglite')} (ENOTDIR)`);
  });
});
