import { sql } from 'drizzle-orm';
import { comparePositions, EventConsumer, rowsOf, type ConsumerOptions, type Database, type EventPosition } from '@civicgraph/platform';
import { applyToLedger } from './project.ts';

/** The ledger's durable consumer: its position in events.consumer_positions moves with its effect. */
export const LEDGER_CONSUMER = 'supervision.ledger';

/** Starts the ledger's consumer; any number of replicas may run one (they take turns per batch). */
export async function startLedger(database: Database, options: Omit<ConsumerOptions, 'onError'> = {}): Promise<EventConsumer> {
  const consumer = new EventConsumer(database, LEDGER_CONSUMER, async (tx, events) => void (await applyToLedger(tx, events)), options);
  await consumer.start();
  return consumer;
}

async function ledgerPosition(database: Database): Promise<EventPosition | null> {
  const row = rowsOf<{ tx_id: string; seq: string | number }>(
    await database.background.execute(sql`select tx_id::text as tx_id, seq from events.consumer_positions where consumer = ${LEDGER_CONSUMER}`),
  )[0];
  return row ? { txId: row.tx_id, seq: String(row.seq) } : null;
}

/**
 * Whether the ledger has applied every event committed so far.
 * Not headPosition: that stops short of events newer than the oldest transaction running anywhere on
 * the server, so on a busy PostgreSQL it would report "caught up" before fresh events are applied.
 */
export async function ledgerCaughtUp(database: Database): Promise<boolean> {
  const newest = rowsOf<{ tx: string; seq: string | number }>(
    await database.background.execute(sql`select tx_id::text as tx, seq from events.event_log order by tx_id desc, seq desc limit 1`),
  )[0];
  if (!newest) return true;
  const position = await ledgerPosition(database);
  return position !== null && comparePositions(position, { txId: newest.tx, seq: String(newest.seq) }) >= 0;
}

/** Waits (bounded) until the ledger has caught up; for tests and the demo timing. */
export async function waitForLedger(database: Database, { timeoutMs = 30_000, stepMs = 20 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ledgerCaughtUp(database))) {
    if (Date.now() > deadline) throw new Error(`the case ledger did not catch up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
