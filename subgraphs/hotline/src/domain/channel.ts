import { Column, eq, inArray, is, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  actionNames,
  channelSdl,
  TERMINAL_STATUSES,
  notFound,
  type AppealAccessFacts,
  type AppealAction,
  type AppealEventPayload,
  type ChannelSpec,
  registerChannel,
  type Executor,
  type Tx,
} from '@civicgraph/platform';
import { calls, categories, hotlines, numberCounters, returnVisits, tickets, ticketTransitions, type TicketRow } from '../db/tables.ts';

/** Names in the timeline and in events (the SDL's TicketAction) for each lifecycle action. */
export const TICKET_ACTIONS = actionNames({});
export type TicketAction = (typeof TICKET_ACTIONS)[AppealAction] | 'OPEN';

export const LIMITS = { title: 200, content: 5000, note: 2000, summary: 2000, callerName: 50, agent: 100 } as const;

/** What events say about the category: its path for people and its id for machines. */
export interface CategoryLabel {
  id: string;
  /** Domain/category, e.g. 农业农村/农田水利. */
  path: string;
}

export type TicketExtra = { hotlineId: string; categoryId: string; urgency: string; deadlineClass: string; firstContactResolution: boolean };
/** The hotline's events follow the cross-channel contract; `extra` carries the hotline's own non-personal fields. */
export type TicketEventPayload = AppealEventPayload & { channel: 'HOTLINE'; action: TicketAction; extra: TicketExtra };

/** A column named with its table: drizzle leaves single-table columns bare, which a subquery could capture. */
const qualified = (c: SQL | Column) => (is(c, Column) ? sql`${c.table}.${sql.identifier(c.name)}` : c);

/** The agency running the hotline `hotlineId` names: the intake office of a ticket that came in on it. */
export const intakeOf = (hotlineId: SQL | Column) =>
  sql<string | null>`(select h.agency_id from ${hotlines} h where h.id = ${qualified(hotlineId)})`;

export const ticketFacts = (row: Pick<TicketRow, 'assigneeId' | 'regionCode'> & { dispatcherId?: string | null }, intakeAgencyId: string | null): AppealAccessFacts => ({
  assigneeId: row.assigneeId,
  regionCode: row.regionCode,
  intakeAgencyId,
  dispatcherId: row.dispatcherId ?? null,
});

/**
 * A ticket and its access facts read in one statement inside a writing transaction, locked for
 * update, so checks see the row as written. Only the ticket's row is locked: a subquery in the
 * select list takes no row lock, so writes to tickets of one hotline do not queue on its row.
 */
export async function lockTicket(tx: Tx, id: string): Promise<{ row: TicketRow; facts: AppealAccessFacts } | null> {
  const [found] = await tx
    .select({ row: tickets, intakeAgencyId: intakeOf(tickets.hotlineId) })
    .from(tickets)
    .where(eq(tickets.id, id))
    .for('update');
  return found ? { row: found.row, facts: ticketFacts(found.row, found.intakeAgencyId) } : null;
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

/** The name the caller gave on the call that opened the ticket: the name the ticket's free text may repeat. */
export async function callerNames(db: Executor, callId: string): Promise<string[]> {
  const [call] = await db.select({ name: calls.callerName }).from(calls).where(eq(calls.id, callId));
  return call?.name ? [call.name] : [];
}

export const ticketExtra = (row: TicketRow, category: CategoryLabel): TicketExtra => ({
  hotlineId: row.hotlineId,
  categoryId: category.id,
  urgency: row.urgency,
  deadlineClass: row.deadlineClass,
  firstContactResolution: row.firstContactResolution,
});

/** Entering a terminal state (CLOSED, REJECTED, MERGED) stamps endedAt. */
export const endedAtOn = (status: string, at: Date, before: Pick<TicketRow, 'endedAt'>) => ({
  endedAt: TERMINAL_STATUSES.includes(status as never) ? at : before.endedAt,
});

/** The HOTLINE channel for the kit: its timeline keeps each step's deadline, each return visit gets a row. */
export const HOTLINE_CHANNEL: ChannelSpec<TicketRow, TicketExtra> = registerChannel({
  channel: 'HOTLINE',
  table: tickets,
  timeline: { table: ticketTransitions, appealKey: 'ticketId', keepsDueAt: true },
  numbers: { table: numberCounters },
  actions: TICKET_ACTIONS,
  sdl: channelSdl('HOTLINE', { intake: 'Dispatch', reply: 'reply' }),
  openAction: 'OPEN',
  noteLimit: LIMITS.note,
  lock: lockTicket,
  facts: (row) => ticketFacts(row, null),
  // The intake office (the hotline's agency) is part of a ticket's facts: read in the same statement.
  readFacts: async (db, ids) => {
    const rows = await db.select({ row: tickets, intakeAgencyId: intakeOf(tickets.hotlineId) }).from(tickets).where(inArray(tickets.id, [...ids]));
    return new Map(rows.map((r) => [r.row.id, ticketFacts(r.row, r.intakeAgencyId)]));
  },
  eventDetails: async (row, tx) => {
    const category = await categoryLabel(tx, row.categoryId);
    return { category: category.path, extra: ticketExtra(row, category), names: await callerNames(tx, row.callId) };
  },
  onStatus: endedAtOn,
  afterStep: async (tx, row, step, action) => {
    if (action !== 'followUp') return;
    await tx.insert(returnVisits).values({
      ticketId: row.id,
      sequence: sql`(select coalesce(max(${returnVisits.sequence}), 0) + 1 from ${returnVisits} where ${returnVisits.ticketId} = ${row.id})`,
      satisfaction: row.satisfaction!,
      comment: step.note,
      by: step.actor,
      at: step.at,
    });
  },
});
