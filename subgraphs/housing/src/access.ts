import { inArray, or, sql, type SQL } from 'drizzle-orm';
import { AccessErrorCode, Role, type Access } from '@civicgraph/platform';
import { GraphQLError } from 'graphql';
import { workOrders, type WorkOrderRow } from './db/tables.ts';

const R = Role;

/**
 * Who may do what with work orders. Planning, starting, completing: the bureau's handlers (and
 * admins); accepting finished works (验收) is a review, so reviewers and supervisors; cancelling:
 * handlers, supervisors, admins. Agency reach is checked as well (see requireOrderAgency).
 */
export const WORK_ORDER_ROLES = {
  create: [R.HANDLER, R.ADMIN],
  start: [R.HANDLER, R.ADMIN],
  complete: [R.HANDLER, R.ADMIN],
  accept: [R.REVIEWER, R.SUPERVISOR, R.ADMIN],
  cancel: [R.HANDLER, R.SUPERVISOR, R.ADMIN],
} as const satisfies Record<string, readonly Role[]>;

type Name = Exclude<keyof typeof WORK_ORDER_ROLES, 'create'>;

/** Starting and completing are the executing unit's job too; deciding (accept, cancel) is the responsible bureau's alone. */
const EXECUTING_UNIT_MAY: readonly Name[] = ['start', 'complete'];

/** The role and agency check for one transition on the row as locked in the writing transaction. */
export async function requireOrderAgency(access: Access, name: Name, row: WorkOrderRow): Promise<void> {
  const what = `${name} work order ${row.number}`;
  try {
    await access.requireAgency(WORK_ORDER_ROLES[name], row.responsibleAgencyId, what);
  } catch (error) {
    const other = EXECUTING_UNIT_MAY.includes(name) ? row.executingAgencyId : null;
    const forbidden = error instanceof GraphQLError && error.extensions.code === AccessErrorCode.FORBIDDEN;
    if (!other || !forbidden) throw error;
    await access.requireAgency(WORK_ORDER_ROLES[name], other, what);
  }
}

/** A where-condition for the orders the caller may read (their agency subtree answers for or carries them out); undefined = all. */
export async function readableOrders(access: Access): Promise<SQL | undefined> {
  const agencies = await access.readableAgencies();
  if (!agencies) return undefined;
  if (agencies.length === 0) return sql`false`;
  return or(inArray(workOrders.responsibleAgencyId, agencies), inArray(workOrders.executingAgencyId, agencies));
}

/** The same rule for one row (by-id lookups and references): null when the caller may not read it. */
export async function readable(access: Access, row: WorkOrderRow | null): Promise<WorkOrderRow | null> {
  if (!row) return null;
  const agencies = await access.readableAgencies();
  if (!agencies) return row;
  const mine = agencies.includes(row.responsibleAgencyId) || (row.executingAgencyId !== null && agencies.includes(row.executingAgencyId));
  return mine ? row : null;
}
