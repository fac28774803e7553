import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '@civicgraph/platform';

/**
 * Row count and checksum of every table of every schema, in one query: the table list comes from
 * information_schema and each table's rows are hashed in a stable order, so any insert, update or
 * delete anywhere shows as a changed entry.
 */
export async function tableChecksums(db: Executor): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(await db.execute(sql`
    select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1`));
  const parts = tables.map(({ name }) =>
    sql.raw(`select '${name}' as name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ${name} t`));
  const rows = rowsOf<{ name: string; sum: string }>(await db.execute(sql.join(parts, sql` union all `)));
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}
