import { eq } from 'drizzle-orm';
import { invalidInput, requireAgencies, type Db, type Executor } from '@civicgraph/platform';
import { escalationPolicy, type PolicyRow } from '../db/tables.ts';
import type { Actor } from '../domain/common.ts';

const POLICY_ID = 'default';

/** Defaults: an order after 3 working days overdue, a public notice after 10, orders due in 5. */
export const DEFAULT_POLICY = {
  orderAfterWorkingDays: 3,
  noticeAfterWorkingDays: 10,
  orderDueWorkingDays: 5,
  issuingAgencyId: 'jl-gov-supervision',
} as const;

export type PolicyInput = { orderAfterWorkingDays: number; noticeAfterWorkingDays: number; orderDueWorkingDays: number; issuingAgencyId: string };

/** Reference data: the policy row, written when missing (replicas starting together do not conflict). */
export async function seedPolicy(db: Db, at: Date): Promise<void> {
  await db
    .insert(escalationPolicy)
    .values({ id: POLICY_ID, ...DEFAULT_POLICY, updatedAt: at, updatedBy: 'system:seed' })
    .onConflictDoNothing();
}

export async function readPolicy(db: Executor): Promise<PolicyRow> {
  const [row] = await db.select().from(escalationPolicy).where(eq(escalationPolicy.id, POLICY_ID));
  return row ?? { id: POLICY_ID, ...DEFAULT_POLICY, updatedAt: new Date(0), updatedBy: 'system:default' };
}

function days(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalidInput(field, `must be a whole number of working days from 1 to ${max}`);
  return value;
}

export async function updatePolicy(who: Actor, input: PolicyInput): Promise<PolicyRow> {
  const order = days('input.orderAfterWorkingDays', input.orderAfterWorkingDays, 60);
  const notice = days('input.noticeAfterWorkingDays', input.noticeAfterWorkingDays, 120);
  if (notice <= order) throw invalidInput('input.noticeAfterWorkingDays', 'must be more than orderAfterWorkingDays');
  const orderDue = days('input.orderDueWorkingDays', input.orderDueWorkingDays, 60);
  return who.db.transaction(async (tx) => {
    await requireAgencies(tx, [{ field: 'input.issuingAgencyId', id: input.issuingAgencyId }]);
    const values = {
      orderAfterWorkingDays: order, noticeAfterWorkingDays: notice, orderDueWorkingDays: orderDue,
      issuingAgencyId: input.issuingAgencyId, updatedAt: who.clock.now(), updatedBy: who.actor,
    };
    const [row] = await tx
      .insert(escalationPolicy)
      .values({ id: POLICY_ID, ...values })
      .onConflictDoUpdate({ target: escalationPolicy.id, set: values })
      .returning();
    return row!;
  });
}
