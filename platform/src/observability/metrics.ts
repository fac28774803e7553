import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Database } from '../db/database.ts';
import type { EventTail } from '../events/tail.ts';

export { Counter, Gauge, Histogram, Registry as MetricsRegistry } from 'prom-client';

/** Latency buckets (seconds) shared by every request and lag histogram. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const memo = new WeakMap<Registry, Map<string, unknown>>();

/** One set of metric objects per registry and key: every caller in a process shares them, and none registers a name twice. */
export function metricsOnce<T>(registry: Registry, key: string, create: () => T): T {
  let sets = memo.get(registry);
  if (!sets) memo.set(registry, (sets = new Map()));
  if (!sets.has(key)) sets.set(key, create());
  return sets.get(key) as T;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;
const seenNames = new WeakMap<Registry, Set<string>>();

/**
 * An operation name fit for a label or a log line: the name as written in the document, but a
 * name that is not a GraphQL name or holds a run of digits (it could be a phone or ID number) is
 * "invalid", and past 200 distinct names (per registry) new ones are "other", so callers can
 * neither fill the metrics nor write personal data into them.
 */
export function operationLabel(name: string | null | undefined, registry?: Registry): string {
  if (!name) return 'anonymous';
  if (!NAME.test(name) || /\d{5,}/.test(name)) return 'invalid';
  if (!registry) return name;
  let names = seenNames.get(registry);
  if (!names) seenNames.set(registry, (names = new Set()));
  if (names.has(name)) return name;
  if (names.size >= MAX_OPERATION_NAMES) return 'other';
  names.add(name);
  return name;
}

/** GET /metrics: the registry in Prometheus text format. */
export async function metricsResponse(registry: Registry): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** The database this process uses: pool size and statements sent by request handlers. */
export function databaseMetrics(registry: Registry, database: Database): void {
  metricsOnce(registry, 'database', () => {
    const labels = { database: database.kind };
    new Gauge({
      name: 'civicgraph_db_pool_max_connections',
      help: 'Connections the database pool may open (1 for the embedded PGlite)',
      labelNames: ['database'],
      registers: [registry],
      collect() {
        this.set(labels, database.maxConnections);
      },
    });
    let reported = 0;
    new Counter({
      name: 'civicgraph_db_statements_total',
      help: 'SQL statements sent on behalf of requests (background readers not counted)',
      labelNames: ['database'],
      registers: [registry],
      collect() {
        const now = database.statementCount();
        this.inc(labels, now - reported);
        reported = now;
      },
    });
    return true;
  });
}

/** The process's event tail: events read, how long after they were stored, and open streams. */
export function eventTailMetrics(registry: Registry, tail: EventTail): void {
  metricsOnce(registry, 'event-tail', () => {
    const read = new Counter({ name: 'civicgraph_event_tail_events_total', help: 'Events the tail has read from the log', registers: [registry] });
    const lag = new Histogram({
      name: 'civicgraph_event_tail_lag_seconds',
      help: 'Time from an event being stored to the tail reading it',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    new Gauge({
      name: 'civicgraph_event_tail_streams',
      help: 'Event streams (subscriptions) open on the tail',
      registers: [registry],
      collect() {
        this.set(tail.activeStreams);
      },
    });
    tail.onRead((event) => {
      read.inc();
      if (event.recordedAt) lag.observe(Math.max(0, (Date.now() - event.recordedAt.getTime()) / 1000));
    });
    return true;
  });
}

/** Per subgraph: its GraphQL operations over HTTP, by type and result code. */
export function subgraphRequestMetrics(registry: Registry) {
  return metricsOnce(registry, 'subgraph-requests', () => ({
    requests: new Counter({
      name: 'civicgraph_subgraph_requests_total',
      help: 'GraphQL requests a subgraph answered, by operation type and result code (OK or the first error code)',
      labelNames: ['subgraph', 'operation_type', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'civicgraph_subgraph_request_duration_seconds',
      help: 'Time a subgraph took to answer a GraphQL request',
      labelNames: ['subgraph', 'operation_type'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  }));
}

/** Counts and times a subgraph's GraphQL requests over HTTP (subscriptions over WebSocket are counted at the gateway). */
export function subgraphMetricsPlugin(subgraph: string, registry: Registry): ApolloServerPlugin {
  const { requests, duration } = subgraphRequestMetrics(registry);
  return {
    async requestDidStart() {
      const started = performance.now();
      let type = 'unknown';
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation ?? type;
        },
        async willSendResponse({ errors }) {
          const code = errors?.[0]?.extensions?.code;
          requests.inc({ subgraph, operation_type: type, code: errors?.length ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : 'OK' });
          duration.observe({ subgraph, operation_type: type }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
