import { isUuid } from '@civicgraph/platform';
import { sql } from 'drizzle-orm';
import { invalidInput, isRegionCode, regionPrefix, rowsOf, type Clock, type Executor, type Tx } from '@civicgraph/platform';
import { numberCounters } from '../db/tables.ts';

/** Who acts, on which database, at what time. */
export interface Actor {
  db: Executor;
  clock: Clock;
  actor: string;
}

/**
 * The caller's right to act on a row, checked inside the writing transaction right after the row is
 * read and locked (so the facts cannot change under the check). Demo seeding and background work pass none.
 */
export type Authorize<Row> = (row: Row) => Promise<void> | void;

export const LIMITS = { title: 200, content: 5000, note: 2000, category: 100, name: 100, phone: 30 } as const;

// Kept as this module's export so existing imports stay; the check itself lives in platform.
export { isUuid };

/** `like` pattern of a region and every region below it. */
export function regionSubtree(regionCode: string, field = 'regionCode'): string {
  if (!isRegionCode(regionCode)) throw invalidInput(field, 'must be a six-digit administrative code');
  return `${regionPrefix(regionCode)}%`;
}

/**
 * The agency directory is the agencies subgraph's schema in the same database; supervision only
 * reads it. Returns the region each of the given agencies is seated in (absent ones are missing),
 * which the transfer's locality check needs beside existence (platform's requireAgencies).
 */
export async function agencyRegions(db: Executor, agencyIds: readonly string[]): Promise<Map<string, string>> {
  if (agencyIds.length === 0) return new Map();
  const rows = rowsOf<{ id: string; region_code: string }>(
    await db.execute(sql`select id, region_code from agencies.agencies
      where id in (${sql.join([...new Set(agencyIds)].map((id) => sql`${id}`), sql`, `)})`),
  );
  return new Map(rows.map((r) => [r.id, r.region_code]));
}

/** Which of many region codes exist, in one read (platform's regionExists asks about one). */
export async function existingRegions(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = rowsOf<{ code: string }>(
    await db.execute(sql`select code from agencies.regions
      where code in (${sql.join([...new Set(codes)].map((c) => sql`${c}`), sql`, `)})`),
  );
  return new Set(rows.map((r) => r.code));
}

/** SQL for the ids of an agency and every agency below it in the directory's tree. */
export const agencySubtreeIds = (agencyId: string) => sql`(
  with recursive subtree(id) as (
    select id from agencies.agencies where id = ${agencyId}
    union all
    select a.id from agencies.agencies a join subtree s on a.parent_id = s.id
  ) select id from subtree)`;

export async function agencySubtree(db: Executor, agencyId: string): Promise<Set<string>> {
  return new Set(rowsOf<{ id: string }>(await db.execute(sql`select id from ${agencySubtreeIds(agencyId)} as t`)).map((r) => r.id));
}

/** Whether an agency seated in `agencyRegion` can be given an appeal about `appealRegion`: one area must contain the other. */
export function servesRegion(agencyRegion: string, appealRegion: string): boolean {
  const a = regionPrefix(agencyRegion);
  const b = regionPrefix(appealRegion);
  return a.startsWith(b) || b.startsWith(a);
}

/** Reserves `count` consecutive numbers of a kind for a year; returns the first. */
export async function reserveNumbers(tx: Tx, kind: string, year: number, count: number): Promise<number> {
  const [counter] = await tx
    .insert(numberCounters)
    .values({ kind, year, last: count })
    .onConflictDoUpdate({ target: [numberCounters.kind, numberCounters.year], set: { last: sql`${numberCounters.last} + ${count}` } })
    .returning();
  return counter!.last - count + 1;
}

export const formatNumber = (kind: string, year: number, n: number) => `${kind}-${year}-${String(n).padStart(6, '0')}`;

/** The year (China Standard Time) an instant falls in, for numbering. */
export const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
