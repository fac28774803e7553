import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Database, Db, StatementCounter } from './database.ts';

/**
 * PGlite's own start settings are a server's (shared_buffers 128 MB, WAL kept for reuse up to
 * 80 MB, WAL fit for replicas). One embedded session needs far less; its WASM heap never shrinks,
 * so what shared_buffers takes at start is held for the life of the process.
 */
const PGLITE_SETTINGS = [
  'shared_buffers=16MB',
  // Nobody replicates from an embedded database: minimal WAL, and segments removed rather than
  // recycled, so the data folder holds the data.
  'wal_level=minimal',
  'max_wal_senders=0',
  'wal_recycle=off',
  'min_wal_size=2MB',
  'max_wal_size=64MB',
];
/** WAL in segments of 1 MB rather than 16 (set when the folder is made), so little is kept between checkpoints. */
const PGLITE_INITDB = ['--wal-segsize=1'];

/**
 * PGlite's WebAssembly compiled once per process: every instance (a re-open, each test's database)
 * shares its code instead of compiling and holding a copy of its own.
 */
type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
// (this project's TypeScript libraries leave out the WebAssembly global's types)
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;
let compiledPglite: Promise<WasmModule> | undefined;
function pgliteModule(): Promise<WasmModule> {
  const file = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm');
  return (compiledPglite ??= readFile(file).then((bytes) => wasm.compile(bytes)));
}

function pgliteOptions() {
  return { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])], initDbStartParams: PGLITE_INITDB };
}

async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  const options = { ...pgliteOptions(), pgliteWasmModule: await pgliteModule() };
  return dataDir ? PGlite.create(dataDir, options) : PGlite.create(options);
}

/**
 * initdb also makes template0 and template1 (7 MiB each), which serve only to create further
 * databases; the hub's one session uses `postgres` and never creates one, so the folder keeps neither.
 */
const DROP_TEMPLATES = ['template0', 'template1'].flatMap((name) => [`ALTER DATABASE ${name} IS_TEMPLATE false`, `DROP DATABASE ${name}`]);

/**
 * Makes a new database in `dataDir` in a child process. initdb grows memory by several hundred MB
 * that this process would keep (freed, but not given back by the allocator); a child gives it back
 * when it exits.
 */
async function initializeFolder(dataDir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `const { PGlite } = require(${JSON.stringify(entry)});
const [dir, options, drop] = JSON.parse(process.argv[1]);
PGlite.create(dir, options).then(async (db) => { for (const statement of drop) await db.exec(statement); await db.close(); })
  .catch((error) => { console.error(error.message); process.exit(1); });`;
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['-e', script, JSON.stringify([dataDir, pgliteOptions(), DROP_TEMPLATES])], (error, _stdout, stderr) =>
      error ? reject(new Error(`initdb failed: ${stderr.trim() || error.message}`)) : resolve(),
    ),
  );
}

/** Whether `dir` holds no database yet, so opening it runs initdb first. */
function isFresh(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

const preparing = new Map<string, Promise<void>>();
/**
 * Gets `dataDir` ready to open: initdb (in a child process) when it holds no database yet, and the
 * WebAssembly compiled. `npm start` calls it before loading the rest of the code, so both run beside
 * the module loading; opening the database then waits for the same work instead of repeating it.
 */
export function preparePglite(dataDir: string | undefined): Promise<void> {
  const compiled = pgliteModule().then(() => {});
  if (dataDir === undefined) return compiled;
  let prepared = preparing.get(dataDir);
  if (!prepared) {
    prepared = Promise.all([compiled, isFresh(dataDir) ? initializeFolder(dataDir) : undefined]).then(() => {});
    preparing.set(dataDir, prepared);
    // Once done it has nothing left to share (a later open checks the folder afresh); a failure is
    // kept, so opening the database reports it rather than finding a half-made folder.
    prepared.then(
      () => preparing.delete(dataDir),
      () => {},
    );
  }
  return prepared;
}

/**
 * One turn of the event loop. PGlite runs each statement synchronously in this thread and its
 * promises chain straight into the next statement, so a run of statements (a subgraph's demo, a
 * catch-up batch) would hold off every request, timer and socket until it ends: on a first start a
 * /ready sent after the banner waited for the whole demo (test/bench/RESULTS.md).
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The transaction drizzle is handed, each statement after a turn of the event loop. */
function yielding(tx: Transaction): Transaction {
  const query: Transaction['query'] = async (...args) => {
    await yieldToEventLoop();
    return tx.query(...args);
  };
  return Object.assign(Object.create(tx) as Transaction, { query });
}

/**
 * A PGlite on disk that can be re-opened under the callers' feet (see `releaseMemory`): drizzle and
 * the listeners hold this forwarder, which sends each call to the instance open at the time, and
 * while it re-opens new calls wait and running ones finish first.
 */
class ReopenablePglite {
  private inFlight = 0;
  private drained: (() => void) | undefined;
  private gate: Promise<void> | undefined;
  private readonly listeners = new Map<object, { channel: string; onNotify: (payload: string) => void; unlisten: () => Promise<void> }>();

  constructor(
    private client: PGlite,
    private readonly dataDir: string | undefined,
  ) {}

  private async run<T>(work: (client: PGlite) => Promise<T>): Promise<T> {
    await yieldToEventLoop();
    while (this.gate) await this.gate;
    this.inFlight++;
    try {
      return await work(this.client);
    } finally {
      if (--this.inFlight === 0) this.drained?.();
    }
  }

  // What drizzle's PGlite session calls.
  query: PGlite['query'] = (...args) => this.run((client) => client.query(...args));
  transaction: PGlite['transaction'] = (callback) => this.run((client) => client.transaction((tx) => callback(yielding(tx))));
  exec = (sqlText: string) => this.run((client) => client.exec(sqlText));

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const key = {};
    const unlisten = await this.run((client) => client.listen(channel, onNotify));
    this.listeners.set(key, { channel, onNotify, unlisten });
    return async () => {
      const entry = this.listeners.get(key);
      this.listeners.delete(key);
      await entry?.unlisten();
    };
  }

  /** Checkpoints, closes and opens the folder again: the new instance starts with a small heap. */
  async reopen(): Promise<void> {
    if (!this.dataDir || this.gate) return;
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    try {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      await this.client.exec('checkpoint');
      await this.client.close();
      this.client = await createPglite(this.dataDir);
      for (const entry of this.listeners.values()) entry.unlisten = await this.client.listen(entry.channel, entry.onNotify);
    } finally {
      this.gate = undefined;
      open();
    }
  }

  close = () => this.run((client) => client.close());
}

/** The embedded PostgreSQL: in memory, or persisted in `dataDir`. */
export async function openPglite(dataDir: string | undefined, counter: StatementCounter): Promise<Database> {
  await preparePglite(dataDir);
  const client = new ReopenablePglite(await createPglite(dataDir), dataDir);
  const asPglite = client as unknown as PGlite;
  const db = drizzlePglite({ client: asPglite, logger: counter.logger }) as unknown as Db;
  return {
    kind: 'pglite',
    maxConnections: 1,
    db,
    background: drizzlePglite({ client: asPglite }) as unknown as Db,
    statementCount: counter.read,
    exec: async (sqlText) => void (await client.exec(sqlText)),
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    // PGlite is a single session inside this process: there is nobody to take turns with.
    withAdvisoryLock: async (_key, work) => work(),
    releaseMemory: () => client.reopen(),
    close: () => client.close(),
  };
}
