import { sql } from 'drizzle-orm';
import { APPEAL_TRANSITIONED, appendEvents, insertJsonRows, type Executor } from '@civicgraph/platform';
import { numberCounters, returnVisits, ticketTransitions, tickets, type TicketRow } from '../db/tables.ts';
import type { NewReturnVisit, NewTicketEvent, NewTransition } from './ticket-model.ts';

/**
 * Reserves `count` consecutive ticket numbers of `year` and returns them (HOT-2022-000123):
 * one statement however many, so the bulk seeder and a single call use the same counter.
 */
export async function reserveNumbers(tx: Executor, year: number, count: number): Promise<string[]> {
  const [counter] = await tx
    .insert(numberCounters)
    .values({ year, last: count })
    .onConflictDoUpdate({ target: numberCounters.year, set: { last: sql`${numberCounters.last} + ${count}` } })
    .returning();
  const first = counter!.last - count + 1;
  return Array.from({ length: count }, (_, i) => `HOT-${year}-${String(first + i).padStart(6, '0')}`);
}

/** Writes finished ticket histories: tickets, timelines, return visits and events, each set-based. */
export async function insertHistories(
  tx: Executor,
  histories: { rows: readonly TicketRow[]; transitions: readonly NewTransition[]; returnVisits: readonly NewReturnVisit[]; events: readonly NewTicketEvent[] },
): Promise<void> {
  await insertJsonRows(tx, tickets, histories.rows);
  await insertJsonRows(tx, ticketTransitions, histories.transitions);
  await insertJsonRows(tx, returnVisits, histories.returnVisits);
  // The same rows appendAppealEvent writes one at a time, in the order given, with one NOTIFY.
  await appendEvents(
    tx,
    histories.events.map((e) => ({ source: 'hotline', aggregateType: 'Ticket', aggregateId: e.aggregateId, type: APPEAL_TRANSITIONED, payload: e.payload, occurredAt: e.occurredAt })),
  );
}
