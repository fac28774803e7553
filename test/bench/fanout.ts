import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mintDevToken, securityFromEnv, startHub } from '@civicgraph/gateway';
import { openDatabase } from '@civicgraph/platform';
import { postGraphQL } from '@civicgraph/platform/testing';

// `npm run bench:fanout`: many graphql-ws subscribers of caseEvents, spread over client processes,
// with distinct identities (dashboards and supervisors of a few dozen agencies), and a paced stream
// of status changes. Reports per level the latency from each change's transaction to each
// subscriber, events lost and duplicated, the shared upstream subscriptions and the hub's RSS.
// Loopback only; every loop is bounded. Run on PostgreSQL: DATABASE_URL=… npm run bench:fanout.
const LEVELS = (process.env.FANOUT_LEVELS ?? '1000,5000,10000').split(',').map(Number);
const CLIENT_PROCESSES = Number(process.env.FANOUT_CLIENTS ?? 4);
const CHANGES = Number(process.env.FANOUT_CHANGES ?? 100);
const CHANGES_PER_SECOND = Number(process.env.FANOUT_RATE ?? 10);
// FANOUT_FROM=cursor: every subscriber starts after `eventCursor`, as the README's recipe and the page do.
const FROM_CURSOR = process.env.FANOUT_FROM === 'cursor';
// The client processes run their TypeScript through the loader `npm start` uses.
const LOADER = fileURLToPath(new URL('../../gateway/loader/register.mjs', import.meta.url));
const QUERY = `subscription($after: String) { caseEvents(filter: { channel: [BOARD] }, after: $after) { cursor action to at case { number status assignee { name } } } }`;

const database = await openDatabase({ url: process.env.DATABASE_URL });
const security = securityFromEnv();
if (security.tokens.kind !== 'hs256') throw new Error('The benchmark mints development tokens; run it in development mode');
const secret = security.tokens.secret;
const hub = await startHub({ database, seedDemo: false, security: { ...security, limits: { rateLimit: 1_000_000 } } });
const citizen = { authorization: `Bearer ${await mintDevToken(secret, { role: 'citizen', subject: 'citizen:fanout' })}` };
const { data } = await postGraphQL<{ agencies: { id: string }[] }>(hub.gateway.url, `{ agencies { id } }`);
const agencies = data!.agencies.slice(0, 30).map((a) => a.id);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
console.log(`hub on ${database.kind}; ${CLIENT_PROCESSES} client processes; ${CHANGES} changes at ${CHANGES_PER_SECOND}/s; identities over ${agencies.length} agencies × 2 roles; ${FROM_CURSOR ? 'each subscriber starts after eventCursor' : 'live subscriptions without a cursor'}`);

/** The q-quantile of a merged 1-ms histogram. */
function quantile(histogram: number[], q: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  let running = 0;
  for (let ms = 0; ms < histogram.length; ms++) if ((running += histogram[ms]!) >= q * total) return ms;
  return histogram.length - 1;
}

for (const level of LEVELS) {
  const tokens = await Promise.all(
    Array.from({ length: level }, (_, i) => {
      const role = i % 2 === 0 ? 'dashboard' : 'supervisor';
      return mintDevToken(secret, { role, agency: agencies[i % agencies.length], subject: `${role}:fanout-${level}-${i}` });
    }),
  );
  const dashboard = { authorization: `Bearer ${await mintDevToken(secret, { role: 'dashboard', subject: `dashboard:fanout-${level}` })}` };
  const after = FROM_CURSOR ? (await postGraphQL<{ eventCursor: string }>(hub.gateway.url, `{ eventCursor }`, {}, dashboard)).data!.eventCursor : null;
  const clients: ChildProcess[] = [];
  for (let p = 0; p < CLIENT_PROCESSES; p++) {
    const share = tokens.filter((_, i) => i % CLIENT_PROCESSES === p);
    const child = fork(fileURLToPath(new URL('./fanout-client.ts', import.meta.url)), { execArgv: ['--import', LOADER] });
    child.send({ url: hub.gateway.wsUrl, tokens: share, query: QUERY, variables: { after } });
    clients.push(child);
  }
  await Promise.all(clients.map((child) => once(child, 'message')));
  for (let i = 0; i < 600 && hub.gateway.subscriptions().members < level; i++) await new Promise((r) => setTimeout(r, 100));
  const { groups, members } = hub.gateway.subscriptions();
  const upstreamStreams = hub.services.events.activeStreams;

  // The paced stream of changes: new board messages (each a SUBMITTED case event).
  const started = Date.now();
  for (let i = 0; i < CHANGES; i++) {
    const response = await postGraphQL(hub.gateway.url, `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
      input: { boardId: 'cc-mayor', title: `扇出测试 ${level}-${i}`, content: '基准测试', regionCode: '220104' },
    }, citizen);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    const due = started + ((i + 1) * 1000) / CHANGES_PER_SECOND;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  }
  const rss = process.memoryUsage().rss;
  await new Promise((r) => setTimeout(r, 5_000)); // let the last events arrive
  const reports = await Promise.all(
    clients.map(async (child) => {
      const reply = once(child, 'message');
      child.send({ type: 'report', expected: CHANGES });
      await once(child, 'exit');
      return (await reply)[0] as { histogram: number[]; lost: number; duplicated: number; errors: number };
    }),
  );
  const histogram = reports[0]!.histogram.map((_, ms) => reports.reduce((sum, r) => sum + r.histogram[ms]!, 0));
  const delivered = histogram.reduce((a, b) => a + b, 0);
  const sum = (key: 'lost' | 'duplicated' | 'errors') => reports.reduce((total, r) => total + r[key], 0);
  console.log(
    `${String(level).padStart(6)} subscribers (${members} joined, ${groups} shared upstream subscriptions, ${upstreamStreams} subgraph streams): ` +
      `${delivered} deliveries of ${CHANGES} changes, event→client p50 ${quantile(histogram, 0.5)} ms, p99 ${quantile(histogram, 0.99)} ms, ` +
      `max ${quantile(histogram, 1)} ms; lost ${sum('lost')}, duplicated ${sum('duplicated')}, errors ${sum('errors')}; hub RSS ${mb(rss)}`,
  );
  for (let i = 0; i < 100 && hub.gateway.subscriptions().groups > 0; i++) await new Promise((r) => setTimeout(r, 100));
}

await hub.stop();
await database.close();
