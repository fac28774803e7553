import { flushTracing, openDatabase, startTracing } from '@civicgraph/platform';
import { readSupergraph } from '@civicgraph/schema';
import { limitsFromEnv, securityFromEnv, subgraphUrlsFromEnv, subscriberBoundFromEnv } from './config.ts';
import { corsOriginsFromEnv } from './cross-origin.ts';
import { startGateway, type GatewayOptions } from './gateway.ts';

// `npm run gateway`: the gateway alone, in front of subgraphs running as their own processes.
// Any number of replicas may run: with DATABASE_URL they share the rate limit in PostgreSQL; event
// cursors are positions in the shared event log, so a subscriber may resume on any replica.
function settingsFromEnv(): Omit<GatewayOptions, 'database'> {
  const security = securityFromEnv();
  if (!security.upstreamKey) throw new Error('set CIVICGRAPH_SUBGRAPH_SECRET, the key the subgraphs trust the gateway by (the same value as theirs)');
  const supergraph = readSupergraph();
  return {
    supergraph,
    security: { ...security, upstreamKey: security.upstreamKey, limits: limitsFromEnv() },
    subgraphUrls: subgraphUrlsFromEnv(supergraph),
    corsOrigins: corsOriginsFromEnv(),
    subscribers: subscriberBoundFromEnv(),
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST ?? '0.0.0.0',
    // One JSON line per request on stdout unless CIVICGRAPH_REQUEST_LOG=off.
    logging: process.env.CIVICGRAPH_REQUEST_LOG !== 'off',
  };
}

let settings: Omit<GatewayOptions, 'database'>;
try {
  settings = settingsFromEnv();
} catch (error) {
  console.error(`civicgraph gateway: ${(error as Error).message}`);
  process.exit(1);
}
if (!process.env.DATABASE_URL) console.warn('civicgraph gateway: no DATABASE_URL: the rate limit is counted in this process only, not shared with other replicas');
const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : undefined;
await startTracing('civicgraph-gateway');
const gateway = await startGateway({ ...settings, database });
console.log(`civicgraph gateway listening on ${gateway.url}`);
for (const [name, url] of Object.entries(settings.subgraphUrls ?? {})) console.log(`  ${name.padEnd(12)} ${url}`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await gateway.stop();
  await flushTracing();
  await database?.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
