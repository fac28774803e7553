import { sql } from 'drizzle-orm';
import { insertJsonRows } from '../db/bulk.ts';
import { rowsOf, type Executor } from '../db/database.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import { eventLog } from './tables.ts';

/** NOTIFY channel that wakes every listener in every process when events commit. */
export const EVENTS_CHANNEL = 'civicgraph_events';

/** NOTIFY channel on which a durable consumer announces (payload: its name) that its position moved. */
export const CONSUMED_CHANNEL = 'civicgraph_consumed';

/**
 * An event's place in the log. Events are ordered by (txId, seq). A reader only takes events whose
 * transaction is older than the oldest transaction still running (pg_snapshot_xmin): those can no
 * longer change, so a transaction holding a lower seq that commits late is never skipped, and the
 * order a reader sees never changes afterwards. Both parts are decimal strings (64-bit).
 */
export interface EventPosition {
  txId: string;
  seq: string;
}

/** Transactions with an id below this have all ended: their events can no longer appear or change. */
const OLDEST_RUNNING = sql`(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`;

export const START_POSITION: EventPosition = { txId: '0', seq: '0' };

export interface NewEvent<P extends Record<string, unknown> = Record<string, unknown>> {
  source: string;
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: P;
  occurredAt: Date;
}

export interface StoredEvent<P extends Record<string, unknown> = Record<string, unknown>> extends NewEvent<P> {
  position: EventPosition;
  cursor: string;
  /** When the database stored it (its clock, not the domain clock): how far behind a reader is. */
  recordedAt?: Date;
}

export function comparePositions(a: EventPosition, b: EventPosition): number {
  const tx = BigInt(a.txId) - BigInt(b.txId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const seq = BigInt(a.seq) - BigInt(b.seq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

export function encodeEventCursor(position: EventPosition): string {
  return Buffer.from(`${position.txId}.${position.seq}`).toString('base64url');
}

export function decodeEventCursor(cursor: string): EventPosition {
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || cursor.length > 64) {
    throw new DomainError(ErrorCode.INVALID_CURSOR, `Event cursor ${JSON.stringify(cursor.slice(0, 80))} is malformed`);
  }
  return { txId: match[1]!, seq: match[2]! };
}

/**
 * Appends an event inside the caller's transaction, beside the state change it records. The NOTIFY
 * is transactional too: listeners are woken only if and when the transaction commits.
 */
export async function appendEvent(tx: Executor, event: NewEvent): Promise<void> {
  await tx.insert(eventLog).values(event);
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
}

/** `tx` is the text form of tx_id; it must not be aliased tx_id, or ORDER BY would sort the text. */
/**
 * Appends many events in one transaction with a single NOTIFY (appendEvent notifies per event), in
 * the order given, which becomes their seq order: for demo data and other bulk histories.
 */
export async function appendEvents(tx: Executor, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertJsonRows(tx, eventLog, events);
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
}

interface EventRow {
  seq: string | number;
  tx: string;
  source: string;
  aggregate_type: string;
  aggregate_id: string;
  type: string;
  payload: Record<string, unknown> | string;
  occurred_at: string | Date;
  recorded_at: string | Date;
}

/**
 * Which events a reader may take: those that can no longer change, or, with `appliedBy`, those the
 * named durable consumer has applied (its position never passes an event that could still change,
 * and it applies in log order, so every event up to it is applied). No position yet: none.
 */
function readable(appliedBy: string | undefined) {
  return appliedBy
    ? sql`(tx_id, seq) <= (select p.tx_id, p.seq from events.consumer_positions p where p.consumer = ${appliedBy})`
    : sql`tx_id < ${OLDEST_RUNNING}`;
}

/** Events after `after` that can no longer change (or that `appliedBy` has applied), in log order. */
export async function readEventsAfter(db: Executor, after: EventPosition, limit: number, appliedBy?: string): Promise<StoredEvent[]> {
  const result = await db.execute(sql`
    select seq, tx_id::text as tx, source, aggregate_type, aggregate_id, type, payload, occurred_at, recorded_at
    from events.event_log
    where (tx_id, seq) > (${after.txId}::bigint, ${after.seq}::bigint)
      and ${readable(appliedBy)}
    order by tx_id, seq
    limit ${limit}`);
  return rowsOf<EventRow>(result).map(toStoredEvent);
}

/**
 * Refuses a cursor past every transaction begun so far: no event stands there, nor can one soon (a
 * made-up cursor, or one from another installation). A feed from it would deliver nothing for a
 * long while, and a shared group started there would serve nobody else.
 */
export async function requireReachedPosition(db: Executor, position: EventPosition): Promise<void> {
  const [row] = rowsOf<{ next: string }>(await db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as next`));
  if (BigInt(position.txId) >= BigInt(row!.next)) {
    throw new DomainError(ErrorCode.INVALID_CURSOR, `Event cursor ${encodeEventCursor(position)} lies beyond the event log`);
  }
}

/** The position of the newest event a reader may take (see readEventsAfter): a live reader starts after it. */
export async function headPosition(db: Executor, appliedBy?: string): Promise<EventPosition> {
  const result = await db.execute(sql`
    select seq, tx_id::text as tx from events.event_log
    where ${readable(appliedBy)}
    order by tx_id desc, seq desc limit 1`);
  const row = rowsOf<{ seq: string | number; tx: string }>(result)[0];
  return row ? { txId: row.tx, seq: String(row.seq) } : START_POSITION;
}

function toStoredEvent(row: EventRow): StoredEvent {
  const position = { txId: row.tx, seq: String(row.seq) };
  return {
    position,
    cursor: encodeEventCursor(position),
    source: row.source,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    type: row.type,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
  };
}
