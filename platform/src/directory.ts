import { eq } from 'drizzle-orm';
import { appealTableOf, CHANNELS, type Channel } from './channel/registry.ts';
import type { Executor } from './db/database.ts';
import { invalidInput, notFound } from './errors.ts';
import { isUuid } from './validation.ts';

/*
 * Read-only look-ups across subgraphs that share the database: the agency directory and regions,
 * and each channel's appeals. A subgraph checks that what a request names exists before it writes;
 * it never writes another subgraph's schema. The platform names none of their tables: the agencies
 * subgraph provides the directory (AgencyDirectory) and each channel's spec registers its table.
 */

/** The agency directory as the other subgraphs read it; the agencies subgraph implements it. */
export interface AgencyDirectory {
  /** The kind of each of `ids` that exists (absent ids are left out). */
  agencyKinds(db: Executor, ids: readonly string[]): Promise<Map<string, string>>;
  regionExists(db: Executor, code: string): Promise<boolean>;
  /**
   * The agency and every agency below it, with their region and depth (0: the agency itself), and
   * the chain of agencies above it with negative depth (-1: its parent).
   */
  agencySubtree(db: Executor, agencyId: string): Promise<{ id: string; regionCode: string; depth: number }[]>;
  /** The name of each of `ids` that exists (absent ids are left out). */
  agencyNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>>;
}

let directory: AgencyDirectory | undefined;

/** Called by defineSubgraph with the directory a subgraph's definition names (one per process). */
export function useAgencyDirectory(given: AgencyDirectory): void {
  directory = given;
}

export function agencyDirectory(): AgencyDirectory {
  if (!directory) throw new Error('No agency directory: a subgraph definition names one (the agencies subgraph\'s agencyDirectory)');
  return directory;
}

/** PostgreSQL's code for a missing table: that channel's subgraph is not deployed here. */
const UNDEFINED_TABLE = '42P01';
const sqlStateOf = (error: unknown): unknown =>
  (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;

/** The appeal's number, or null when the channel has no appeal with that id. */
export async function findAppealNumber(db: Executor, channel: Channel, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const table = appealTableOf(channel);
  try {
    const rows = await db.select({ number: table.number }).from(table).where(eq(table.id, id));
    return (rows[0]?.number as string | undefined) ?? null;
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
  return (await agencyDirectory().agencyKinds(db, [agencyId])).has(agencyId);
}

export const regionExists = (db: Executor, code: string): Promise<boolean> => agencyDirectory().regionExists(db, code);

/**
 * Checks, in one read of the agency directory, that each named agency exists (NOT_FOUND) and is of
 * the kind its role needs (INVALID_INPUT naming the field).
 */
export async function requireAgencies(
  db: Executor,
  wanted: { field: string; id: string; kinds?: readonly string[] }[],
): Promise<void> {
  if (wanted.length === 0) return;
  const kinds = await agencyDirectory().agencyKinds(db, [...new Set(wanted.map((w) => w.id))]);
  for (const { field, id, kinds: allowed } of wanted) {
    const kind = kinds.get(id);
    if (kind === undefined) throw notFound('Agency', id);
    if (allowed && !allowed.includes(kind)) {
      throw invalidInput(field, `agency ${id} is a ${kind}; expected ${allowed.join(' or ')}`);
    }
  }
}
