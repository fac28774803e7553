import DataLoader from 'dataloader';
import { asc, inArray, like, or, type SQL } from 'drizzle-orm';
import { byKey, groupByKey, isRegionCode, regionPrefix, type Db } from '@civicgraph/platform';
import { agencies, regions, type AgencyRow, type RegionRow } from './db/tables.ts';

/** Which agencies a region's `agencies` field asks for: those seated in it, or in its whole subtree. */
export interface RegionAgenciesKey {
  code: string;
  includeSubregions: boolean;
}

/** A region's subtree as a prefix of its code; null for a malformed code (it has no subtree). */
const prefixOf = (code: string): string | null => (isRegionCode(code) ? regionPrefix(code) : null);

/**
 * Per-request loaders: each batch is one SQL statement, so a request costs a fixed number of
 * statements however many regions, agencies or entity references it touches.
 */
export function createLoaders(db: Db) {
  return {
    regionByCode: new DataLoader<string, RegionRow | null>(async (codes) =>
      byKey(codes, await db.select().from(regions).where(inArray(regions.code, [...codes])), (r) => r.code),
    ),

    agencyById: new DataLoader<string, AgencyRow | null>(async (ids) =>
      byKey(ids, await db.select().from(agencies).where(inArray(agencies.id, [...ids])), (a) => a.id),
    ),

    regionsByParent: new DataLoader<string, RegionRow[]>(async (codes) => {
      const rows = await db.select().from(regions).where(inArray(regions.parentCode, [...codes])).orderBy(asc(regions.code));
      return groupByKey(codes, rows, (r) => r.parentCode);
    }),

    agenciesByParent: new DataLoader<string, AgencyRow[]>(async (ids) => {
      const rows = await db.select().from(agencies).where(inArray(agencies.parentId, [...ids])).orderBy(asc(agencies.id));
      return groupByKey(ids, rows, (a) => a.parentId);
    }),

    // Exact seats go into one IN list, subtrees into LIKE prefixes, all in one statement; the rows
    // are then handed to every key they belong to (one row may serve a region and its ancestors).
    agenciesByRegion: new DataLoader<RegionAgenciesKey, AgencyRow[], string>(
      async (keys) => {
        const exact = keys.filter((k) => !k.includeSubregions).map((k) => k.code);
        const prefixes = keys.flatMap((k) => (k.includeSubregions ? (prefixOf(k.code) ?? []) : []));
        const conditions: SQL[] = [
          ...(exact.length > 0 ? [inArray(agencies.regionCode, exact)] : []),
          ...[...new Set(prefixes)].map((p) => like(agencies.regionCode, `${p}%`)),
        ];
        const rows = conditions.length > 0
          ? await db.select().from(agencies).where(or(...conditions)).orderBy(asc(agencies.regionCode), asc(agencies.id))
          : [];
        return keys.map((key) => {
          const prefix = key.includeSubregions ? prefixOf(key.code) : null;
          return rows.filter((a) => (prefix === null ? a.regionCode === key.code : a.regionCode.startsWith(prefix)));
        });
      },
      { cacheKeyFn: (key) => `${key.code}:${key.includeSubregions}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

