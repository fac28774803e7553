import { inArray, or, sql, type SQL } from 'drizzle-orm';
import { Role, type Access } from '@civicgraph/platform';
import { heatingOrders, type HeatingOrderRow } from './db/tables.ts';

/**
 * Heating-order work (creating, inspecting, readings, measures, resolving) is the heating company's:
 * its handlers — or a handler of a bureau above it, whose agency subtree holds the company — and admins.
 */
export const HEATING_WORK_ROLES: readonly Role[] = [Role.HANDLER, Role.ADMIN];
/** Company standards are configuration. */
export const STANDARD_ROLES: readonly Role[] = [Role.ADMIN];

/** The role and company check for work on an order (or a new one) of `companyId`. */
export const requireCompany = (access: Access, companyId: string, what: string) =>
  access.requireAgency(HEATING_WORK_ROLES, companyId, what);

/** An order is readable by the company's and the supervising bureau's agency subtrees. */
const inReach = (agencies: readonly string[], row: HeatingOrderRow) =>
  agencies.includes(row.companyId) || agencies.includes(row.supervisingAgencyId);

/** A where-condition for the orders the caller may read; undefined means all (admins, supervisors, dashboards, integrators). */
export async function readableOrders(access: Access): Promise<SQL | undefined> {
  const agencies = await access.readableAgencies();
  if (!agencies) return undefined;
  if (agencies.length === 0) return sql`false`;
  return or(inArray(heatingOrders.companyId, agencies), inArray(heatingOrders.supervisingAgencyId, agencies));
}

/** The same rule for one row: null when the caller may not read it. */
export async function readable(access: Access, row: HeatingOrderRow | null): Promise<HeatingOrderRow | null> {
  if (!row) return null;
  const agencies = await access.readableAgencies();
  return !agencies || inReach(agencies, row) ? row : null;
}

/** The same rule for a batch already loaded (the reach is read once per request, so no per-row queries). */
export async function readableOnly(access: Access, rows: HeatingOrderRow[]): Promise<HeatingOrderRow[]> {
  const agencies = await access.readableAgencies();
  return agencies ? rows.filter((row) => inReach(agencies, row)) : rows;
}
