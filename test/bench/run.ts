import { performance } from 'node:perf_hooks';
import { mintDevToken, securityFromEnv, startHub } from '@civicgraph/gateway';
import { openDatabase } from '@civicgraph/platform';
import { postGraphQL } from '@civicgraph/platform/testing';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CASES, KPIS_BY_REGION } from '../../dashboard/src/queries.ts';

// `npm run bench`: the whole hub in this process on in-memory PGlite (or on DATABASE_URL) with the
// demo data, measured over loopback HTTP and WebSockets. Every loop is bounded. Figures go to stdout.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

function summary(name: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(`${name.padEnd(48)} n=${samples.length}  p50 ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  max ${at(1).toFixed(1)} ms`);
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

const database = await openDatabase({ url: process.env.DATABASE_URL });
const security = securityFromEnv();
const [startMs, hub] = await timed(() => startHub({ database, seedDemo: true, security: { ...security, limits: { rateLimit: 1_000_000 } } }));
const devSecret = security.tokens.kind === 'hs256' ? security.tokens.secret : undefined;
if (!devSecret) throw new Error('The benchmark mints development tokens; run it in development mode');
// Readers as a supervisor (every agency's rows), writers as a citizen, the feed as a dashboard.
const tokenOf = async (claims: Parameters<typeof mintDevToken>[1]) => `Bearer ${await mintDevToken(devSecret, claims)}`;
const reader = { authorization: await tokenOf({ role: 'supervisor', agency: 'jl-gov-supervision' }) };
const citizen = { authorization: await tokenOf({ role: 'citizen', subject: 'citizen:bench' }) };
const dashboard = await tokenOf({ role: 'dashboard' });
console.log(`hub start with demo data on ${database.kind}: ${(startMs / 1000).toFixed(1)} s`);
const url = hub.gateway.url;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const PAGE = `query($first: Int!) { messages(first: $first) { totalCount edges { node {
  number title status board { name region { name } } assignee { name kind region { name } } } } } }`;
for (const first of [20, 100]) {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [ms, response] = await timed(() => postGraphQL(url, PAGE, { first }, reader));
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    samples.push(ms);
  }
  summary(`page of ${first} messages with board and assignee`, samples);
}

// The live dashboard page's reads (its own documents), as a dashboard token, over the demo year.
const YEAR = { from: '2022-01-01T00:00:00+08:00', to: '2023-01-01T00:00:00+08:00' };
const DASHBOARD_READS: [string, string, Record<string, unknown>][] = [
  ['dashboard: appeals count + 20 overdue cases', CASES, { period: { submittedFrom: YEAR.from, submittedTo: YEAR.to }, overdue: { overdue: true } }],
  ['dashboard: KPIs of every agency for a year', KPIS_BY_REGION, { ...YEAR, regionCode: null }],
];
for (const [name, document, variables] of DASHBOARD_READS) {
  const samples: number[] = [];
  for (let i = 0; i < Math.max(10, ROUNDS / 10); i++) {
    const [ms, response] = await timed(() => postGraphQL(url, document, variables, { authorization: dashboard }));
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    samples.push(ms);
  }
  summary(name, samples);
}

const writes: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const [ms, response] = await timed(() =>
    postGraphQL(url, `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
      input: { boardId: 'cc-mayor', title: `压测留言${i}`, content: '基准测试', regionCode: '220104' },
    }, citizen),
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  writes.push(ms);
}
summary('postMessage (row + timeline + event, one tx)', writes);

// Time from a committed transition to its arrival at a dashboard through the gateway.
const client = createClient({ url: hub.gateway.wsUrl, webSocketImpl: WebSocket, lazy: false, connectionParams: { authorization: dashboard } });
const arrivals: number[] = [];
let sentAt = 0;
let received: () => void = () => {};
const subscription = client.iterate({ query: `subscription { messageEvents(filter: { boardId: "bc-mayor" }) { to message { assignee { name } } } }` });
const feedReader = (async () => {
  for await (const _event of subscription) {
    arrivals.push(performance.now() - sentAt);
    received();
  }
})();
await new Promise((r) => setTimeout(r, 300));
for (let i = 0; i < Math.min(ROUNDS, 100); i++) {
  const arrived = new Promise<void>((resolve) => (received = resolve));
  sentAt = performance.now();
  const response = await postGraphQL(url, `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { boardId: 'bc-mayor', title: `订阅延迟${i}`, content: '基准测试', regionCode: '220800' },
  }, citizen);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  await arrived;
}
summary('mutation sent → event at a subscriber', arrivals);
await subscription.return?.();
await client.dispose();
await feedReader;

const memory = process.memoryUsage();
console.log(`memory after the run: rss ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}`);
await hub.stop();
await database.close();
