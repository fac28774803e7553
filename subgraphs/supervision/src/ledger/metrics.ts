import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, metricsOnce, rowsOf, type Database, type MetricsRegistry } from '@civicgraph/platform';
import { LEDGER_CONSUMER } from './worker.ts';

/**
 * The ledger consumer's position (the seq of the last event it applied) and how far behind the
 * log it is, in events and in seconds (the age of the oldest event not yet applied), read from the
 * database at each scrape, so every replica reports the one shared consumer.
 */
export function registerLedgerMetrics(registry: MetricsRegistry, database: Database): void {
  metricsOnce(registry, 'ledger', () => {
    const query = async () =>
      rowsOf<{ seq: string | number; behind: string | number; lag: string | number | null }>(
        await database.background.execute(sql`
          select p.seq,
            (select count(*) from events.event_log e where (e.tx_id, e.seq) > (p.tx_id, p.seq)) as behind,
            (select extract(epoch from now() - min(e.recorded_at)) from events.event_log e where (e.tx_id, e.seq) > (p.tx_id, p.seq)) as lag
          from events.consumer_positions p where p.consumer = ${LEDGER_CONSUMER}`),
      )[0];
    // The three gauges are collected together on a scrape: one query answers them all.
    let inflight: ReturnType<typeof query> | undefined;
    const read = () => (inflight ??= query().finally(() => (inflight = undefined)));
    new Gauge({
      name: 'civicgraph_ledger_consumer_position',
      help: 'The seq of the last event the case ledger applied',
      registers: [registry],
      async collect() {
        this.set(Number((await read())?.seq ?? 0));
      },
    });
    new Gauge({
      name: 'civicgraph_ledger_consumer_lag_events',
      help: 'Events in the log the case ledger has not applied yet',
      registers: [registry],
      async collect() {
        this.set(Number((await read())?.behind ?? 0));
      },
    });
    new Gauge({
      name: 'civicgraph_ledger_consumer_lag_seconds',
      help: 'Age of the oldest event the case ledger has not applied yet (0 when caught up)',
      registers: [registry],
      async collect() {
        this.set(Math.max(0, Number((await read())?.lag ?? 0)));
      },
    });
    return true;
  });
}

/** Escalation passes: how many ran (completed or failed), how long each took, and the steps taken by kind. */
export function escalationMetrics(registry: MetricsRegistry) {
  return metricsOnce(registry, 'escalation', () => ({
    runs: new Counter({ name: 'civicgraph_escalation_runs_total', help: 'Overdue escalation passes, by outcome', labelNames: ['outcome'], registers: [registry] }),
    duration: new Histogram({ name: 'civicgraph_escalation_run_duration_seconds', help: 'Time one escalation pass took', buckets: LATENCY_BUCKETS, registers: [registry] }),
    steps: new Counter({ name: 'civicgraph_escalation_steps_total', help: 'Escalation steps taken, by kind', labelNames: ['kind'], registers: [registry] }),
  }));
}
