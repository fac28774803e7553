import { eq } from 'drizzle-orm';
import {
  agencyExists,
  AppealStatus,
  DomainError,
  ErrorCode,
  invalidInput,
  isDissatisfied,
  isUuid,
  notFound,
  requireFutureDeadline,
  requireText,
  runTransition,
  type Actor,
  type AppealAction,
  type Executor,
  type Satisfaction,
  type TransitionOptions,
} from '@civicgraph/platform';
import { deadlineRules, type TicketRow } from '../db/tables.ts';
import { HOTLINE_CHANNEL, LIMITS, lockTicket } from './channel.ts';
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

/** A lifecycle step on a ticket through the kit's executor (which also writes the return visit). */
export const transition = (who: Actor, id: string, action: AppealAction, options: TransitionOptions<TicketRow> = {}) =>
  runTransition(HOTLINE_CHANNEL, who, id, action, options);

const reasonOf = (reason: string) => requireText('reason', reason, { max: LIMITS.note });

export const acceptTicket = (who: Actor, id: string, note?: string | null) => transition(who, id, 'accept', { note });

export const rejectTicket = (who: Actor, id: string, reason: string) => transition(who, id, 'reject', { note: reasonOf(reason) });

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
        if (!(await agencyExists(tx, agencyId))) throw notFound('Agency', agencyId);
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

export const acknowledgeTicket = (who: Actor, id: string, note?: string | null) => transition(who, id, 'acknowledge', { note });

export const returnTicket = (who: Actor, id: string, reason: string) => transition(who, id, 'return', { note: reasonOf(reason) });

export const reassignTicket = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'reassign', { note, prepare: () => changes.reassign() });

export function submitReply(who: Actor, id: string, content: string) {
  const text = requireText('content', content, { max: LIMITS.content });
  return transition(who, id, 'submitReply', { prepare: (row) => changes.submitReply(row, text, who.clock.now()) });
}

export const approveReply = (who: Actor, id: string, note?: string | null) =>
  transition(who, id, 'approveReply', { note, prepare: () => changes.approveReply(who.clock.now()) });

export const sendBackReply = (who: Actor, id: string, reason: string) =>
  transition(who, id, 'sendBackReply', { note: reasonOf(reason) });

export const recordReturnVisit = (who: Actor, id: string, satisfaction: Satisfaction, comment?: string | null) =>
  transition(who, id, 'followUp', { note: comment, prepare: () => changes.followUp(satisfaction) });

export const closeTicket = (who: Actor, id: string, note?: string | null) => transition(who, id, 'close', { note });

/** Back to the agency after a dissatisfied return visit, with a fresh deadline by the ticket's rules. */
export function reopenTicket(who: Actor, id: string, reason: string) {
  return transition(who, id, 'reopen', {
    note: reasonOf(reason),
    prepare: async (row, tx) => {
      if (!isDissatisfied(row.satisfaction as Satisfaction | null)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Only a ticket whose return visit found the citizen dissatisfied can be reopened (it was ${row.satisfaction})`,
          { action: 'reopen', status: row.status },
        );
      }
      return changes.reopen(row, dueAtFor(await deadlineRuleFor(tx, row.deadlineClass), who.clock.now()));
    },
  });
}

/** A repeated request about the same matter: merged into the ticket that handles it. */
export async function mergeTicket(who: Actor, id: string, intoId: string, note?: string | null) {
  if (id === intoId) throw invalidInput('intoId', 'a ticket cannot be merged into itself');
  if (!isUuid(intoId)) throw notFound('Ticket', intoId);
  return transition(who, id, 'merge', {
    note,
    prepare: async (_row, tx) => {
      // Lock the target too, so two tickets cannot be merged into each other at the same time.
      const locked = await lockTicket(tx, intoId);
      // A ticket the caller may not see is, to them, one that does not exist.
      if (!locked || (who.access && !(await who.access.canSee(locked.facts)))) throw notFound('Ticket', intoId);
      const target = locked.row;
      if (target.status === AppealStatus.MERGED) {
        throw invalidInput('intoId', `ticket ${target.number} is itself merged; merge into ${target.mergedIntoId} instead`);
      }
      if (target.status === AppealStatus.REJECTED) throw invalidInput('intoId', `ticket ${target.number} was rejected`);
      return changes.merge(intoId);
    },
  });
}
