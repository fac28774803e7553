/**
 * An async iterator fed by pushes. Unlike an async generator, `return()` ends it at once even while
 * the consumer is waiting for the next value, so a closed subscription releases its resources
 * immediately instead of at the next event.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failure: unknown;
  private done = false;
  private spaceWaiters: (() => void)[] = [];

  constructor(private readonly onClose: () => void) {}

  get closed(): boolean {
    return this.done;
  }

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  fail(error: unknown): void {
    this.failure = error;
    this.finish();
    this.waiting = undefined;
  }

  /** Resolves once the buffer holds fewer than `limit` values, so a producer can wait for a slow consumer. */
  async whenBelow(limit: number): Promise<void> {
    while (!this.done && this.buffer.length >= limit) await new Promise<void>((r) => this.spaceWaiters.push(r));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift() as T;
      this.releaseSpace();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    this.buffer.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.releaseSpace();
    this.onClose();
  }

  private releaseSpace(): void {
    for (const wake of this.spaceWaiters.splice(0)) wake();
  }
}
