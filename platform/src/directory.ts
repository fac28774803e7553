import { sql } from 'drizzle-orm';
import { CHANNELS, type Channel } from './channel/registry.ts';
import { rowsOf, type Executor } from './db/database.ts';
import { invalidInput, notFound } from './errors.ts';
import { isRegionCode } from './regions.ts';
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

/**
 * A write that names a record which does not exist: INVALID_INPUT naming the input field (the
 * reference is a bad value in the request, not a missing target), so nothing dangling is written.
 */
export const unknownReference = (field: string, kind: string, id: string) =>
  invalidInput(field, `no ${kind} ${JSON.stringify(id.slice(0, 64))} exists`);

export async function agencyExists(db: Executor, agencyId: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`select 1 from agencies.agencies where id = ${agencyId}`)).length > 0;
}

export async function regionExists(db: Executor, code: string): Promise<boolean> {
  return isRegionCode(code) && rowsOf(await db.execute(sql`select 1 from agencies.regions where code = ${code}`)).length > 0;
}

const inList = (values: readonly string[]) => sql.join([...new Set(values)].map((v) => sql`${v}`), sql`, `);

/**
 * Checks, in one read of the agency directory, that each named agency exists and is of the kind
 * its role needs; INVALID_INPUT naming the field otherwise.
 */
export async function requireAgencies(
  db: Executor,
  wanted: readonly { field: string; id: string; kinds?: readonly string[] }[],
): Promise<void> {
  if (wanted.length === 0) return;
  const rows = rowsOf<{ id: string; kind: string }>(
    await db.execute(sql`select id, kind from agencies.agencies where id in (${inList(wanted.map((w) => w.id))})`),
  );
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
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
  const rows = rowsOf<{ code: string }>(
    await db.execute(sql`select code from agencies.regions where code in (${inList(wanted.map((w) => w.code))})`),
  );
  const known = new Set(rows.map((r) => r.code));
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
  const directory = () =>
    (known ??= (async () => {
      const rows = rowsOf<{ kind: string; key: string }>(
        await db.execute(sql`select 'region' as kind, code as key from agencies.regions union all select 'agency', id from agencies.agencies`),
      );
      return {
        regions: new Set(rows.filter((r) => r.kind === 'region').map((r) => r.key)),
        agencies: new Set(rows.filter((r) => r.kind === 'agency').map((r) => r.key)),
      };
    })());
  return {
    region: async (code) => (code && (await directory()).regions.has(code) ? { __typename: 'Region', code } : null),
    agency: async (id) => (id && (await directory()).agencies.has(id) ? { __typename: 'Agency', id } : null),
  };
}
