import { sql } from 'drizzle-orm';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from './database.ts';

// PGlite on disk, as `npm start` opens it (whichever database the suite runs on): its settings, and
// releaseMemory re-opening it under callers that keep their handles.
const root = mkdtempSync(join(tmpdir(), 'civicgraph-pglite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const show = async (database: Database, setting: string) =>
  rowsOf<Record<string, string>>(await database.db.execute(sql.raw(`show ${setting}`)))[0]![setting];
const count = async (database: Database) =>
  Number(rowsOf<{ n: string | number }>(await database.db.execute(sql`select count(*) as n from notes`))[0]!.n);

describe('PGlite on disk', () => {
  it('starts a fresh folder with small buffers, minimal WAL in 1 MB segments, the normal planner and no template databases', async () => {
    const dir = join(root, 'settings');
    const database = await openDatabase({ dataDir: dir });
    try {
      expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()).toBe('18');
      expect(await show(database, 'shared_buffers')).toBe('16MB');
      expect(await show(database, 'wal_level')).toBe('minimal');
      expect(await show(database, 'wal_segment_size')).toBe('1MB');
      expect(await show(database, 'enable_seqscan')).toBe('on');
      // Only the hub's own database is kept: one folder under base/.
      const databases = rowsOf<{ datname: string }>(await database.db.execute(sql`select datname from pg_database order by datname`));
      expect(databases.map((d) => d.datname)).toEqual(['postgres']);
      expect(readdirSync(join(dir, 'base'))).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it('re-opens under its callers: calls made meanwhile wait and answer, listeners keep hearing, nothing is lost', async () => {
    const dir = join(root, 'reopen');
    const database = await openDatabase({ dataDir: dir });
    const heard: string[] = [];
    const unlisten = await database.listen('notes_written', (payload) => heard.push(payload));
    try {
      await database.exec(`create table notes (id int primary key, body text not null)`);
      await database.db.execute(sql`insert into notes select g, 'note ' || g from generate_series(1, 5000) g`);
      await database.exec(`notify notes_written, 'before'`);
      // A transaction already running, the re-open, and calls sent while it re-opens.
      const running = database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into notes values (5001, 'in the running transaction')`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      const reopened = database.releaseMemory();
      const meanwhile = Promise.all([count(database), database.db.execute(sql`insert into notes values (5002, 'sent meanwhile')`)]);
      await Promise.all([running, reopened]);
      const [seen] = await meanwhile;
      expect(seen).toBe(5001);
      expect(await count(database)).toBe(5002);
      await database.exec(`notify notes_written, 'after'`);
      await expect.poll(() => heard).toEqual(['before', 'after']);
      await unlisten();
      await database.exec(`notify notes_written, 'unheard'`);
      expect(await count(database)).toBe(5002);
      expect(heard).toEqual(['before', 'after']);
    } finally {
      await database.close();
    }
    // What was written is on disk, and the WAL kept is a few MB (80 MB at least with PGlite's own settings).
    const again = await openDatabase({ dataDir: dir });
    try {
      expect(await count(again)).toBe(5002);
    } finally {
      await again.close();
    }
    const segments = readdirSync(join(dir, 'pg_wal')).filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(segments.reduce((bytes, name) => bytes + statSync(join(dir, 'pg_wal', name)).size, 0)).toBeLessThanOrEqual(8 * 2 ** 20);
  });
});
