import { eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type AgencyDirectory } from '@civicgraph/platform';
import { agencies, regions } from './db/tables.ts';

/**
 * The agency directory as every subgraph reads it (the platform's AgencyDirectory): the agencies
 * subgraph's tables stay its own; the others read them through this, in their own transaction.
 */
export const agencyDirectory: AgencyDirectory = {
  async agencyKinds(db, ids) {
    if (ids.length === 0) return new Map();
    const rows = await db.select({ id: agencies.id, kind: agencies.kind }).from(agencies).where(inArray(agencies.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.kind]));
  },
  async agencyNames(db, ids) {
    if (ids.length === 0) return new Map();
    const rows = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.name]));
  },
  async existingRegions(db, codes) {
    if (codes.length === 0) return new Set();
    return new Set((await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, [...codes]))).map((r) => r.code));
  },
  async allKeys(db) {
    // One statement for both lists: a request resolving references at any depth reads the directory once.
    const rows = rowsOf<{ kind: string; key: string }>(
      await db.execute(sql`select 'region' as kind, ${regions.code} as key from ${regions} union all select 'agency', ${agencies.id} from ${agencies}`),
    );
    return {
      regions: new Set(rows.filter((r) => r.kind === 'region').map((r) => r.key)),
      agencies: new Set(rows.filter((r) => r.kind === 'agency').map((r) => r.key)),
    };
  },
  async regionExists(db, code) {
    return (await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code))).length > 0;
  },
  async agencySubtree(db, agencyId) {
    const rows = rowsOf<{ id: string; region_code: string; depth: number }>(
      await db.execute(sql`
        with recursive tree as (
          select id, region_code, 0 as depth from ${agencies} where id = ${agencyId}
          union all
          select a.id, a.region_code, tree.depth + 1 from ${agencies} a join tree on a.parent_id = tree.id
        ), up as (
          select id, parent_id, region_code, 0 as depth from ${agencies} where id = ${agencyId}
          union all
          select a.id, a.parent_id, a.region_code, up.depth - 1 from ${agencies} a join up on a.id = up.parent_id
        )
        select id, region_code, depth from tree
        union all
        select id, region_code, depth from up where depth < 0`),
    );
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code, depth: Number(r.depth) }));
  },
};
