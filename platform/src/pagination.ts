import { and, count, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Executor } from './db/database.ts';
import { DomainError, ErrorCode, invalidInput } from './errors.ts';
import { pageSize } from './validation.ts';

/** A Relay-style connection page. */
export interface Page<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface KeysetQuery<Row> {
  first: number | null | undefined;
  after: string | null | undefined;
  /** The ordering columns: newest first by `at`, ties broken by `id`. */
  at: AnyPgColumn;
  id: AnyPgColumn;
  key: (row: Row) => { at: Date; id: string };
  /** The filter; the page and the total both obey it. */
  filtered: SQL | undefined;
  /** Reads up to `limit` rows matching `where`, ordered by (at, id) descending. */
  rows: (where: SQL | undefined, limit: number) => Promise<Row[]>;
  count: (where: SQL | undefined) => Promise<number>;
  /** Checks the id part of a cursor before it reaches SQL (e.g. that it is a UUID). */
  isId?: (id: string) => boolean;
}

const malformed = (cursor: string) =>
  new DomainError(ErrorCode.INVALID_CURSOR, `Cursor ${JSON.stringify(cursor.slice(0, 80))} is malformed`);

/**
 * Newest first, keyset-paginated on (at, id): stable while new rows arrive, and two statements per
 * page (the rows and the total) whatever the page size.
 */
export async function keysetPage<Row>(q: KeysetQuery<Row>): Promise<Page<Row>> {
  const size = pageSize(q.first);
  let where = q.filtered;
  if (q.after) {
    const [atText, id] = decodeCursor(q.after, ['string', 'string'] as const);
    const at = new Date(atText);
    if (Number.isNaN(at.getTime()) || (q.isId && !q.isId(id))) throw malformed(q.after);
    where = and(q.filtered, or(lt(q.at, at), and(eq(q.at, at), lt(q.id, id))));
  }
  const rows = await q.rows(where, size + 1);
  const total = await q.count(q.filtered);
  const page = rows.slice(0, size);
  const cursorOf = (row: Row) => {
    const k = q.key(row);
    return encodeCursor([k.at.toISOString(), k.id]);
  };
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? cursorOf(page[page.length - 1]!) : null },
    totalCount: total,
  };
}

/** keysetPage over one table's rows, for the common case of a plain filtered list. */
export function keysetPageOf<T extends PgTable>(
  db: Executor,
  table: T,
  q: Omit<KeysetQuery<T['$inferSelect']>, 'rows' | 'count'>,
): Promise<Page<T['$inferSelect']>> {
  return keysetPage({
    ...q,
    rows: async (where, limit) =>
      (await db.select().from(table as PgTable).where(where).orderBy(desc(q.at), desc(q.id)).limit(limit)) as T['$inferSelect'][],
    count: async (where) => {
      const [total] = await db.select({ n: count() }).from(table as PgTable).where(where);
      return Number(total?.n ?? 0);
    },
  });
}

/** Refuses a date range whose end is before its start. */
export function checkRange(from: Date | null | undefined, to: Date | null | undefined, field: string): void {
  if (from && to && from > to) throw invalidInput(field, 'must not be before the start of the range');
}
