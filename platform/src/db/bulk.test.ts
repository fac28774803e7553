import { sql } from 'drizzle-orm';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing.ts';
import { insertJsonRows, upsertOn } from './bulk.ts';
import { rowsOf, type Database } from './database.ts';

const scratch = pgSchema('bulk_test');
const items = scratch.table('items', { id: integer('id').primaryKey(), label: text('label').notNull(), note: text('note').default('none') });

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.exec(`create schema bulk_test; create table bulk_test.items (id integer primary key, label text not null, note text default 'none', seq serial)`);
});
afterAll(() => database.close());

describe('insertJsonRows', () => {
  it('inserts thousands of rows in order, in chunks, leaving unnamed columns to their defaults', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: 2500 - i, label: `行${i}` }));
    const before = database.statementCount();
    await insertJsonRows(database.db, items, rows);
    expect(database.statementCount() - before).toBe(3);
    const stored = rowsOf<{ id: number; note: string; seq: number }>(
      await database.db.execute(sql`select id, note, seq from bulk_test.items order by seq`),
    );
    expect(stored).toHaveLength(2500);
    expect(stored.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(new Set(stored.map((r) => r.note))).toEqual(new Set(['none']));
  });

  it('upserts on a key, keeping the columns it is told to keep', async () => {
    await insertJsonRows(database.db, items, [{ id: 1, label: 'changed', note: 'new' }], { onConflict: upsertOn(items, 'id', ['note']) });
    const [row] = rowsOf<{ label: string; note: string }>(await database.db.execute(sql`select label, note from bulk_test.items where id = 1`));
    expect(row).toEqual({ label: 'changed', note: 'none' });
  });
});
