import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Access } from '../auth/access.ts';

/**
 * Who may read a department's orders: the agency subtrees of the agencies an order names (the
 * columns, and the same agencies read from a row); callers who see every agency read them all.
 * The reach is read once per request, so the row and batch checks need no queries of their own.
 */
export function orderReach<Row>(columns: readonly PgColumn[], agenciesOf: (row: Row) => readonly (string | null)[]) {
  const inReach = (agencies: readonly string[], row: Row) => agenciesOf(row).some((id) => id !== null && agencies.includes(id));
  return {
    /** A where-condition for the orders the caller may read; undefined means all (admins, supervisors, dashboards, integrators). */
    readableOrders: async (access: Access): Promise<SQL | undefined> => {
      const agencies = await access.readableAgencies();
      if (!agencies) return undefined;
      if (agencies.length === 0) return sql`false`;
      return or(...columns.map((column) => inArray(column, agencies)));
    },
    /** The same rule for one row (by-id lookups and references): null when the caller may not read it. */
    readable: async (access: Access, row: Row | null): Promise<Row | null> => {
      if (!row) return null;
      const agencies = await access.readableAgencies();
      return !agencies || inReach(agencies, row) ? row : null;
    },
    /** The same rule for a batch already loaded. */
    readableOnly: async (access: Access, rows: Row[]): Promise<Row[]> => {
      const agencies = await access.readableAgencies();
      return agencies ? rows.filter((row) => inReach(agencies, row)) : rows;
    },
  };
}
