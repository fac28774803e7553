import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from 'graphql';
import { PushQueue } from '@civicgraph/platform';
import { subscriberBoundFromEnv } from '../config.ts';
import { SubscriberFeed, type SubscriberFeedOptions } from './subscriber-feed.ts';

const event = (n: number, padding = ''): ExecutionResult => ({ data: { n, padding } });

function feedOf(options: Partial<SubscriberFeedOptions>) {
  let released = 0;
  const source = new PushQueue<ExecutionResult>(() => released++);
  const overflows: number[] = [];
  const feed = new SubscriberFeed(source, {
    bound: { maxPendingEvents: 3, maxPendingBytes: 1000 },
    onOverflow: () => void overflows.push(1),
    ...options,
  });
  return { source, feed, overflows, released: () => released };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('a subscriber feed', () => {
  it('hands events on in order while the subscriber keeps up', async () => {
    const { source, feed, overflows } = feedOf({});
    const taken: unknown[] = [];
    for (let n = 0; n < 10; n++) {
      source.push(event(n));
      await tick();
      taken.push((await feed.next()).value?.data?.n);
    }
    expect(taken).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(overflows).toEqual([]);
  });

  it('holds up to the bound in events, then drops them, releases the source and says so once', async () => {
    const { source, feed, overflows, released } = feedOf({});
    for (let n = 0; n < 6; n++) source.push(event(n));
    await tick();
    expect(overflows).toEqual([1]);
    expect(released()).toBe(1);
    expect(await feed.next()).toEqual({ value: undefined, done: true });
  });

  it('counts bytes, the transport’s unsent ones included', async () => {
    let unsent = 0;
    const { source, feed, overflows } = feedOf({ unsentBytes: () => unsent, onOverflow: () => (overflows.push(1), { errors: [] }) });
    source.push(event(1, 'x'.repeat(100)));
    await tick();
    expect(overflows).toEqual([]);
    unsent = 950;
    source.push(event(2, 'x'.repeat(100)));
    await tick();
    expect(overflows).toEqual([1]);
    // The last result onOverflow gave comes last, then the end.
    expect((await feed.next()).value).toEqual({ errors: [] });
    expect((await feed.next()).done).toBe(true);
  });

  it('ends at endsAt with onExpiry’s result only, nothing pending or later', async () => {
    const endsAt = new Date(Date.now() + 100);
    const { source, feed, released } = feedOf({ endsAt, onExpiry: () => ({ errors: [{ message: 'expired' }] as never }) });
    source.push(event(1));
    source.push(event(2));
    // Sleep past endsAt without taking anything (this timer is set after the feed's, for later).
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await feed.next()).value?.errors?.[0]?.message).toBe('expired');
    source.push(event(3));
    expect((await feed.next()).done).toBe(true);
    expect(released()).toBe(1);
  });

  it('releases its source when the subscriber leaves', async () => {
    const { feed, released } = feedOf({});
    const waiting = feed.next();
    await feed.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(released()).toBe(1);
  });

  it('reads its bound from the environment, refusing nonsense', () => {
    expect(subscriberBoundFromEnv({ CIVICGRAPH_SUBSCRIBER_MAX_EVENTS: '20', CIVICGRAPH_SUBSCRIBER_MAX_BYTES: '65536' })).toEqual({ maxPendingEvents: 20, maxPendingBytes: 65536 });
    expect(subscriberBoundFromEnv({})).toEqual({});
    expect(() => subscriberBoundFromEnv({ CIVICGRAPH_SUBSCRIBER_MAX_BYTES: '1e6' })).toThrow(/CIVICGRAPH_SUBSCRIBER_MAX_BYTES must be a whole number/);
  });
});
