import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { mintDevToken, securityFromEnv, startHub } from '@civicgraph/gateway';
import { openDatabase } from '@civicgraph/platform';

// `npm run bench:export`: memory and time of the streamed CSV export of the case ledger, for 10,000
// and then 100,000 rows, through the gateway over loopback HTTP as a supervisor (every row). The
// rows are written straight into the ledger table (the export reads, the channels are not the
// point). The download is read and thrown away as it arrives.
const SIZES = (process.env.BENCH_EXPORT_ROWS ?? '10000,100000').split(',').map(Number);

const database = await openDatabase({ url: process.env.DATABASE_URL });
const security = securityFromEnv();
if (security.tokens.kind !== 'hs256') throw new Error('The benchmark mints development tokens; run it in development mode');
const hub = await startHub({ database, seedDemo: false, security: { ...security, limits: { rateLimit: 1_000_000 } } });
const authorization = `Bearer ${await mintDevToken(security.tokens.secret, { role: 'supervisor', agency: 'jl-gov-supervision' })}`;
const url = hub.gateway.url.replace('/graphql', '/export/cases.csv');
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/**
 * Case rows numbered (from, to], a minute apart, with titles that need quoting; closed, so the
 * escalation scheduler has nothing to do with them.
 */
async function addCases(from: number, to: number) {
  await database.db.execute(sql`insert into supervision.cases
    (id, channel, number, title, category, region_code, status, assignee_id, submitted_at, due_at, first_assigned_at, replied_at, closed_at,
     satisfaction, last_sequence, updated_at)
    select gen_random_uuid(), 'SUPERVISION', 'SUP-2021-' || lpad(g::text, 6, '0'), '朝阳区路灯不亮，"第' || g || '处", 请尽快处理', '城乡建设',
      '220104', 'CLOSED', 'cc-chaoyang-housing', at, at + interval '7 days', at, at + interval '2 days', at + interval '4 days', 'SATISFIED', 8,
      at + interval '4 days'
    from (select g, timestamptz '2021-01-01 00:00+08' + g * interval '1 minute' as at from generate_series(${from + 1}::int, ${to}::int) g) s`);
}

/**
 * Downloads the export of `rows` rows. Every 500 ms the sampler collects garbage first (node
 * --expose-gc) and then reads the heap: what the process still holds, not what V8 has yet to
 * collect. RSS includes PGlite's WebAssembly Postgres, the table and its cache.
 */
async function measure(rows: number) {
  const gc = global.gc ?? (() => {});
  gc();
  const base = process.memoryUsage();
  const peak = { retainedHeap: base.heapUsed, rss: base.rss };
  const sampler = setInterval(() => {
    gc();
    const now = process.memoryUsage();
    peak.retainedHeap = Math.max(peak.retainedHeap, now.heapUsed);
    peak.rss = Math.max(peak.rss, now.rss);
  }, 500);
  const start = performance.now();
  const response = await fetch(url, { headers: { authorization } });
  if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 0x0a) lines++;
  }
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  // One header line, one line per row (no title here has a newline).
  if (lines !== rows + 1) throw new Error(`expected ${rows + 1} lines, got ${lines}`);
  console.log(
    `${String(rows).padStart(7)} rows  ${mib(bytes)} MiB CSV  ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)  ` +
      `heap after gc ${mib(base.heapUsed)} MiB before, peak ${mib(peak.retainedHeap)} MiB during  rss ${mib(base.rss)} → peak ${mib(peak.rss)} MiB`,
  );
}

console.log(`export benchmark on ${database.kind}${global.gc ? ' (gc exposed)' : ''}`);
let written = 0;
for (const size of SIZES) {
  await addCases(written, size);
  written = size;
  await measure(size);
}
await hub.stop();
await database.close();
