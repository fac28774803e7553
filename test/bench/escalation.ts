import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migratePlatform, migrateSubgraph, openDatabase, rowsOf, systemClock, type Services } from '@civicgraph/platform';
import { runEscalation, subgraph } from '@civicgraph/supervision';

// `npx tsx test/bench/escalation.ts` (DATABASE_URL=… for PostgreSQL; a fresh database): one
// escalation pass over BENCH_CASES overdue cases (default 100,000), written straight into the
// ledger, each far enough overdue for all three levels. Figures go to stdout.
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const database = await openDatabase({ url: process.env.DATABASE_URL });
await migratePlatform(database);
await migrateSubgraph(subgraph, database);
const services = { database, clock: systemClock } as unknown as Services;
await subgraph.seedReference?.(services);
await database.db.execute(sql`
  insert into supervision.cases (id, channel, number, title, region_code, status, assignee_id, submitted_at, due_at, first_assigned_at, last_sequence, updated_at)
  select gen_random_uuid(), 'BOARD', 'BRD-2026-' || lpad(n::text, 6, '0'), '测试留言 ' || n, '220502', 'IN_PROGRESS', 'th-dongchang-housing',
    '2026-09-01T09:00:00+08:00', '2026-09-30T17:00:00+08:00', '2026-09-02T09:00:00+08:00', 3, '2026-09-02T09:00:00+08:00'
  from generate_series(1, ${CASES}) as n`);
const start = performance.now();
const run = await runEscalation(services, new Date('2026-12-01T18:00:00+08:00'));
const ms = performance.now() - start;
const [counts] = rowsOf<Record<string, number>>(await database.db.execute(sql`select
  (select count(*)::int from supervision.case_escalations) as steps,
  (select count(*)::int from supervision.supervision_orders) as orders,
  (select count(*)::int from events.event_log where type = 'CaseEscalated') as events`));
console.log(`${database.kind}: ${CASES} overdue cases escalated in ${(ms / 1000).toFixed(1)} s`, run, counts,
  `RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
await database.close();
