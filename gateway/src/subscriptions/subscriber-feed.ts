import type { ExecutionResult } from 'graphql';

/** How far one subscriber may fall behind its subscription before it is closed. */
export interface SubscriberBound {
  /** Events resolved for the subscriber that its transport has not taken yet. */
  maxPendingEvents: number;
  /** Bytes of those events (as JSON), plus what the transport holds unsent for the subscriber. */
  maxPendingBytes: number;
}

export const DEFAULT_SUBSCRIBER_BOUND: SubscriberBound = { maxPendingEvents: 500, maxPendingBytes: 1024 * 1024 };

/** Members of a shared group get the same result object: its size is measured once. */
const sizes = new WeakMap<ExecutionResult, number>();
function sizeOf(result: ExecutionResult): number {
  let size = sizes.get(result);
  if (size === undefined) sizes.set(result, (size = Buffer.byteLength(JSON.stringify(result))));
  return size;
}

export interface SubscriberFeedOptions {
  bound: SubscriberBound;
  /** Bytes the transport has accepted for this subscriber but not yet sent (a WebSocket's bufferedAmount). */
  unsentBytes?: () => number;
  /** Called once when the subscriber falls behind the bound; returns a last result to deliver, if any. */
  onOverflow(): ExecutionResult | undefined;
  /** When the subscription ends regardless (its token's expiry). */
  endsAt?: Date;
  /** Called once at `endsAt`; returns a last result to deliver, if any. */
  onExpiry?(): ExecutionResult | undefined;
}

/**
 * One subscriber's end of a subscription. It reads its source as fast as the source produces (so
 * a shared upstream subscription never waits for its slowest member) and holds what the subscriber
 * has not taken yet, up to the bound; past it the pending events are dropped, the source released
 * and `onOverflow` decides how the subscriber hears of it. At `endsAt` it ends likewise: nothing
 * pending or later is delivered, only the result of `onExpiry`.
 */
export class SubscriberFeed implements AsyncIterableIterator<ExecutionResult> {
  private readonly pending: { result: ExecutionResult; bytes: number }[] = [];
  private pendingBytes = 0;
  private waiting: { resolve: (result: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void } | undefined;
  private failure: unknown;
  /** Nothing more is added: the source ended, or the feed was stopped. */
  private ended = false;
  private readonly source: AsyncIterator<ExecutionResult>;
  private timer: NodeJS.Timeout | undefined;

  constructor(source: AsyncIterable<ExecutionResult>, private readonly options: SubscriberFeedOptions) {
    this.source = source[Symbol.asyncIterator]();
    if (options.endsAt) this.expireAt(options.endsAt);
    void this.pump();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const item = this.pending.shift();
    if (item) {
      this.pendingBytes -= item.bytes;
      return Promise.resolve({ value: item.result, done: false });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.stop(undefined);
    this.pending.length = 0;
    this.wake();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<ExecutionResult>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.source.next();
        if (next.done || this.ended) break;
        this.offer(next.value);
      }
    } catch (error) {
      if (!this.ended) this.failure = error;
    }
    this.ended = true;
    clearTimeout(this.timer);
    this.wake();
  }

  private offer(result: ExecutionResult): void {
    if (this.waiting && this.pending.length === 0) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      return resolve({ value: result, done: false });
    }
    const bytes = sizeOf(result);
    this.pending.push({ result, bytes });
    this.pendingBytes += bytes;
    const { maxPendingEvents, maxPendingBytes } = this.options.bound;
    if (this.pending.length > maxPendingEvents || this.pendingBytes + (this.options.unsentBytes?.() ?? 0) > maxPendingBytes) {
      this.stop(this.options.onOverflow());
    }
  }

  /** Ends the feed now: pending events dropped, the source released, `last` delivered last. */
  private stop(last: ExecutionResult | undefined): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.pending.length = 0;
    this.pendingBytes = 0;
    if (last) this.pending.push({ result: last, bytes: 0 });
    void this.source.return?.();
    this.wake();
  }

  /** Hands a waiting consumer the next pending result, or the end. */
  private wake(): void {
    const waiting = this.waiting;
    if (!waiting || (!this.ended && this.pending.length === 0)) return;
    this.waiting = undefined;
    void this.next().then(waiting.resolve, waiting.reject);
  }

  /** Timers hold at most ~24.8 days, so a later end is waited for in steps. */
  private expireAt(at: Date): void {
    const wait = at.getTime() - Date.now();
    if (wait <= 0) return void queueMicrotask(() => this.stop(this.options.onExpiry?.()));
    this.timer = setTimeout(() => this.expireAt(at), Math.min(wait, 2 ** 31 - 1));
  }
}
