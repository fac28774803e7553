import { eq } from 'drizzle-orm';
import { appealTableOf, CHANNELS, type Channel } from './channel/registry.ts';
import type { Executor } from './db/database.ts';
import { invalidInput, notFound } from './errors.ts';
import { isRegionCode } from './regions.ts';
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
  /** Which of `codes` are regions of the directory. */
  existingRegions(db: Executor, codes: readonly string[]): Promise<Set<string>>;
  /** Every region code and agency id (a province's directory: tens to hundreds of rows). */
  allKeys(db: Executor): Promise<{ regions: Set<string>; agencies: Set<string> }>;
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

/**
 * A write that names a record which does not exist: INVALID_INPUT naming the input field (the
 * reference is a bad value in the request, not a missing target), so nothing dangling is written.
 */
export const unknownReference = (field: string, kind: string, id: string) =>
  invalidInput(field, `no ${kind} ${JSON.stringify(id.slice(0, 64))} exists`);

export async function agencyExists(db: Executor, agencyId: string): Promise<boolean> {
  return (await agencyDirectory().agencyKinds(db, [agencyId])).has(agencyId);
}

export const regionExists = async (db: Executor, code: string): Promise<boolean> => isRegionCode(code) && agencyDirectory().regionExists(db, code);

/**
 * Checks, in one read of the agency directory, that each named agency exists and is of the kind
 * its role needs; INVALID_INPUT naming the field otherwise.
 */
export async function requireAgencies(
  db: Executor,
  wanted: readonly { field: string; id: string; kinds?: readonly string[] }[],
): Promise<void> {
  if (wanted.length === 0) return;
  const kinds = await agencyDirectory().agencyKinds(db, [...new Set(wanted.map((w) => w.id))]);
  for (const { field, id, kinds: allowed } of wanted) {
    const kind = kinds.get(id);
    if (kind === undefined) throw unknownReference(field, 'agency', id);
    if (allowed && !allowed.includes(kind)) {
      throw invalidInput(field, `agency ${id} is a ${kind}; expected ${allowed.join(' or ')}`);
    }
  }
}

/**
 * Checks, in one read, that each named region code is six digits (GB/T 2260) and a region of the
 * directory; INVALID_INPUT naming the field otherwise. A write about no region would leave its
 * appeal, and the appeal's case in the ledger, without a place.
 */
export async function requireRegions(db: Executor, wanted: readonly { field: string; code: string }[]): Promise<void> {
  for (const { field, code } of wanted) {
    if (!isRegionCode(code)) throw invalidInput(field, `${JSON.stringify(code.slice(0, 64))} is not a six-digit administrative code`);
  }
  if (wanted.length === 0) return;
  const known = await agencyDirectory().existingRegions(db, [...new Set(wanted.map((w) => w.code))]);
  const missing = wanted.find((w) => !known.has(w.code));
  if (missing) throw unknownReference(missing.field, 'region', missing.code);
}

/** The directory references a write names, checked together before it writes. */
export async function requireDirectory(
  db: Executor,
  { regions = [], agencies = [] }: { regions?: { field: string; code: string }[]; agencies?: { field: string; id: string; kinds?: readonly string[] }[] },
): Promise<void> {
  await requireRegions(db, regions);
  await requireAgencies(db, agencies);
}

/**
 * References to the directory's regions and agencies that a subgraph hands the gateway, per
 * request: a reference only to what the directory has. A row written before references were
 * checked (or naming an agency since removed) reads as null there, not as an entity without fields.
 */
export interface DirectoryReferences {
  region(code: string | null | undefined): Promise<{ __typename: 'Region'; code: string } | null>;
  agency(id: string | null | undefined): Promise<{ __typename: 'Agency'; id: string } | null>;
}

export function directoryReferences(db: Executor): DirectoryReferences {
  // One statement per request, however many references and at whatever depth they are resolved (a
  // batched look-up would cost one per depth with new keys). The directory is a province's: tens to
  // hundreds of rows; a national one would want the batched look-up instead.
  let known: Promise<{ regions: Set<string>; agencies: Set<string> }> | undefined;
  const directory = () => (known ??= agencyDirectory().allKeys(db));
  return {
    region: async (code) => (code && (await directory()).regions.has(code) ? { __typename: 'Region', code } : null),
    agency: async (id) => (id && (await directory()).agencies.has(id) ? { __typename: 'Agency', id } : null),
  };
}
