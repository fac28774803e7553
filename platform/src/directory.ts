import { sql } from 'drizzle-orm';
import { CHANNELS, type Channel } from './channel/registry.ts';
import { rowsOf, type Executor } from './db/database.ts';
import { invalidInput, notFound } from './errors.ts';
import { isUuid } from './validation.ts';

/*
 * Read-only look-ups across subgraphs that share the database: the agency directory and regions
 * (the agencies subgraph's schema) and each channel's appeals. A subgraph checks that what a request
 * names exists before it writes; it never writes another subgraph's schema.
 */

/** PostgreSQL's code for a missing table: that channel's subgraph is not deployed here. */
const UNDEFINED_TABLE = '42P01';
const sqlStateOf = (error: unknown): unknown =>
  (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;

/** The appeal's number, or null when the channel has no appeal with that id. */
export async function findAppealNumber(db: Executor, channel: Channel, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  try {
    const rows = rowsOf<{ number: string }>(
      await db.execute(sql`select number from ${sql.raw(CHANNELS[channel].table)} where id = ${id}`),
    );
    return rows[0]?.number ?? null;
  } catch (error) {
    // A channel that is not deployed has no appeals. Outside a transaction this is harmless; callers
    // look up before they open their writing transaction.
    if (sqlStateOf(error) === UNDEFINED_TABLE) return null;
    throw error;
  }
}

/** The appeal's number, or NOT_FOUND naming the channel's entity. */
export async function requireAppealNumber(db: Executor, channel: Channel, id: string): Promise<string> {
  const number = await findAppealNumber(db, channel, id);
  if (!number) throw notFound(CHANNELS[channel].entity, id);
  return number;
}

export async function agencyExists(db: Executor, agencyId: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`select 1 from agencies.agencies where id = ${agencyId}`)).length > 0;
}

export async function regionExists(db: Executor, code: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`select 1 from agencies.regions where code = ${code}`)).length > 0;
}

/**
 * Checks, in one read of the agency directory, that each named agency exists (NOT_FOUND) and is of
 * the kind its role needs (INVALID_INPUT naming the field).
 */
export async function requireAgencies(
  db: Executor,
  wanted: { field: string; id: string; kinds?: readonly string[] }[],
): Promise<void> {
  if (wanted.length === 0) return;
  const ids = [...new Set(wanted.map((w) => w.id))];
  const rows = rowsOf<{ id: string; kind: string }>(
    await db.execute(sql`select id, kind from agencies.agencies where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`),
  );
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  for (const { field, id, kinds: allowed } of wanted) {
    const kind = kinds.get(id);
    if (kind === undefined) throw notFound('Agency', id);
    if (allowed && !allowed.includes(kind)) {
      throw invalidInput(field, `agency ${id} is a ${kind}; expected ${allowed.join(' or ')}`);
    }
  }
}
