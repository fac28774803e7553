import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './db/database.ts';
import { isUuid } from './validation.ts';

/** DataLoader batch results must follow the order of the keys; these put rows back in that order. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * Per key, the rows of `table` whose column `key` (a property name) holds it, in `sequence` order:
 * a timeline per appeal or order, a hotline ticket's return visits (keys are uuids). One statement per batch.
 */
export function sequencedRowsLoader<Row>(db: Executor, table: PgTable, key: string): DataLoader<string, Row[]> {
  const columns = table as unknown as Record<string, PgColumn>;
  const keyColumn = columns[key]!;
  return new DataLoader<string, Row[]>(async (ids) => {
    // Keys are uuids; one that is not has no rows and must not reach the uuid column.
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? ((await db.select().from(table).where(inArray(keyColumn, valid)).orderBy(asc(keyColumn), asc(columns.sequence!))) as Record<string, unknown>[])
      : [];
    return groupByKey(ids, rows, (row) => row[key] as string) as Row[][];
  });
}
