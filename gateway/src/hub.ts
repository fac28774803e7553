import {
  EventTail,
  flushTracing,
  MetricsRegistry,
  startTracing,
  migratePlatform,
  migrateSubgraph,
  openDatabase,
  serveSubgraph,
  systemClock,
  type Clock,
  type Database,
  type RunningSubgraph,
  type Services,
} from '@civicgraph/platform';
import { composeSupergraph, loadSubgraphs, readSupergraph } from '@civicgraph/schema';
import { randomBytes } from 'node:crypto';
import { upstreamKey } from '@civicgraph/platform';
import { DemoLoader } from './demo-loader.ts';
import { startGateway, type GatewayOptions, type GatewaySecurity, type RunningGateway } from './gateway.ts';
import { silentProgress, type Progress } from './progress.ts';

export interface HubOptions {
  /** An open database; otherwise one is opened from `databaseUrl` or PGlite under `dataDir`. */
  database?: Database;
  databaseUrl?: string;
  dataDir?: string;
  clock?: Clock;
  /** Also write demo appeals into empty subgraphs (reference data is always written). */
  seedDemo?: boolean;
  /**
   * Write the demo data after the API is up (npm start): startHub returns once reference data is
   * in, and `demo.status()` (also in /ready) says when the demo is complete. Otherwise it is
   * written before startHub returns (tests).
   */
  demoInBackground?: boolean;
  /** Where each phase of the start is reported (nowhere by default). */
  progress?: Progress;
  port?: number;
  host?: string;
  logging?: boolean;
  /** Origins whose pages may call /graphql from a browser (CORS allow-list); none when absent. */
  corsOrigins?: readonly string[];
  /**
   * Token verification, mode and limits. The key subgraphs trust is made here when not given: in
   * one process nobody else needs to know it.
   */
  security: Omit<GatewaySecurity, 'upstreamKey'> & { upstreamKey?: GatewaySecurity['upstreamKey'] };
  /** How often the event tail re-reads the log besides NOTIFY (ms). */
  pollIntervalMs?: number;
  /**
   * Run only these subgraphs, with a supergraph composed for them on the spot (for tests and for a
   * subgraph under construction). By default: every subgraph in the list, with the committed supergraph.
   */
  only?: string[];
  /** How far a subscriber may fall behind before the gateway closes it (GatewayOptions.subscribers). */
  subscribers?: GatewayOptions['subscribers'];
}

export interface Hub {
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  services: Services;
  /**
   * The demo data: `status()` is `off`, `loading: ...`, `complete` or `failed: ...`. `finish()`
   * starts what is left of it (in the background mode: the seeding, which holds the database while
   * each subgraph writes, so the caller prints its banner first) and resolves when it is complete.
   */
  demo: { status(): string; finish(): Promise<void> };
  stop(): Promise<void>;
}

async function supergraphFor(only: readonly string[] | undefined): Promise<string> {
  if (!only) return readSupergraph();
  const composed = await composeSupergraph(only);
  if ('errors' in composed) throw new Error(`Composition failed:\n- ${composed.errors.join('\n- ')}`);
  return composed.supergraphSdl;
}

/**
 * The whole hub in one process: migrations, demo data, every subgraph on an ephemeral loopback
 * port, and the gateway in front of them. `npm start` and the cross-subgraph tests both use it.
 */
export async function startHub(options: HubOptions): Promise<Hub> {
  const progress = options.progress ?? silentProgress;
  const phase = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const task = progress.start(label);
    const result = await work();
    task.end();
    return result;
  };
  const database = options.database ?? (await phase('opening the database', () => openDatabase({ url: options.databaseUrl, dataDir: options.dataDir })));
  const definitions = await phase('loading the subgraphs', () => loadSubgraphs(options.only));
  await phase('migrations', async () => {
    await migratePlatform(database);
    for (const definition of definitions) await migrateSubgraph(definition, database);
  });

  const events = new EventTail(database, { pollIntervalMs: options.pollIntervalMs });
  // One registry for the process: the gateway's /metrics shows every subgraph's series too.
  const metrics = new MetricsRegistry();
  await startTracing('civicgraph');
  const services: Services = { database, clock: options.clock ?? systemClock, events, metrics };
  await phase('reference data', async () => {
    for (const definition of definitions) await definition.seedReference?.(services);
  });
  const demo = new DemoLoader(definitions, services, progress);
  if (options.seedDemo && !options.demoInBackground) await demo.seed();
  await events.start();

  const key = options.security.upstreamKey ?? upstreamKey(randomBytes(32).toString('base64url'));
  const subgraphs = await phase('starting the subgraphs', () => Promise.all(definitions.map((definition) => serveSubgraph(definition, services, { upstreamKey: key }))));
  const gateway = await phase('starting the gateway', async () => startGateway({
    supergraph: await supergraphFor(options.only),
    security: { ...options.security, upstreamKey: key },
    subgraphUrls: Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
    port: options.port ?? 0,
    host: options.host,
    logging: options.logging,
    corsOrigins: options.corsOrigins,
    metrics,
    subscribers: options.subscribers,
    demoStatus: options.seedDemo ? () => demo.status() : undefined,
  }));
  // Without the background mode only the consumers' catch-up is left, and it runs from here on.
  let complete: Promise<void> | undefined = options.seedDemo && !options.demoInBackground ? demo.run({ seed: false }) : undefined;
  const finish = () => (complete ??= options.seedDemo ? demo.run() : Promise.resolve());
  return {
    gateway,
    subgraphs,
    services,
    demo: { status: () => (options.seedDemo ? demo.status() : 'off'), finish },
    stop: async () => {
      demo.stop();
      await complete;
      await gateway.stop();
      await Promise.all(subgraphs.map((s) => s.stop()));
      await flushTracing();
      await events.stop();
      if (!options.database) await database.close();
    },
  };
}
