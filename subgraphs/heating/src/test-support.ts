import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '@civicgraph/platform';

/**
 * For tests: everything this subgraph writes, with checksums (and the events and personal-data
 * reveals it causes), so a refused request that wrote anything shows.
 */
export async function writtenByHeating(db: Executor): Promise<Record<string, number | string>> {
  const [row] = rowsOf<Record<string, number | string>>(await db.execute(sql`select
    (select md5(coalesce(string_agg(o::text, ',' order by o.id), '')) from heating.heating_orders o) as orders,
    (select count(*)::int from heating.order_transitions) as transitions,
    (select count(*)::int from heating.readings) as readings,
    (select count(*)::int from heating.measures) as measures,
    (select md5(coalesce(string_agg(s::text, ',' order by s.company_id), '')) from heating.company_standards s) as standards,
    (select count(*)::int from events.event_log) as events,
    (select count(*)::int from events.event_log where source = 'heating') as heating_events,
    (select count(*)::int from access.personal_data_reveals) as reveals`));
  return row!;
}
