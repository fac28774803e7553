import { orderReach, Role, type Access } from '@civicgraph/platform';
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
export const { readableOrders, readable, readableOnly } = orderReach<HeatingOrderRow>(
  [heatingOrders.companyId, heatingOrders.supervisingAgencyId],
  (row) => [row.companyId, row.supervisingAgencyId],
);
