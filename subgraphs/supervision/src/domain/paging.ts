import { and, eq, lt, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { decodeCursor, encodeCursor, invalidInput, pageSize } from '@civicgraph/platform';

export interface Page<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

interface KeysetQuery<Row> {
  first: number | null | undefined;
  after: string | null | undefined;
  /** The ordering columns: newest first by `at`, ties broken by `id`. */
  at: AnyPgColumn;
  id: AnyPgColumn;
  key: (row: Row) => { at: Date; id: string };
  filtered: SQL | undefined;
  rows: (where: SQL | undefined, limit: number) => Promise<Row[]>;
  count: (where: SQL | undefined) => Promise<number>;
}

/**
 * Newest first, keyset-paginated on (at, id): stable while new rows arrive, and two statements
 * per page (rows and total) whatever the page size.
 */
export async function keysetPage<Row>(q: KeysetQuery<Row>): Promise<Page<Row>> {
  const size = pageSize(q.first);
  let where = q.filtered;
  if (q.after) {
    const [atText, id] = decodeCursor(q.after, ['string', 'string'] as const);
    const at = new Date(atText);
    if (Number.isNaN(at.getTime())) throw invalidInput('after', 'cursor is malformed');
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

/** Refuses a date range whose end is before its start. */
export function checkRange(from: Date | null | undefined, to: Date | null | undefined, field: string): void {
  if (from && to && from > to) throw invalidInput(field, 'must not be before the start of the range');
}
