import { systemClock } from '../clock.ts';
import { openDatabase } from '../db/database.ts';
import { applyMigrations } from '../db/migrate.ts';
import { EventTail } from '../events/tail.ts';
import { EVENT_LOG_MIGRATIONS } from '../events/migrations.ts';
import { migrateSubgraph, serveSubgraph, type RequestContext, type SubgraphDefinition } from './subgraph.ts';

/**
 * Runs one subgraph as its own process (a subgraph's src/index.ts calls this). Replicas are
 * stateless beside PostgreSQL: run as many as you like against the same DATABASE_URL.
 * Environment: DATABASE_URL (required), PORT (default: the subgraph's port in the composition list),
 * HOST (default 0.0.0.0).
 */
export async function runStandalone<Ctx extends RequestContext>(definition: SubgraphDefinition<Ctx>, defaultPort: number) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${definition.name}: set DATABASE_URL to run this subgraph on its own (npm start runs the whole hub on PGlite)`);
    process.exit(1);
  }
  const database = await openDatabase({ url });
  await applyMigrations(database, EVENT_LOG_MIGRATIONS.folder, EVENT_LOG_MIGRATIONS.schema);
  await migrateSubgraph(definition, database);
  const events = new EventTail(database);
  await events.start();
  const running = await serveSubgraph(definition, { database, clock: systemClock, events }, {
    port: Number(process.env.PORT ?? defaultPort),
    host: process.env.HOST ?? '0.0.0.0',
  });
  console.log(`${definition.name} subgraph listening on ${running.url}`);
  const shutdown = async () => {
    await running.stop();
    await events.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
