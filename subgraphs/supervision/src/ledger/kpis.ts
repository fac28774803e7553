import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '@civicgraph/platform';

export interface KpiKey {
  agencyId: string;
  from: Date;
  to: Date;
  /** Only the cases of these channels; all channels when null. */
  channels: readonly string[] | null;
}

export interface AgencyKpis {
  from: Date;
  to: Date;
  assigned: number;
  dispatched: number;
  replied: number;
  closed: number;
  rated: number;
  repliedOnTime: number;
  satisfied: number;
  completionRate: number | null;
  feedbackRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  averageHandlingHours: number | null;
}

interface KpiRow {
  k: number;
  assigned: number;
  dispatched: number;
  replied: number;
  closed: number;
  rated: number;
  on_time: number;
  satisfied: number;
  avg_hours: string | number | null;
}

const rate = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * KPIs of many (agency, period) pairs in one statement. The population is the cohort of cases
 * first assigned in [from, to) and assigned to the agency now or dispatched by it (each case once:
 * both the handling agency and the dispatching office answer for it); outcomes are as known now. A reply
 * is on time when it came no later than the deadline (a case without a deadline cannot be late).
 */
export async function loadKpis(db: Executor, keys: readonly KpiKey[]): Promise<AgencyKpis[]> {
  const values = sql.join(
    keys.map((key, i) => sql`(${i}::int, ${key.agencyId}::text, ${key.from.toISOString()}::timestamptz, ${key.to.toISOString()}::timestamptz, ${key.channels?.join(',') ?? null}::text)`),
    sql`, `,
  );
  const rows = rowsOf<KpiRow>(
    await db.execute(sql`
      with k(k, agency_id, from_at, to_at, channels) as (values ${values})
      select k.k,
        count(c.id)::int as assigned,
        (count(*) filter (where c.dispatcher_id = k.agency_id and c.assignee_id is distinct from k.agency_id))::int as dispatched,
        count(c.replied_at)::int as replied,
        (count(*) filter (where c.status = 'CLOSED'))::int as closed,
        (count(*) filter (where c.replied_at is not null and c.satisfaction is not null))::int as rated,
        (count(*) filter (where c.replied_at is not null and (c.due_at is null or c.replied_at <= c.due_at)))::int as on_time,
        (count(*) filter (where c.replied_at is not null
          and c.satisfaction in ('VERY_SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED')))::int as satisfied,
        avg(extract(epoch from (c.replied_at - c.first_assigned_at)) / 3600) as avg_hours
      from k left join supervision.cases c
        on (c.assignee_id = k.agency_id or c.dispatcher_id = k.agency_id) and c.first_assigned_at >= k.from_at and c.first_assigned_at < k.to_at
          and (k.channels is null or c.channel = any(string_to_array(k.channels, ',')))
      group by k.k`),
  );
  const byIndex = new Map(rows.map((r) => [Number(r.k), r]));
  return keys.map((key, i) => {
    const r = byIndex.get(i);
    const n = (v: number | undefined) => Number(v ?? 0);
    const [assigned, dispatched, replied, closed, rated, onTime, satisfied] = [
      r?.assigned, r?.dispatched, r?.replied, r?.closed, r?.rated, r?.on_time, r?.satisfied,
    ].map(n) as [number, number, number, number, number, number, number];
    return {
      from: key.from, to: key.to, assigned, dispatched, replied, closed, rated, repliedOnTime: onTime, satisfied,
      completionRate: rate(closed, assigned),
      feedbackRate: rate(rated, replied),
      onTimeRate: rate(onTime, replied),
      satisfactionRate: rate(satisfied, rated),
      averageHandlingHours: r?.avg_hours == null ? null : Number(r.avg_hours),
    };
  });
}
