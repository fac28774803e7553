import { resolve } from 'node:path';
import { dataDirProblem } from './data-dir.ts';
import { consoleProgress } from './progress.ts';

// `npm start`: the whole hub in one process. On PGlite persisted under ./data (demo data written on
// first start) unless DATABASE_URL points at a PostgreSQL server. The API answers once reference
// data is in; the demo data is written (first start) and read by the case ledger in the background.
const databaseUrl = process.env.DATABASE_URL;
const dataDir = resolve(process.env.CIVICGRAPH_DATA_DIR ?? 'data/pglite');
const started = Date.now();
const fail = (message: string): never => {
  console.error(`civicgraph: ${message}`);
  process.exit(1);
};
// Checked before anything heavy loads, so a wrong folder is told at once.
const problem = databaseUrl ? null : dataDirProblem(dataDir);
if (problem) fail(problem);
if (!databaseUrl) {
  // initdb (on a first start) and PGlite's compilation run now, beside the loading of the code
  // below; opening the database waits for them, and reports their failure.
  const { preparePglite } = await import('@civicgraph/platform/pglite');
  preparePglite(dataDir).catch(() => {});
}

const { exampleTokens } = await import('./auth.ts');
const { securityFromEnv, subscriberBoundFromEnv } = await import('./config.ts');
const { corsOriginsFromEnv } = await import('./cross-origin.ts');
const { startHub } = await import('./hub.ts');
const port = Number(process.env.PORT ?? 4000);
const seedDemo = process.env.CIVICGRAPH_DEMO !== 'off';
const progress = consoleProgress();
progress.line(`starting on ${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`} ...`);
const security = securityFromEnv();
const corsOrigins = corsOriginsFromEnv();
const hub = await startHub({
  databaseUrl, dataDir, seedDemo, demoInBackground: true, progress, port, host: process.env.HOST, security, corsOrigins,
  subscribers: subscriberBoundFromEnv(),
  // Request logs (JSON lines) only when asked: the banner stays readable.
  logging: process.env.CIVICGRAPH_REQUEST_LOG === 'on',
}).catch(
  (error: Error) =>
    fail(
      databaseUrl
        ? `cannot start on PostgreSQL: ${error.message}`
        : `cannot open the database in ${dataDir} (${error.message}). If the folder was not written by this version of civicgraph, move it away and start again; the demo data is written afresh.`,
    ),
);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const demoLine = !seedDemo
  ? '  Demo data: off (CIVICGRAPH_DEMO=off).'
  : `  Demo data: checked and, on a first start, written next; the API answers meanwhile (a request may wait
  while a subgraph writes its share). /ready reports "demo"; a last line here says when it is all written.`;
const tokenHelp =
  security.tokens.kind === 'hs256'
    ? `  Development tokens (send as the Authorization header; more with \`npm run tokens\`):
${await exampleTokens(security.tokens.secret)}
  In GraphiQL, open the Headers tab and paste {"Authorization": "Bearer <token>"}.`
    : `  Production mode: tokens from the identity provider (${security.tokens.url}).`;
console.log(`
civicgraph is up (${seconds(Date.now() - started)})
${demoLine}

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
void hub.demo.finish().then(() => {
  if (hub.demo.status() === 'complete') progress.line(`demo data complete (${seconds(Date.now() - started)} after start)`);
});

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
