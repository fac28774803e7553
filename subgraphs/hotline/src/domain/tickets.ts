import { alias } from 'drizzle-orm/pg-core';
import { eq, sql } from 'drizzle-orm';
import {
  agencyExists,
  appendAppealEvent,
  AppealStatus,
  DomainError,
  ErrorCode,
  invalidInput,
  isDissatisfied,
  nextStatus,
  notFound,
  optionalText,
  requireFutureDeadline,
  requireText,
  type Access,
  type AppealAction,
  type Clock,
  type Executor,
  type Satisfaction,
  type Tx,
} from '@civicgraph/platform';
import { categories, deadlineRules, returnVisits, ticketTransitions, tickets, type TicketRow } from '../db/tables.ts';
import { lockTicket } from '../access.ts';
import { dueAtFor } from './deadlines.ts';
import { findRoutingRule } from './routing.ts';
import {
  advance,
  changes,
  isUuid,
  LIMITS,
  payloadOf,
  TICKET_ACTIONS,
  transitionOf,
  type CategoryLabel,
  type Step,
  type TicketChanges,
} from './ticket-model.ts';

/** Who acts, on which database, at what time. */
export interface Actor {
  db: Executor;
  clock: Clock;
  actor: string;
  /**
   * The caller's rights, for requests: every write checks role and reach on the rows as locked.
   * Demo seeding and background work pass none: they act as the system.
   */
  access?: Access;
}

/** The caller's agency tree, read before a transaction opens, so checks inside it need no second connection. */
export async function primeAccess(who: Actor): Promise<void> {
  await who.access?.readableAgencies();
}

const domains = alias(categories, 'domains');

/** The category's id and path (domain/category) for events, in one statement. */
export async function categoryLabel(db: Executor, categoryId: string): Promise<CategoryLabel> {
  const [row] = await db
    .select({ id: categories.id, name: categories.name, domain: domains.name })
    .from(categories)
    .leftJoin(domains, eq(domains.id, categories.parentId))
    .where(eq(categories.id, categoryId));
  if (!row) throw notFound('Category', categoryId);
  return { id: row.id, path: row.domain ? `${row.domain}/${row.name}` : row.name };
}

/** The rule's duration for a deadline class, read where the ticket is assigned. */
export async function deadlineRuleFor(db: Executor, deadlineClass: string) {
  const [rule] = await db.select().from(deadlineRules).where(eq(deadlineRules.deadlineClass, deadlineClass));
  if (!rule) throw invalidInput('deadlineClass', `no deadline rule for ${deadlineClass}`);
  return rule;
}

interface TransitionOptions {
  note?: string | null;
  /** The agency acting or acted upon, for the timeline; the assignee by default. */
  agencyId?: string | null;
  /** Further checks and column changes on the locked row, after the lifecycle rule passed. */
  prepare?: (row: TicketRow, tx: Tx) => Promise<TicketChanges> | TicketChanges;
}

/**
 * The one way a ticket changes state: lock the row, check the lifecycle rule, apply the change,
 * write the timeline row and the event (and the return visit) — all in one transaction, so a
 * refusal changes nothing.
 */
export async function transition(who: Actor, id: string, action: AppealAction, options: TransitionOptions = {}) {
  if (!isUuid(id)) throw notFound('Ticket', id);
  const note = optionalText('note', options.note, LIMITS.note);
  const at = who.clock.now();
  await primeAccess(who);
  return who.db.transaction(async (tx) => {
    const locked = await lockTicket(tx, id);
    if (!locked) throw notFound('Ticket', id);
    const current = locked.row;
    // Role and reach on the row as locked: an assignment made meanwhile cannot slip past the check.
    await who.access?.requireAppealAction(action, locked.facts);
    nextStatus(action, current.status as AppealStatus);
    const change = (await options.prepare?.(current, tx)) ?? {};
    const updated = advance(current, action, change, at);
    await tx
      .update(tickets)
      .set({ ...change, status: updated.status, version: updated.version, updatedAt: at, endedAt: updated.endedAt })
      .where(eq(tickets.id, id));
    const step: Step = {
      action: TICKET_ACTIONS[action],
      from: current.status as AppealStatus,
      actor: who.actor,
      agencyId: options.agencyId !== undefined ? options.agencyId : updated.assigneeId,
      note,
      at,
    };
    await tx.insert(ticketTransitions).values(transitionOf(updated, step));
    const payload = payloadOf(updated, await categoryLabel(tx, updated.categoryId), step);
    await appendAppealEvent(tx, { source: 'hotline', aggregateType: 'Ticket', aggregateId: id, occurredAt: at, payload });
    if (action === 'followUp') {
      await tx.insert(returnVisits).values({
        ticketId: id,
        sequence: sql`(select coalesce(max(${returnVisits.sequence}), 0) + 1 from ${returnVisits} where ${returnVisits.ticketId} = ${id})`,
        satisfaction: updated.satisfaction!,
        comment: note,
        by: who.actor,
        at,
      });
    }
    return updated;
  });
}

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
