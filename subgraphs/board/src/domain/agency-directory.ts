import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '@civicgraph/platform';

/**
 * Forwarding needs to know that the agency exists. The agency directory is the agencies subgraph's
 * schema in the same database; the board only reads it, never writes it.
 */
export async function agencyExists(db: Executor, agencyId: string): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from agencies.agencies where id = ${agencyId}`));
  return rows.length > 0;
}
