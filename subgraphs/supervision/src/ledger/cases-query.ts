import { and, count, desc, eq, gte, inArray, like, lte, sql, type SQL } from 'drizzle-orm';
import type { AppealStatus, Executor } from '@civicgraph/platform';
import { cases, type CaseRow } from '../db/tables.ts';
import { agencySubtreeIds, regionSubtree } from '../domain/common.ts';
import { checkRange, keysetPage, type Page } from '@civicgraph/platform';
import { AWAITING_REPLY } from './overdue.ts';

export interface CaseFilter {
  channel?: string[] | null;
  status?: AppealStatus[] | null;
  category?: string[] | null;
  agencyId?: string | null;
  regionCode?: string | null;
  overdue?: boolean | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
}

/** Overdue against `now`, never a stored flag: awaiting its reply and past its deadline. */
export function overdueCondition(now: Date): SQL {
  return sql`(${cases.dueAt} < ${now.toISOString()}::timestamptz
    and ${inArray(cases.status, [...AWAITING_REPLY])})`;
}

function conditions(filter: CaseFilter, now: Date): SQL[] {
  const where: SQL[] = [];
  if (filter.channel?.length) where.push(inArray(cases.channel, filter.channel));
  if (filter.status?.length) where.push(inArray(cases.status, filter.status));
  if (filter.category?.length) where.push(inArray(cases.category, filter.category));
  // The agency with its whole sub-agency tree, read from the directory in the same statement.
  if (filter.agencyId) where.push(sql`${cases.assigneeId} in ${agencySubtreeIds(filter.agencyId)}`);
  if (filter.regionCode) where.push(like(cases.regionCode, regionSubtree(filter.regionCode, 'filter.regionCode')));
  if (filter.overdue === true) where.push(overdueCondition(now));
  if (filter.overdue === false) where.push(sql`not coalesce(${overdueCondition(now)}, false)`);
  if (filter.submittedFrom) where.push(gte(cases.submittedAt, filter.submittedFrom));
  if (filter.submittedTo) where.push(lte(cases.submittedAt, filter.submittedTo));
  checkRange(filter.submittedFrom, filter.submittedTo, 'filter.submittedTo');
  return where;
}

/** Appeals of every channel, newest first; `scope` is the caller's row-level limit (undefined: none). */
export function listCases(
  db: Executor,
  filter: CaseFilter,
  now: Date,
  { first, after, scope }: { first?: number | null; after?: string | null; scope?: SQL } = {},
): Promise<Page<CaseRow>> {
  const where = [...(scope ? [scope] : []), ...conditions(filter, now)];
  return keysetPage({
    first, after, at: cases.submittedAt, id: cases.id, key: (r) => ({ at: r.submittedAt, id: r.id }),
    filtered: where.length ? and(...where) : undefined,
    rows: (w, limit) => db.select().from(cases).where(w).orderBy(desc(cases.submittedAt), desc(cases.id)).limit(limit),
    count: async (w) => Number((await db.select({ n: count() }).from(cases).where(w))[0]?.n ?? 0),
  });
}

export async function caseByNumber(db: Executor, number: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.number, number.trim())).limit(1);
  return row ?? null;
}
