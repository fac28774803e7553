import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { appealListConditions, appealPage, overdueCondition, type AppealListFilter, type Executor, type Page } from '@civicgraph/platform';
import { cases, type CaseRow } from '../db/tables.ts';
import { agencySubtreeIds } from '../domain/common.ts';

export interface CaseFilter extends Omit<AppealListFilter, 'assigneeId'> {
  channel?: string[] | null;
  category?: string[] | null;
  /** The assigned agency with its whole sub-agency tree. */
  agencyId?: string | null;
  overdue?: boolean | null;
}

function conditions(filter: CaseFilter, now: Date): SQL[] {
  const where = appealListConditions(cases, filter);
  if (filter.channel?.length) where.push(inArray(cases.channel, filter.channel));
  if (filter.category?.length) where.push(inArray(cases.category, filter.category));
  // The agency with its whole sub-agency tree, read from the directory in the same statement.
  if (filter.agencyId) where.push(sql`${cases.assigneeId} in ${agencySubtreeIds(filter.agencyId)}`);
  // Overdue against `now`, never a stored flag: the kit's rule.
  if (filter.overdue != null) where.push(overdueCondition(cases, now, filter.overdue));
  return where;
}

/** Appeals of every channel, newest first; `scope` is the caller's row-level limit (undefined: none). */
export function listCases(
  db: Executor,
  filter: CaseFilter,
  now: Date,
  { first, after, scope }: { first?: number | null; after?: string | null; scope?: SQL } = {},
): Promise<Page<CaseRow>> {
  return appealPage(db, cases, [scope, ...conditions(filter, now)], first, after);
}

export async function caseByNumber(db: Executor, number: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.number, number.trim())).limit(1);
  return row ?? null;
}
