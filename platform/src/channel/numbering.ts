import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { chinaYear } from '../calendar.ts';
import type { Executor } from '../db/database.ts';

/**
 * A subgraph's counter table behind human-readable numbers (BRD-2027-000001): one row per year,
 * or per kind and year when one table numbers several kinds (clues and supervision orders).
 */
export interface NumberCounter {
  table: PgTable & { year: PgColumn; last: PgColumn; kind?: PgColumn };
  /** The row's kind, for tables keyed by (kind, year). */
  kind?: string;
}

/**
 * Reserves `count` consecutive numbers `prefix-YYYY-NNNNNN` in one statement. The year is the
 * China Standard Time year of `at`: a message posted at 2027-01-01 00:30 +08:00 is numbered 2027.
 */
export async function reserveNumbers(db: Executor, counter: NumberCounter, prefix: string, at: Date, count = 1): Promise<string[]> {
  const year = chinaYear(at);
  const { table, kind } = counter;
  const target = kind !== undefined && table.kind ? [table.kind, table.year] : [table.year];
  const [row] = (await db
    .insert(table)
    .values({ year, last: count, ...(kind !== undefined ? { kind } : {}) } as never)
    .onConflictDoUpdate({ target, set: { last: sql`${table.last} + ${count}` } as never })
    .returning({ last: table.last })) as { last: number }[];
  const first = row!.last - count + 1;
  return Array.from({ length: count }, (_, i) => formatNumber(prefix, year, first + i));
}

export const formatNumber = (prefix: string, year: number, n: number) => `${prefix}-${year}-${String(n).padStart(6, '0')}`;

