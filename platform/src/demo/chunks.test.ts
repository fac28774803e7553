import { describe, expect, it } from 'vitest';
import { chunkRanges, DEMO_CHUNK, TimeOrderedEvents } from './chunks.ts';
import { seededRandom } from './random.ts';

describe('chunkRanges', () => {
  it('splits into chunks of the size given, the last one shorter', () => {
    expect([...chunkRanges(2500, 1000)]).toEqual([{ start: 0, end: 1000 }, { start: 1000, end: 2000 }, { start: 2000, end: 2500 }]);
  });

  it('gives whole chunks only when the length is a multiple, and none for nothing', () => {
    expect([...chunkRanges(6, 3)]).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }]);
    expect([...chunkRanges(0, 3)]).toEqual([]);
    expect([...chunkRanges(2, 5)]).toEqual([{ start: 0, end: 2 }]);
  });

  it('uses the demo chunk by default', () => {
    expect([...chunkRanges(DEMO_CHUNK + 1)].map((r) => r.end - r.start)).toEqual([DEMO_CHUNK, 1]);
  });

  it('refuses a size that would never end or split oddly', () => {
    expect(() => [...chunkRanges(10, 0)]).toThrow(RangeError);
    expect(() => [...chunkRanges(10, 2.5)]).toThrow(RangeError);
  });
});

interface Event {
  occurredAt: Date;
  appeal: number;
  sequence: number;
}

/** Appeals submitted in time order, each with a few events after its submission (some at the same instant). */
function appeals(count: number) {
  const rnd = seededRandom(42);
  let submitted = 0;
  return Array.from({ length: count }, (_, appeal) => {
    submitted += rnd.int(0, 3);
    let at = submitted;
    const events = Array.from({ length: rnd.int(1, 6) }, (_, i): Event => ({ occurredAt: new Date((at += rnd.int(0, 20))), appeal, sequence: i + 1 }));
    return { submitted, events };
  });
}

const bySequenceToo = (a: Event, b: Event) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence;

describe('TimeOrderedEvents', () => {
  it('hands out, chunk by chunk, exactly the order of one stable sort of all the events', () => {
    const all = appeals(500);
    for (const compare of [undefined, bySequenceToo]) {
      const whole = all.flatMap((a) => a.events).sort(compare ?? ((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()));
      const log = new TimeOrderedEvents<Event>(compare);
      const written: Event[] = [];
      for (const { start, end } of chunkRanges(all.length, 64)) {
        log.add(all.slice(start, end).flatMap((a) => a.events));
        // No event of an appeal still to come is before its submission.
        written.push(...log.takeBefore(end < all.length ? all[end]!.submitted : Number.POSITIVE_INFINITY));
      }
      written.push(...log.takeAll());
      expect(written.length).toBe(whole.length);
      expect(written.map((e) => `${e.appeal}.${e.sequence}`)).toEqual(whole.map((e) => `${e.appeal}.${e.sequence}`));
    }
  });

  it('keeps events back until their instant is passed, and ties in the order added', () => {
    const log = new TimeOrderedEvents<Event>();
    const at = (ms: number, appeal: number): Event => ({ occurredAt: new Date(ms), appeal, sequence: 1 });
    log.add([at(30, 1), at(10, 2), at(10, 3), at(20, 4)]);
    expect(log.takeBefore(20).map((e) => e.appeal)).toEqual([2, 3]);
    expect(log.size).toBe(2);
    log.add([at(20, 5)]);
    expect(log.takeAll().map((e) => e.appeal)).toEqual([4, 5, 1]);
    expect(log.size).toBe(0);
  });

  it('refuses an event before what it has handed out already', () => {
    const log = new TimeOrderedEvents<Event>();
    log.add([{ occurredAt: new Date(5), appeal: 1, sequence: 1 }]);
    log.takeBefore(10);
    expect(() => log.add([{ occurredAt: new Date(9), appeal: 2, sequence: 1 }])).toThrow(RangeError);
    log.add([{ occurredAt: new Date(10), appeal: 3, sequence: 1 }]);
    expect(log.takeAll().map((e) => e.appeal)).toEqual([3]);
  });
});
