import { sql } from 'drizzle-orm';
import { isUuid, regionPrefix, rowsOf, type Executor } from '@civicgraph/platform';

export { LIMITS } from './channel.ts';
export { regionSubtree, type Actor } from '@civicgraph/platform';

// Kept as this module's export so existing imports stay; the check itself lives in platform.
export { isUuid };

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
