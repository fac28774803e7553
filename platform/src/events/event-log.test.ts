import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf, type Database, type Executor } from '../db/database.ts';
import { applyMigrations } from '../db/migrate.ts';
import { openTestDatabase } from '../testing.ts';
import { consumeBatch, EventConsumer } from './consumer.ts';
import { appendEvent, decodeEventCursor, encodeEventCursor, readEventsAfter, START_POSITION } from './event-log.ts';
import { EVENT_LOG_MIGRATIONS } from './migrations.ts';
import { EventTail } from './tail.ts';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  await applyMigrations(database, EVENT_LOG_MIGRATIONS.folder, EVENT_LOG_MIGRATIONS.schema);
  // The consumer's effect in these tests: one row per event seen; the primary key refuses a second sighting.
  await database.exec('create table public.seen (writer int, i int, primary key (writer, i))');
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.exec('truncate events.event_log, events.consumer_positions, public.seen');
});

const event = (writer: number, i: number) => ({
  source: 'test',
  aggregateType: 'Counter',
  aggregateId: String(writer),
  type: 'Ticked',
  payload: { writer, i },
  occurredAt: new Date(),
});

async function seenRows(): Promise<{ writer: number; i: number }[]> {
  return rowsOf(await database.db.execute(sql`select writer, i from public.seen order by writer, i`));
}

const recordSeen = (consumer: string) =>
  new EventConsumer(database, consumer, async (tx, events) => {
    for (const e of events) await tx.execute(sql`insert into public.seen values (${e.payload.writer}, ${e.payload.i})`);
  }, { pollIntervalMs: 50 });

describe('event log', () => {
  it('delivers every event of 8 concurrent writers x 250 transitions exactly once, in each writer’s order', async () => {
    const consumer = recordSeen('exactly-once');
    const order = new Map<number, number[]>();
    const tail = new EventTail(database, { pollIntervalMs: 50 });
    await tail.start();
    const live = tail.stream();
    await consumer.start();

    const writers = Array.from({ length: 8 }, async (_, writer) => {
      for (let i = 0; i < 250; i++) await database.db.transaction((tx) => appendEvent(tx, event(writer, i)));
    });
    await Promise.all(writers);
    for (let n = 0; n < 200 && (await seenRows()).length < 2000; n++) await consumer.wake();
    await consumer.stop();

    const seen = await seenRows();
    expect(seen).toHaveLength(2000);
    for (let writer = 0; writer < 8; writer++) {
      expect(seen.filter((r) => r.writer === writer).map((r) => r.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    }
    // The live stream sees the same 2000 events, and each writer's in the order it wrote them.
    for (let n = 0; n < 2000; n++) {
      const { value } = await live.next();
      const { writer, i } = value!.payload as { writer: number; i: number };
      order.set(writer, [...(order.get(writer) ?? []), i]);
    }
    await live.return!();
    await tail.stop();
    for (const [, is] of order) expect(is).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect([...order.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  /**
   * Readers take only transactions older than the oldest one running on the whole server, so on a
   * PostgreSQL shared with other test files an event may become visible a moment after its commit.
   */
  async function untilVisible(done: () => Promise<boolean>) {
    for (let attempt = 0; attempt < 200 && !(await done()); attempt++) await new Promise((r) => setTimeout(r, 50));
  }

  it('never skips an event whose transaction commits after one holding a higher sequence number', async () => {
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
    let aAppended!: (seq: number) => void;
    const aSeq = new Promise<number>((resolve) => (aAppended = resolve));
    const lastSeq = async (db: Executor) =>
      Number(rowsOf<{ seq: string }>(await db.execute(sql`select max(seq) as seq from events.event_log`))[0]!.seq);
    const a = database.db.transaction(async (tx) => {
      await appendEvent(tx, event(1, 0));
      aAppended(await lastSeq(tx));
      await aMayCommit;
    });
    try {
      const seqOfA = await aSeq;
      const b = database.db.transaction((tx) => appendEvent(tx, event(2, 0)));
      if (database.kind === 'postgres') {
        // Stage the race: B takes a higher seq and commits while A (lower seq) is still open.
        await b;
        expect(await lastSeq(database.db)).toBeGreaterThan(seqOfA);
        // A reader that took B now would have to skip A later. It must take nothing yet.
        expect(await readEventsAfter(database.db, START_POSITION, 10)).toEqual([]);
        expect(await consumeBatch(database, 'late-commit', async () => {})).toBe(0);
      }
      // (PGlite runs one transaction at a time: B waits for A, so the race cannot arise there.)
      releaseA();
      await Promise.all([a, b]);
    } finally {
      releaseA();
      await a;
    }

    const consumer = recordSeen('late-commit');
    // A transaction open anywhere on the server (another test file's database) delays, never loses.
    await untilVisible(async () => {
      await consumer.wake();
      return (await seenRows()).length >= 2;
    });
    expect(await seenRows()).toEqual([
      { writer: 1, i: 0 },
      { writer: 2, i: 0 },
    ]);
  });

  it('replays from a cursor, then continues live, without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await database.db.transaction((tx) => appendEvent(tx, event(3, i)));
    let all = await readEventsAfter(database.db, START_POSITION, 100);
    await untilVisible(async () => (all = await readEventsAfter(database.db, START_POSITION, 100)).length >= 5);
    expect(all).toHaveLength(5);
    const tail = new EventTail(database, { pollIntervalMs: 50 });
    await tail.start();
    const resumed = tail.stream({ after: all[1]!.position });
    await database.db.transaction((tx) => appendEvent(tx, event(3, 5)));
    void tail.drain();
    const got: number[] = [];
    for (let n = 0; n < 4; n++) got.push(((await resumed.next()).value!.payload as { i: number }).i);
    expect(got).toEqual([2, 3, 4, 5]);
    // return() ends a stream that is waiting for its next event at once.
    const pending = resumed.next();
    await resumed.return!();
    expect((await pending).done).toBe(true);
    await tail.stop();
  });

  it('round-trips cursors and refuses malformed ones with INVALID_CURSOR', () => {
    const position = { txId: '18446744073709551000', seq: '42' };
    expect(decodeEventCursor(encodeEventCursor(position))).toEqual(position);
    for (const bad of ['', 'not-a-cursor', Buffer.from('1.x').toString('base64url'), Buffer.from('-1.2').toString('base64url')]) {
      expect(() => decodeEventCursor(bad)).toThrowError(expect.objectContaining({ extensions: { code: 'INVALID_CURSOR' } }));
    }
  });
});
