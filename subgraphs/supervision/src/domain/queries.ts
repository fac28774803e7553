import { and, arrayOverlaps, count, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { appealListConditions, appealPage, invalidInput, isRegionCode, regionPrefix, type AppealListFilter, type Executor } from '@civicgraph/platform';
import { clues, inspectionCampaigns, supervisionOrders, type CampaignRow, type ClueRow, type OrderRow } from '../db/tables.ts';
import { isUuid, regionSubtree } from './common.ts';
import { checkRange, keysetPage, type Page } from '@civicgraph/platform';

export interface ClueFilter extends AppealListFilter {
  sensitivity?: string[] | null;
  category?: string | null;
}

/** `scope` is the caller's row-level limit (undefined: none), ANDed into every filter. */
export function listClues(db: Executor, filter: ClueFilter, first?: number | null, after?: string | null, scope?: SQL): Promise<Page<ClueRow>> {
  const where = appealListConditions(clues, filter);
  if (filter.sensitivity?.length) where.push(inArray(clues.sensitivity, filter.sensitivity));
  if (filter.category) where.push(eq(clues.category, filter.category));
  return appealPage(db, clues, [scope, ...where], first, after);
}

export interface OrderFilter {
  status?: string[] | null;
  origin?: string | null;
  targetAgencyId?: string | null;
  issuingAgencyId?: string | null;
  appealId?: string | null;
}

export function listOrders(db: Executor, filter: OrderFilter, first?: number | null, after?: string | null, scope?: SQL): Promise<Page<OrderRow>> {
  const where: SQL[] = scope ? [scope] : [];
  const o = supervisionOrders;
  if (filter.status?.length) where.push(inArray(o.status, filter.status));
  if (filter.origin) where.push(eq(o.origin, filter.origin));
  if (filter.targetAgencyId) where.push(eq(o.targetAgencyId, filter.targetAgencyId));
  if (filter.issuingAgencyId) where.push(eq(o.issuingAgencyId, filter.issuingAgencyId));
  if (filter.appealId) where.push(isUuid(filter.appealId) ? eq(o.appealId, filter.appealId) : sql`false`);
  return keysetPage({
    first, after, at: o.issuedAt, id: o.id, key: (r) => ({ at: r.issuedAt, id: r.id }),
    filtered: where.length ? and(...where) : undefined,
    rows: (w, limit) => db.select().from(o).where(w).orderBy(desc(o.issuedAt), desc(o.id)).limit(limit),
    count: async (w) => Number((await db.select({ n: count() }).from(o).where(w))[0]?.n ?? 0),
  });
}

export interface CampaignFilter {
  regionCode?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** The regions a region code can be covered by: itself and its ancestors (prefecture, province). */
function coveringCodes(code: string): string[] {
  const prefix = regionPrefix(code);
  return [...new Set([code, `${prefix.slice(0, 4).padEnd(6, '0')}`, `${prefix.slice(0, 2)}0000`])];
}

export function listCampaigns(db: Executor, filter: CampaignFilter, first?: number | null, after?: string | null): Promise<Page<CampaignRow>> {
  const where: SQL[] = [];
  const c = inspectionCampaigns;
  if (filter.regionCode) {
    if (!isRegionCode(filter.regionCode)) throw invalidInput('filter.regionCode', 'must be a six-digit administrative code');
    // Covered by a campaign over the region or an area above it, or the campaign visits a place inside it.
    const inside = sql`exists (select 1 from unnest(${c.regionCodes}) as r(code) where r.code like ${regionSubtree(filter.regionCode)})`;
    where.push(or(arrayOverlaps(c.regionCodes, coveringCodes(filter.regionCode)), inside)!);
  }
  if (filter.from) where.push(gte(c.endsAt, filter.from));
  if (filter.to) where.push(lte(c.startsAt, filter.to));
  checkRange(filter.from, filter.to, 'filter.to');
  return keysetPage({
    first, after, at: c.startsAt, id: c.id, key: (r) => ({ at: r.startsAt, id: r.id }),
    filtered: where.length ? and(...where) : undefined,
    rows: (w, limit) => db.select().from(c).where(w).orderBy(desc(c.startsAt), desc(c.id)).limit(limit),
    count: async (w) => Number((await db.select({ n: count() }).from(c).where(w))[0]?.n ?? 0),
  });
}
