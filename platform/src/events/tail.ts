import type { Database } from '../db/database.ts';
import {
  comparePositions,
  CONSUMED_CHANNEL,
  EVENTS_CHANNEL,
  headPosition,
  readEventsAfter,
  type EventPosition,
  type StoredEvent,
} from './event-log.ts';
import { PushQueue } from './push-queue.ts';

const PAGE = 200;

export interface EventStreamOptions {
  /** Replay every event after this position before live ones; live only when absent. */
  after?: EventPosition | undefined;
  /** Only events for which this returns true are delivered. */
  match?: (event: StoredEvent) => boolean;
}

/**
 * One reader of the event log per process, fanning new events out to every live stream
 * (subscriptions) in memory, so a thousand dashboards cost one query per wake-up, not a thousand.
 */
export class EventTail {
  private position: EventPosition | undefined;
  /** The tails `applied` made, each with its start (a failed start is retried by the next caller). */
  private readonly appliedTails = new Map<string, { tail: EventTail; started: Promise<void> }>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private readonly readers = new Set<(event: StoredEvent) => void>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly database: Database,
    private readonly options: {
      pollIntervalMs?: number;
      /** Deliver only events this durable consumer has applied (see `applied`); all committed ones when absent. */
      appliedBy?: string;
    } = {},
  ) {}

  /**
   * A tail (one per process and consumer, started on first use, stopped with this one) that delivers
   * each event only once the named durable consumer has applied it: a feed about the consumer's
   * state (the case ledger's caseEvents) then never announces a change its readers cannot see yet.
   */
  async applied(consumer: string): Promise<EventTail> {
    let entry = this.appliedTails.get(consumer);
    if (!entry) {
      const tail = new EventTail(this.database, { pollIntervalMs: this.options.pollIntervalMs, appliedBy: consumer });
      entry = { tail, started: tail.start() };
      this.appliedTails.set(consumer, entry);
      const created = entry;
      created.started.catch(() => this.appliedTails.get(consumer) === created && this.appliedTails.delete(consumer));
    }
    await entry.started;
    return entry.tail;
  }

  /** How many streams (subscriptions) are open right now, those of the `applied` tails included. */
  get activeStreams(): number {
    let streams = this.listeners.size;
    for (const { tail } of this.appliedTails.values()) streams += tail.activeStreams;
    return streams;
  }

  /** Calls `reader` with every event the tail reads from the log (for metrics), whether or not a stream wants it. */
  onRead(reader: (event: StoredEvent) => void): void {
    this.readers.add(reader);
  }

  async start(): Promise<void> {
    const appliedBy = this.options.appliedBy;
    this.position = await headPosition(this.database.background, appliedBy);
    this.unlisten = appliedBy
      ? await this.database.listen(CONSUMED_CHANNEL, (consumer) => void (consumer === appliedBy && this.drain()))
      : await this.database.listen(EVENTS_CHANNEL, () => void this.drain());
    // The timer catches events held back by an unrelated long transaction, whose end sends no NOTIFY.
    this.timer = setInterval(() => void this.drain(), this.options.pollIntervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unlisten?.();
    await this.draining;
    const applied = [...this.appliedTails.values()];
    this.appliedTails.clear();
    await Promise.all(applied.map(({ tail, started }) => started.then(() => tail.stop(), () => undefined)));
  }

  /** Reads whatever has committed since the last read and hands it to every stream. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const events = await readEventsAfter(this.database.background, this.currentPosition(), PAGE, this.options.appliedBy);
            for (const event of events) {
              this.position = event.position;
              for (const reader of this.readers) reader(event);
              for (const listener of this.listeners) listener(event);
            }
            if (events.length < PAGE) break;
          }
        } while (this.again);
      } catch (error) {
        console.error('event tail: reading the event log failed; will retry', error);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  /**
   * A stream of events: first those after `options.after` read from the log, then live ones.
   * Live events arriving during the replay are held and deduplicated by position, so the
   * hand-over neither drops nor repeats an event.
   */
  stream(options: EventStreamOptions = {}): AsyncIterableIterator<StoredEvent> {
    const match = options.match ?? (() => true);
    let last = options.after ?? this.currentPosition();
    let replaying = options.after !== undefined;
    const held: StoredEvent[] = [];
    const deliver = (event: StoredEvent) => {
      if (comparePositions(event.position, last) <= 0) return;
      last = event.position;
      if (match(event)) queue.push(event);
    };
    const onLive = (event: StoredEvent) => (replaying ? held.push(event) : deliver(event));
    const queue = new PushQueue<StoredEvent>(() => this.listeners.delete(onLive));
    this.listeners.add(onLive);

    if (replaying) {
      void (async () => {
        try {
          for (;;) {
            await queue.whenBelow(PAGE);
            if (queue.closed) return;
            const page = await readEventsAfter(this.database.background, last, PAGE, this.options.appliedBy);
            page.forEach(deliver);
            if (page.length < PAGE) break;
          }
          replaying = false;
          held.splice(0).forEach(deliver);
        } catch (error) {
          queue.fail(error);
        }
      })();
    }
    return queue;
  }

  private currentPosition(): EventPosition {
    if (!this.position) throw new Error('EventTail.start() must be awaited before use');
    return this.position;
  }
}
