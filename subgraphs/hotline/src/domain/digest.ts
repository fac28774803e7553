import { sql } from 'drizzle-orm';
import { AWAITING_REPLY, chinaDate, invalidInput, rowsOf, type Executor } from '@civicgraph/platform';

/*
 * The People's Voice Digest (民声摘报): what a week's calls say, for decision makers. Computed from
 * the tickets when asked, never stored: it is a pure function of (week, hotline) over live data,
 * so it always agrees with the tickets it links to (a ticket reopened later shows up in the week it
 * was reopened) and there is no copy to keep in step. Three statements, whatever the volume.
 */

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface DigestWeek {
  /** Monday and Sunday, as calendar dates in China Standard Time. */
  weekStart: string;
  weekEnd: string;
  from: Date;
  to: Date;
  previousFrom: Date;
}

/** The Monday-to-Sunday week (China Standard Time) that contains `date`. */
export function weekOf(date: string): DigestWeek {
  const day = new Date(`${date}T00:00:00+08:00`);
  if (!DATE.test(date) || Number.isNaN(day.getTime()) || chinaDate(day) !== date) {
    throw invalidInput('week', 'must be a calendar date, YYYY-MM-DD');
  }
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const from = new Date(day.getTime() - ((weekday + 6) % 7) * DAY_MS);
  const to = new Date(from.getTime() + 7 * DAY_MS);
  return { weekStart: chinaDate(from), weekEnd: chinaDate(new Date(to.getTime() - DAY_MS)), from, to, previousFrom: new Date(from.getTime() - 7 * DAY_MS) };
}

export interface DigestCategoryItem {
  categoryId: string;
  count: number;
  previousWeekCount: number;
  change: number;
  /** (this week − last week) / last week; null when last week had none. */
  changeRate: number | null;
  ticketIds: string[];
}

export interface DigestRepeatedItem {
  categoryId: string;
  regionCode: string;
  count: number;
  ticketIds: string[];
}

export type HardCaseReason = 'OVERDUE' | 'REOPENED';
export interface DigestHardCaseItem {
  ticketId: string;
  reasons: HardCaseReason[];
  /** The deadline that passed during the week without an answer. */
  overdueSince: Date | null;
  reopenedAt: Date | null;
}

export interface Digest extends DigestWeek {
  hotlineId: string | null;
  totalTickets: number;
  previousWeekTotal: number;
  topCategories: DigestCategoryItem[];
  repeatedComplaints: DigestRepeatedItem[];
  hardCases: DigestHardCaseItem[];
}

const idsOf = (joined: string | null) => (joined ? joined.split(',') : []);
const instant = (value: string | Date | null) => (value === null ? null : new Date(value));
/** Instants go to SQL as ISO text with an explicit type, the same on both drivers. */
const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/**
 * The digest of the week containing `date`:
 * - top categories: the `top` categories with most tickets opened in the week, with last week's count;
 * - repeated complaints: two or more tickets in the week about the same category in the same place (region code);
 * - hard cases: tickets with a deadline that passed during the week (up to now) while it was in force
 *   and the agency still owed its answer (status then: assigned, returned, in progress or reply under
 *   review) — read from the timeline, so a deadline renewed by a later reopening still counts — and
 *   tickets reopened during the week after a dissatisfied return visit.
 */
export async function computeDigest(db: Executor, date: string, options: { hotlineId?: string | null; top?: number | null; now: Date }): Promise<Digest> {
  const week = weekOf(date);
  const top = options.top ?? 10;
  if (!Number.isInteger(top) || top < 1 || top > 50) throw invalidInput('top', 'must be between 1 and 50');
  const hotlineId = options.hotlineId ?? null;
  const onHotline = hotlineId ? sql`and t.hotline_id = ${hotlineId}` : sql``;
  const until = options.now < week.to ? options.now : week.to;

  const byCategory = rowsOf<{ category_id: string; count: number; previous: number; ids: string | null }>(
    await db.execute(sql`
      select t.category_id,
        (count(*) filter (where t.submitted_at >= ${ts(week.from)}))::int as count,
        (count(*) filter (where t.submitted_at < ${ts(week.from)}))::int as previous,
        string_agg(t.id::text, ',' order by t.submitted_at, t.id) filter (where t.submitted_at >= ${ts(week.from)}) as ids
      from hotline.tickets t
      where t.submitted_at >= ${ts(week.previousFrom)} and t.submitted_at < ${ts(week.to)} ${onHotline}
      group by t.category_id`),
  );
  const repeated = rowsOf<{ category_id: string; region_code: string; count: number; ids: string }>(
    await db.execute(sql`
      select t.category_id, t.region_code, count(*)::int as count, string_agg(t.id::text, ',' order by t.submitted_at, t.id) as ids
      from hotline.tickets t
      where t.submitted_at >= ${ts(week.from)} and t.submitted_at < ${ts(week.to)} ${onHotline}
      group by t.category_id, t.region_code
      having count(*) >= 2
      order by count(*) desc, t.category_id, t.region_code`),
  );
  const awaiting = sql.join(AWAITING_REPLY.map((s) => sql`${s}`), sql`, `);
  const hard = rowsOf<{ id: string; reason: HardCaseReason; at: string | Date }>(
    await db.execute(sql`
      with deadlines as (
        select distinct tt.ticket_id, tt.due_at from hotline.ticket_transitions tt join hotline.tickets t on t.id = tt.ticket_id
        where tt.due_at >= ${ts(week.from)} and tt.due_at < ${ts(until)} ${onHotline}
      ), state_at_deadline as (
        select distinct on (d.ticket_id, d.due_at) d.ticket_id, d.due_at, tt.to_status, tt.due_at as due_in_force
        from deadlines d join hotline.ticket_transitions tt on tt.ticket_id = d.ticket_id and tt.at <= d.due_at
        order by d.ticket_id, d.due_at, tt.sequence desc
      )
      select s.ticket_id::text as id, 'OVERDUE' as reason, s.due_at as at from state_at_deadline s
      where s.due_in_force = s.due_at and s.to_status in (${awaiting})
      union all
      select tt.ticket_id::text, 'REOPENED', tt.at
      from hotline.ticket_transitions tt join hotline.tickets t on t.id = tt.ticket_id
      where tt.action = 'REOPEN' and tt.at >= ${ts(week.from)} and tt.at < ${ts(week.to)} ${onHotline}
      order by at, id`),
  );

  const topCategories = byCategory
    .filter((r) => r.count > 0)
    .map((r) => ({
      categoryId: r.category_id,
      count: r.count,
      previousWeekCount: r.previous,
      change: r.count - r.previous,
      changeRate: r.previous > 0 ? (r.count - r.previous) / r.previous : null,
      ticketIds: idsOf(r.ids),
    }))
    .sort((a, b) => b.count - a.count || b.change - a.change || a.categoryId.localeCompare(b.categoryId))
    .slice(0, top);

  const hardCases = new Map<string, DigestHardCaseItem>();
  for (const row of hard) {
    const item = hardCases.get(row.id) ?? { ticketId: row.id, reasons: [], overdueSince: null, reopenedAt: null };
    if (!item.reasons.includes(row.reason)) item.reasons.push(row.reason);
    if (row.reason === 'OVERDUE') item.overdueSince = instant(row.at);
    else item.reopenedAt ??= instant(row.at);
    hardCases.set(row.id, item);
  }

  return {
    ...week,
    hotlineId,
    totalTickets: byCategory.reduce((n, r) => n + r.count, 0),
    previousWeekTotal: byCategory.reduce((n, r) => n + r.previous, 0),
    topCategories,
    repeatedComplaints: repeated.map((r) => ({ categoryId: r.category_id, regionCode: r.region_code, count: r.count, ticketIds: idsOf(r.ids) })),
    hardCases: [...hardCases.values()],
  };
}
