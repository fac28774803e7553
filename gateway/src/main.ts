import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleTokens } from './auth.ts';
import { securityFromEnv, subscriberBoundFromEnv } from './config.ts';
import { corsOriginsFromEnv } from './cross-origin.ts';
import { startHub } from './hub.ts';

// `npm start`: the whole hub in one process. On PGlite persisted under ./data (demo data written on
// first start) unless DATABASE_URL points at a PostgreSQL server.
const databaseUrl = process.env.DATABASE_URL;
const dataDir = resolve(process.env.CIVICGRAPH_DATA_DIR ?? 'data/pglite');
if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
const port = Number(process.env.PORT ?? 4000);

console.log(`civicgraph: starting on ${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`} ...`);
const started = Date.now();
const security = securityFromEnv();
const corsOrigins = corsOriginsFromEnv();
const hub = await startHub({ databaseUrl, dataDir, seedDemo: process.env.CIVICGRAPH_DEMO !== 'off', port, host: process.env.HOST, security, corsOrigins, subscribers: subscriberBoundFromEnv(),
  // Request logs (JSON lines) only when asked: the banner below stays readable.
  logging: process.env.CIVICGRAPH_REQUEST_LOG === 'on' });
const tokenHelp =
  security.tokens.kind === 'hs256'
    ? `  Development tokens (send as the Authorization header; more with \`npm run tokens\`):
${await exampleTokens(security.tokens.secret)}
  In GraphiQL, open the Headers tab and paste {"Authorization": "Bearer <token>"}.`
    : `  Production mode: tokens from the identity provider (${security.tokens.url}).`;
console.log(`
civicgraph is up (${((Date.now() - started) / 1000).toFixed(1)} s)

  GraphQL IDE (open in a browser)  ${security.mode === 'production' ? '(off in production)' : hub.gateway.url}
  Live dashboard                   ${hub.gateway.url.replace('/graphql', '/dashboard/')}
  GraphQL over HTTP                GET/POST ${hub.gateway.url}
  Subscriptions (graphql-ws)       ${hub.gateway.wsUrl}
  Metrics (Prometheus)             ${hub.gateway.url.replace('/graphql', '/metrics')}
  Health / readiness               ${hub.gateway.url.replace('/graphql', '/health')}  ${hub.gateway.url.replace('/graphql', '/ready')}
  Open311 GeoReport v2             ${hub.gateway.url.replace('/graphql', '/open311/v2/discovery.json')}
  Open data (CSV)                  ${hub.gateway.url.replace('/graphql', '/export/kpis.csv?from=2022-01&to=2022-12')}  (cases.csv with a token)
  Browser origins allowed (CORS)   ${corsOrigins.length ? corsOrigins.join(' ') : 'none besides its own pages (set CIVICGRAPH_CORS_ORIGINS)'}

  Subgraphs (in this process; they answer only the gateway):
${hub.subgraphs.map((s) => `    ${s.name.padEnd(12)} ${s.url}`).join('\n')}

${tokenHelp}

Press Ctrl+C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('civicgraph: stopping, draining connections ...');
  await hub.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
