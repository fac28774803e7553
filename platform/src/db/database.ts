import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import postgres from 'postgres';
import { openPglite } from './pglite.ts';

/** The drizzle handle every subgraph uses; both drivers share the pg-core query builder. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything a query can run on: the database itself or an open transaction. */
export type Executor = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  /** The PostgreSQL URL, so other processes can reach the same database; absent for PGlite. */
  readonly url?: string;
  readonly db: Db;
  /** The same connection(s), for background readers (event tail, consumers): not counted below. */
  readonly background: Db;
  /** Number of SQL statements sent through `db` so far; tests compare it across requests. */
  statementCount(): number;
  /** How many connections the pool may open (PGlite: 1, a single session in this process). */
  readonly maxConnections: number;
  /** Runs a raw SQL text (no parameters) outside drizzle, e.g. for migrations' locking. */
  exec(sqlText: string): Promise<void>;
  /** Calls `onNotify` for every NOTIFY on `channel` (delivered after the notifying transaction commits). */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs `work` while holding a cluster-wide advisory lock, so concurrent processes take turns. */
  withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  /**
   * Gives back memory that grew while writing in bulk (a first start's demo data). PGlite on disk
   * checkpoints and re-opens its WASM instance, since a WASM heap never shrinks; callers keep their
   * handles and a call made meanwhile waits. Nothing to do in memory or on PostgreSQL.
   */
  releaseMemory(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** Where PGlite persists its files; in memory when absent. Ignored with `url`. */
  dataDir?: string | undefined;
  /** Size of the postgres.js connection pool. */
  maxConnections?: number;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options.maxConnections ?? 10) : openPglite(options.dataDir, statementCounter());
}

export type StatementCounter = ReturnType<typeof statementCounter>;

function statementCounter() {
  let count = 0;
  return { logger: { logQuery: () => void count++ }, read: () => count };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const client = postgres(url, { max, onnotice: () => {} });
  const counter = statementCounter();
  const db = drizzlePostgres({ client, logger: counter.logger }) as unknown as Db;
  return {
    kind: 'postgres',
    url,
    maxConnections: max,
    db,
    background: drizzlePostgres({ client }) as unknown as Db,
    statementCount: counter.read,
    exec: async (sqlText) => void (await client.unsafe(sqlText)),
    listen: async (channel, onNotify) => {
      const { unlisten } = await client.listen(channel, onNotify);
      return unlisten;
    },
    withAdvisoryLock: async (key, work) => {
      // Session-level lock on one reserved connection, so the work may use the pool freely.
      const session = await client.reserve();
      try {
        await session`select pg_advisory_lock(${key})`;
        try {
          return await work();
        } finally {
          await session`select pg_advisory_unlock(${key})`;
        }
      } finally {
        session.release();
      }
    },
    releaseMemory: async () => {},
    close: () => client.end({ timeout: 5 }),
  };
}

/** Rows of a raw `db.execute(sql)` call, whichever driver ran it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
