import { AccessErrorCode, orderReach, Role, type Access } from '@civicgraph/platform';
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

/** The orders the caller may read: those their agency subtree answers for or carries out. */
export const { readableOrders, readable } = orderReach<WorkOrderRow>(
  [workOrders.responsibleAgencyId, workOrders.executingAgencyId],
  (row) => [row.responsibleAgencyId, row.executingAgencyId],
);
