import { appendAppealEvents, insertJsonRows, type Executor } from '@civicgraph/platform';
import { returnVisits, ticketTransitions, tickets, type TicketRow } from '../db/tables.ts';
import type { NewReturnVisit, NewTicketEvent, NewTransition } from './ticket-model.ts';

/** Writes finished ticket histories: tickets, timelines, return visits and events, each set-based. */
export async function insertHistories(
  tx: Executor,
  histories: { rows: readonly TicketRow[]; transitions: readonly NewTransition[]; returnVisits: readonly NewReturnVisit[]; events: readonly NewTicketEvent[] },
): Promise<void> {
  await insertJsonRows(tx, tickets, histories.rows);
  await insertJsonRows(tx, ticketTransitions, histories.transitions);
  await insertJsonRows(tx, returnVisits, histories.returnVisits);
  await appendAppealEvents(tx, histories.events);
}
