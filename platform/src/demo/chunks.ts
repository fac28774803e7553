/*
 * The demo generators build a year of appeals. Held whole, one channel's rows, timelines and events
 * took a few hundred MiB of heap on a first start; built and written a chunk of appeals at a time,
 * only the chunk (and the events still to come in time order) is held.
 */

/** Appeals a demo generator builds and writes at a time. */
export const DEMO_CHUNK = 1000;

/** The index ranges [start, end) that split `length` items into chunks of `size` (the last one may be shorter). */
export function* chunkRanges(length: number, size: number = DEMO_CHUNK): Generator<{ start: number; end: number }> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive whole number, not ${size}`);
  for (let start = 0; start < length; start += size) yield { start, end: Math.min(start + size, length) };
}

interface TimedEvent {
  occurredAt: Date;
}

const byTime = (a: TimedEvent, b: TimedEvent) => a.occurredAt.getTime() - b.occurredAt.getTime();

/**
 * A channel's demo events in the order the whole list, sorted once, would have had, handed out a
 * chunk at a time. The log is written oldest first; appeals are built in order of submission, and
 * an appeal's events come after it was submitted, so once the appeals submitted before some instant
 * are built, every event before that instant is known and can be written. Events are taken sorted
 * by `compare` and, where it ties, in the order they were added (as a stable sort of the whole list).
 */
export class TimeOrderedEvents<E extends TimedEvent> {
  private pending: E[] = [];
  /** Every event before this instant (ms) has been taken: none may be added any more. */
  private takenBefore = Number.NEGATIVE_INFINITY;

  constructor(private readonly compare: (a: E, b: E) => number = byTime) {}

  get size(): number {
    return this.pending.length;
  }

  add(events: Iterable<E>): void {
    for (const event of events) {
      // It would have to go before events already written: the caller's bound was wrong.
      if (event.occurredAt.getTime() < this.takenBefore) {
        throw new RangeError(`event at ${event.occurredAt.toISOString()} comes before ${new Date(this.takenBefore).toISOString()}, up to which the log is written`);
      }
      this.pending.push(event);
    }
  }

  /** The events before `instant` (ms), in order: the caller promises that none added later is before it. */
  takeBefore(instant: number): E[] {
    // Array.prototype.sort is stable: ties stay in the order added (the rest is already in order).
    this.pending.sort(this.compare);
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.occurredAt.getTime() < instant) count++;
    this.takenBefore = Math.max(this.takenBefore, instant);
    return this.pending.splice(0, count);
  }

  /** Every event left, in order; nothing may be added afterwards. */
  takeAll(): E[] {
    return this.takeBefore(Number.POSITIVE_INFINITY);
  }
}
