import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../db/database.ts';
import { CONSUMED_CHANNEL, EVENTS_CHANNEL, readEventsAfter, type StoredEvent } from './event-log.ts';

/**
 * Handles one batch of events inside the transaction that also moves the consumer's position:
 * the effect and the new position commit together, so no event is applied twice or lost.
 * Returns how many events were handled; 0 when there was nothing new, or when another process
 * holds this consumer right now (the position row is locked with SKIP LOCKED, so replicas take turns).
 */
export async function consumeBatch(
  database: Database,
  consumer: string,
  handle: (tx: Tx, events: StoredEvent[]) => Promise<void>,
  batchSize = 500,
): Promise<number> {
  await database.background.execute(sql`
    insert into events.consumer_positions (consumer, tx_id, seq) values (${consumer}, 0, 0)
    on conflict (consumer) do nothing`);
  return database.background.transaction(async (tx) => {
    const locked = rowsOf<{ tx_id: string; seq: string | number }>(
      await tx.execute(sql`
        select tx_id::text as tx_id, seq from events.consumer_positions
        where consumer = ${consumer} for update skip locked`),
    )[0];
    if (!locked) return 0;
    const events = await readEventsAfter(tx, { txId: locked.tx_id, seq: String(locked.seq) }, batchSize);
    if (events.length === 0) return 0;
    await handle(tx, events);
    const last = events[events.length - 1]!.position;
    await tx.execute(sql`
      update events.consumer_positions set tx_id = ${last.txId}::bigint, seq = ${last.seq}::bigint, updated_at = now()
      where consumer = ${consumer}`);
    // Wakes the feeds that deliver only what this consumer has applied (EventTail's appliedBy).
    await tx.execute(sql`select pg_notify(${CONSUMED_CHANNEL}, ${consumer})`);
    return events.length;
  });
}

export interface ConsumerOptions {
  pollIntervalMs?: number;
  /**
   * Events per batch (default 500). A consumer far behind (the first start's catch-up) does best
   * with large batches: a set-based handler then touches each row once per batch, not once per event.
   */
  batchSize?: number;
  /** After each batch that handled events, with how many it handled (for progress reports). */
  onBatch?: (handled: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Keeps a durable consumer running: drains on every NOTIFY and on a timer (the timer catches
 * events that were held back by an unrelated long transaction, which sends no NOTIFY when it ends).
 */
export class EventConsumer {
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly name: string,
    private readonly handle: (tx: Tx, events: StoredEvent[]) => Promise<void>,
    private readonly options: ConsumerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1000);
    this.wake();
  }

  /** Drains until nothing is left; resolves when the current drain is done. */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped) {
            const handled = await consumeBatch(this.database, this.name, this.handle, this.options.batchSize);
            if (handled === 0) break;
            this.options.onBatch?.(handled);
          }
        } while (this.again && !this.stopped);
      } catch (error) {
        (this.options.onError ?? console.error)(error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unlisten?.();
    await this.running;
  }
}
