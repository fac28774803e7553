import { systemClock } from '../clock.ts';
import { openDatabase } from '../db/database.ts';
import { EventTail } from '../events/tail.ts';
import { upstreamKey } from '../auth/upstream-token.ts';
import { MetricsRegistry } from '../observability/metrics.ts';
import { flushTracing, startTracing } from '../observability/tracing.ts';
import { migratePlatform, migrateSubgraph, serveSubgraph, type RequestContext, type SubgraphDefinition } from './subgraph.ts';

/**
 * Runs one subgraph as its own process (a subgraph's src/index.ts calls this): migrations, reference
 * data when missing, then the server. Replicas are
 * stateless beside PostgreSQL: run as many as you like against the same DATABASE_URL.
 * Environment: DATABASE_URL (required), PORT (default: the port its definition names),
 * HOST (default 0.0.0.0), CIVICGRAPH_SUBGRAPH_SECRET (required: the key the gateway signs identities with).
 */
export async function runStandalone<Ctx extends RequestContext>(definition: SubgraphDefinition<Ctx>) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${definition.name}: set DATABASE_URL to run this subgraph on its own (npm start runs the whole hub on PGlite)`);
    process.exit(1);
  }
  const secret = process.env.CIVICGRAPH_SUBGRAPH_SECRET;
  if (!secret) {
    console.error(`${definition.name}: set CIVICGRAPH_SUBGRAPH_SECRET (the gateway's signing key) so it can trust the gateway and no one else`);
    process.exit(1);
  }
  const key = upstreamKey(secret);
  const database = await openDatabase({ url });
  await migratePlatform(database);
  await migrateSubgraph(definition, database);
  const events = new EventTail(database);
  await startTracing(`civicgraph-${definition.name}`);
  const services = { database, clock: systemClock, events, metrics: new MetricsRegistry() };
  // Reference data (the directory, boards, categories) is written when missing, as the hub does;
  // idempotent, so replicas starting together on an empty database do not conflict.
  await definition.seedReference?.(services);
  await events.start();
  const running = await serveSubgraph(definition, services, {
    port: Number(process.env.PORT ?? definition.port),
    host: process.env.HOST ?? '0.0.0.0',
    upstreamKey: key,
  });
  console.log(`${definition.name} subgraph listening on ${running.url}`);
  const shutdown = async () => {
    await running.stop();
    await flushTracing();
    await events.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
