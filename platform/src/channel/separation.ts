import type { Access } from '../auth/access.ts';
import { forbidden } from '../auth/access.ts';
import { Role } from '../auth/identity.ts';
import { isDissatisfied, type AppealAction, type Satisfaction } from '../lifecycle.ts';
import type { AppealRow } from './appeal-row.ts';

/** Who closes an appeal whose latest return visit found the citizen dissatisfied. */
export const CLOSE_DISSATISFIED_ROLES: readonly Role[] = [Role.SUPERVISOR, Role.ADMIN];

/**
 * The kit's rules on a step beyond role and reach, checked on the locked row and the step's column
 * changes, so the live mutations and the demo generators apply them alike:
 * - a forward goes to another agency, never within the forwarding office's own (SELF_DISPATCH);
 * - an appeal rated dissatisfied is reopened (by its office) or closed by a supervisor, never
 *   closed by its office or its handler ("不让结果留隐忧": no hidden worry left in the result).
 * Callers without an Access (seeding, background work) act as the system.
 */
export async function requireStepRules(
  access: Access | undefined,
  action: AppealAction,
  row: Pick<AppealRow, 'satisfaction'>,
  change: { assigneeId?: string | null },
): Promise<void> {
  if (!access) return;
  if (action === 'assign' && change.assigneeId) await access.requireForwardTarget(change.assigneeId);
  if (action === 'close' && isDissatisfied(row.satisfaction as Satisfaction | null) && !access.is(...CLOSE_DISSATISFIED_ROLES)) {
    throw forbidden('close an appeal rated dissatisfied: its office reopens it, or a supervisor closes it', {
      requiredRoles: CLOSE_DISSATISFIED_ROLES,
      satisfaction: row.satisfaction,
    });
  }
}
