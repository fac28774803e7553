import { sql } from 'drizzle-orm';
import { getHeapStatistics } from 'node:v8';
import { rowsOf, type Database, type Services, type SubgraphDefinition } from '@civicgraph/platform';
import type { Progress } from './progress.ts';

const POLL_MS = 1000;
/** During a catch-up on PGlite, a checkpoint every this many polls (see checkpoint()). */
const CHECKPOINT_EVERY = 5;

/** While the demo is written, how often the heap is looked at, and the garbage let pile up before a collection. */
const HEAP_CHECK_MS = 250;
const GARBAGE_ALLOWANCE = 96 * 2 ** 20;

/**
 * Full garbage collections while the demo is written, where the process allows them (`npm start`
 * passes --expose-gc). The demo leaves garbage behind as it goes (each chunk's rows and events once
 * written, the consumer's batches, the event tail's pages) that outlives a young collection, and V8
 * lets the old generation grow to a few times what is live before collecting it: that garbage was
 * the first start's peak RSS. A collection whenever the heap has grown by GARBAGE_ALLOWANCE since
 * the last keeps the heap near what is live, at a cost in proportion to the garbage (a collection
 * every second cost ~40% more CPU). Returns the function that stops it.
 */
function collectAsItGrows(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return () => {};
  let after = getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size < after + GARBAGE_ALLOWANCE) return;
    gc();
    after = getHeapStatistics().used_heap_size;
  }, HEAP_CHECK_MS).unref();
  return () => clearInterval(timer);
}

/**
 * PGlite runs PostgreSQL in single-user mode: no checkpointer, so the WAL of a whole first start
 * would pile up, and at the next checkpoint it keeps as many segments for reuse as it saw written
 * since the last one. Checkpointing as the demo is written keeps the data folder near the data.
 * A PostgreSQL server checkpoints by itself.
 */
async function checkpoint(database: Database): Promise<void> {
  if (database.kind === 'pglite') await database.exec('checkpoint');
}

/** The newest event's seq, to count what a subgraph's seeding writes after it. */
async function lastSeq(database: Database): Promise<number> {
  const [row] = rowsOf<{ seq: string | number | null }>(await database.background.execute(sql`select max(seq) as seq from events.event_log`));
  return Number(row?.seq ?? 0);
}

/** Events `source` wrote after `seq` (the ledger appends its own meanwhile: those are not counted). */
async function eventsWritten(database: Database, source: string, seq: number): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await database.background.execute(sql`select count(*) as n from events.event_log where seq > ${seq} and source = ${source}`),
  );
  return Number(row?.n ?? 0);
}

const POSITION = sql`(select coalesce(max(tx_id), 0) as tx_id, coalesce(max(seq), 0) as seq from events.consumer_positions where consumer = `;

/** Whether any event lies ahead of a durable consumer: one index probe, so a restart counts nothing. */
async function isBehind(database: Database, consumer: string): Promise<boolean> {
  const rows = rowsOf(
    await database.background.execute(sql`
      select 1 from events.event_log e, ${POSITION}${consumer}) p where (e.tx_id, e.seq) > (p.tx_id, p.seq) limit 1`),
  );
  return rows.length > 0;
}

/** Events a durable consumer has read so far, and those still ahead of it. */
async function consumerCounts(database: Database, consumer: string): Promise<{ read: number; behind: number }> {
  const [row] = rowsOf<{ read: string | number; behind: string | number }>(
    await database.background.execute(sql`
      select count(*) filter (where (e.tx_id, e.seq) <= (p.tx_id, p.seq)) as read,
             count(*) filter (where (e.tx_id, e.seq) > (p.tx_id, p.seq)) as behind
      from events.event_log e, ${POSITION}${consumer}) p`),
  );
  return { read: Number(row?.read ?? 0), behind: Number(row?.behind ?? 0) };
}

/**
 * The demo data of a start: each subgraph's seedDemo in turn (a no-op where its data is already
 * there, so a restart writes nothing), then the wait until every durable consumer (the case ledger)
 * has read what was written. `status()` says where it is, for /ready and the banner.
 */
export class DemoLoader {
  private state = 'not started';
  private stopped = false;
  /** Whether this start wrote demo data or caught a consumer up (a restart does neither). */
  private wrote = false;

  constructor(
    private readonly definitions: readonly SubgraphDefinition<any>[],
    private readonly services: Services,
    private readonly progress: Progress,
  ) {}

  status(): string {
    return this.state;
  }

  /** Writes every subgraph's demo data (in the caller's time: the API may already answer). */
  async seed(): Promise<void> {
    const { database } = this.services;
    for (const definition of this.definitions) {
      if (!definition.seedDemo || this.stopped) continue;
      this.state = `loading: ${definition.name}`;
      const before = await lastSeq(database);
      const task = this.progress.start(`demo data: ${definition.name}`);
      await definition.seedDemo(this.services, (done, total, unit) => task.update(done, total, unit));
      const written = await eventsWritten(database, definition.name, before);
      if (written > 0) {
        this.wrote = true;
        await checkpoint(database);
      }
      task.end(written > 0 ? `${written.toLocaleString('en-US')} events` : 'already there');
    }
  }

  /** Resolves when every consumer the subgraphs declare has caught up with the log (or on stop). */
  async catchUp(): Promise<void> {
    const { database } = this.services;
    for (const consumer of this.definitions.flatMap((d) => d.consumers ?? [])) {
      if (!(await isBehind(database, consumer))) continue;
      this.wrote = true;
      const start = await consumerCounts(database, consumer);
      this.state = `loading: ${consumer} catch-up`;
      const task = this.progress.start(`${consumer} catch-up`, { total: start.behind, unit: 'events' });
      let now = start;
      for (let poll = 1; now.behind > 0 && !this.stopped; poll++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (poll % CHECKPOINT_EVERY === 0) await checkpoint(database);
        now = await consumerCounts(database, consumer);
        const done = now.read - start.read;
        task.update(done, done + now.behind);
        this.state = `loading: ${consumer} catch-up ${Math.floor((100 * done) / (done + now.behind || 1))}%`;
      }
      await checkpoint(database);
      task.end(`${(now.read - start.read).toLocaleString('en-US')} events`);
    }
  }

  /** Seeds (unless done already), then waits for the consumers; never throws (a failure is reported and kept in the status). */
  async run({ seed = true } = {}): Promise<void> {
    const stopCollecting = collectAsItGrows();
    try {
      if (seed) await this.seed();
      await this.catchUp();
      if (this.wrote && !this.stopped) {
        const task = this.progress.start('giving back the memory used for writing');
        // The event tail reads every event the demo wrote (a page at a time, after each commit) and
        // lags behind the ledger's catch-up: let it finish, so what it read is garbage by the GC below
        // rather than filling the heap of an idle process (hundreds of MiB until a later collection).
        await this.services.events.drain();
        // The heap PGlite grew while the demo was written is not needed any more.
        await this.services.database.releaseMemory();
        // And the JavaScript heap the demo's rows filled: an idle process runs no collection by itself,
        // so without one it keeps that heap until requests come (`npm start` passes --expose-gc).
        (globalThis as { gc?: () => void }).gc?.();
        task.end();
      }
      if (!this.stopped) this.state = 'complete';
    } catch (error) {
      this.state = `failed: ${(error as Error).message}`;
      this.progress.line(`demo data failed: ${(error as Error).stack ?? error}`);
    } finally {
      stopCollecting();
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
