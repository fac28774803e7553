import { eq } from 'drizzle-orm';
import {
  requireAgencies,
  invalidInput,
  requireFutureDeadline,
  requireText,
  sharedSteps,
  type Actor,
  type Executor,
  type Satisfaction,
} from '@civicgraph/platform';
import { deadlineRules } from '../db/tables.ts';
import { HOTLINE_CHANNEL, LIMITS } from './channel.ts';
import { dueAtFor } from './deadlines.ts';
import { findRoutingRule } from './routing.ts';
import { changes } from './ticket-model.ts';

export { categoryLabel } from './channel.ts';
export { primeAccess, type Actor } from '@civicgraph/platform';

/** The rule's duration for a deadline class, read where the ticket is assigned. */
export async function deadlineRuleFor(db: Executor, deadlineClass: string) {
  const [rule] = await db.select().from(deadlineRules).where(eq(deadlineRules.deadlineClass, deadlineClass));
  if (!rule) throw invalidInput('deadlineClass', `no deadline rule for ${deadlineClass}`);
  return rule;
}

/** A reopened ticket goes back to the agency with a fresh deadline by its rules. */
const shared = sharedSteps(HOTLINE_CHANNEL, {
  reopen: async (row, tx, who) => changes.reopen(row, dueAtFor(await deadlineRuleFor(tx, row.deadlineClass), who.clock.now())),
});

/** A lifecycle step on a ticket through the kit's executor (which also writes the return visit). */
export const transition = shared.step;

export const acceptTicket = shared.accept;
export const rejectTicket = shared.reject;
export const acknowledgeTicket = shared.acknowledge;
export const returnTicket = shared.return;
export const reassignTicket = shared.reassign;
export const sendBackReply = shared.sendBackReply;
export const closeTicket = shared.close;
/** Back to the agency after a dissatisfied return visit. */
export const reopenTicket = shared.reopen;
/** A repeated request about the same matter, merged into the ticket that handles it. */
export const mergeTicket = shared.merge;

/**
 * Assigns to the handling agency with a deadline. Without an agency, the routing rules choose one
 * (category + region); without a deadline, the ticket's deadline class decides it from now.
 */
export async function assignTicket(who: Actor, id: string, input: { agencyId?: string | null; dueAt?: Date | null; note?: string | null }) {
  const at = who.clock.now();
  if (input.dueAt) requireFutureDeadline('dueAt', input.dueAt, at);
  return transition(who, id, 'assign', {
    note: input.note,
    prepare: async (row, tx) => {
      let agencyId = input.agencyId;
      if (agencyId) {
        await requireAgencies(tx, [{ field: 'agencyId', id: agencyId }]);
      } else {
        const rule = await findRoutingRule(tx, row.categoryId, row.regionCode);
        if (!rule) throw invalidInput('agencyId', `no routing rule covers ${row.categoryId} in ${row.regionCode}; name the agency`);
        agencyId = rule.agencyId;
      }
      const dueAt = input.dueAt ?? dueAtFor(await deadlineRuleFor(tx, row.deadlineClass), at);
      return changes.assign(agencyId, dueAt);
    },
  });
}

export function submitReply(who: Actor, id: string, content: string) {
  const text = requireText('content', content, { max: LIMITS.content });
  return transition(who, id, 'submitReply', { prepare: (row) => changes.submitReply(row, text, who.clock.now()) });
}

export const approveReply = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'approveReply', { note, prepare: () => changes.approveReply(who.clock.now()) });

export const recordReturnVisit = (who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null) =>
  transition(who, id, 'followUp', { note: comment, prepare: () => changes.followUp(satisfaction) });
