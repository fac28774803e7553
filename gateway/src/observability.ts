import usePrometheus, { createCounter, createHistogram } from '@graphql-mesh/plugin-prometheus';
import type { Logger } from '@graphql-hive/logger';
import { randomUUID } from 'node:crypto';
import { getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, metricsOnce, operationLabel, REQUEST_ID_HEADER, tracingEnabled, type MetricsRegistry } from '@civicgraph/platform';
import { INTERNAL_SERVER_ERROR } from '@civicgraph/platform';
import { PUBLIC_ERROR_CODES } from './errors.ts';

const codeOf = (error: { extensions?: Record<string, unknown> }): string => {
  const code = error.extensions?.code;
  return typeof code === 'string' && (PUBLIC_ERROR_CODES.has(code) || code === INTERNAL_SERVER_ERROR) ? code : INTERNAL_SERVER_ERROR;
};

/** The gateway's own series beside the Prometheus plugin's: errors by code (refusals included) and subscriptions. */
function gatewayMetrics(registry: MetricsRegistry) {
  return metricsOnce(registry, 'gateway', () => ({
    errors: new Counter({ name: 'civicgraph_gateway_errors_total', help: 'Errors answered by the gateway, by code (refusals before GraphQL included)', labelNames: ['code'], registers: [registry] }),
    subscriptionsOpen: new Gauge({ name: 'civicgraph_gateway_subscriptions_open', help: 'Subscriptions open on the gateway’s WebSockets, by root field', labelNames: ['field'], registers: [registry] }),
    delivered: new Counter({ name: 'civicgraph_gateway_subscription_events_total', help: 'Subscription events delivered to subscribers, by root field', labelNames: ['field'], registers: [registry] }),
    lag: new Histogram({
      name: 'civicgraph_gateway_subscription_event_lag_seconds',
      help: 'Time from an event (its `at`) to its delivery to a subscriber; observed for events that select `at`',
      labelNames: ['field'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  }));
}

type LabelParams = { operationName?: string; operationType?: string };
const operationLabels = (registry: MetricsRegistry) => (p: LabelParams) => ({ operationName: operationLabel(p.operationName, registry), operationType: p.operationType ?? 'unknown' });

/**
 * Hive's Prometheus plugin, serving /metrics from `registry` (the process's: in the one-process hub
 * also every subgraph's series). Labels are operation names (bounded, see operationLabel), types,
 * subgraph names and status codes; never variables, documents or headers.
 */
export function prometheusPlugin(registry: MetricsRegistry, log: Logger) {
  const labels = operationLabels(registry);
  const operationHistogram = (name: string, help: string) =>
    createHistogram({ registry, histogram: { name, help, labelNames: ['operationName', 'operationType'], buckets: LATENCY_BUCKETS }, fillLabelsFn: labels }) as never;
  return usePrometheus({
    log,
    registry,
    endpoint: '/metrics',
    metrics: {
      // Off: labelled with raw operation names (or, for fetches, upstream URLs) the plugin does not bound.
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_error_result: false,
      graphql_gateway_fetch_duration: false,
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: 'graphql_envelop_request', help: 'GraphQL operations executed, by operation', labelNames: ['operationName', 'operationType'] },
        fillLabelsFn: labels,
      }),
      graphql_envelop_request_duration: operationHistogram('graphql_envelop_request_duration', 'Time to execute a GraphQL operation, by operation'),
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_yoga_http_duration', help: 'Time to answer an HTTP request to /graphql, by operation and status', labelNames: ['operationName', 'operationType', 'statusCode'], buckets: LATENCY_BUCKETS },
        fillLabelsFn: (p: LabelParams & { response: Response }) => ({ ...labels(p), statusCode: p.response.status }),
      }),
      graphql_gateway_subgraph_execute_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_gateway_subgraph_execute_duration', help: 'Time a subgraph took to answer the gateway, by subgraph', labelNames: ['subgraphName', 'operationType'], buckets: LATENCY_BUCKETS },
        fillLabelsFn: (p: { subgraphName: string; executionRequest: { document: DocumentNode; operationName?: string } }) => ({
          subgraphName: p.subgraphName,
          operationType: getOperationAST(p.executionRequest.document, p.executionRequest.operationName)?.operation ?? 'unknown',
        }),
      }),
      graphql_gateway_subgraph_execute_errors: createCounter({
        registry,
        counter: { name: 'graphql_gateway_subgraph_execute_errors', help: 'Errors in subgraphs’ answers, by subgraph', labelNames: ['subgraphName'] },
        fillLabelsFn: (p: { subgraphName: string }) => ({ subgraphName: p.subgraphName }),
      }),
    },
  });
}

/**
 * Hive's OpenTelemetry plugin, only when the process exports traces (platform's startTracing): only
 * then is it loaded, with the OpenTelemetry packages it brings.
 */
export async function tracingPlugins() {
  if (!tracingEnabled()) return [];
  const { useOpenTelemetry } = await import('@graphql-hive/plugin-opentelemetry');
  // Spans carry operation names, types, subgraph names and codes; the document and variables stay out.
  return [useOpenTelemetry({ traces: true, hashOperation: null })];
}

interface RequestRecord {
  started: number;
  operationName?: string;
  codes: string[];
}

/**
 * One JSON line per request to /graphql (request id, operation name, duration, HTTP status and
 * result code: OK or the first error's), and the error counter by code. Never variables, tokens
 * or the document. `log` false: count only.
 */
export function requestLogPlugin(registry: MetricsRegistry, log: Logger | false) {
  const { errors } = gatewayMetrics(registry);
  const records = new WeakMap<Request, RequestRecord>();
  const named = ({ args }: { args: ExecutionArgs }) => {
    const record = records.get((args.contextValue as { request?: Request })?.request as Request);
    if (record) record.operationName = getOperationAST(args.document, args.operationName)?.name?.value;
  };
  return {
    onRequest({ request, url }: { request: Request; url: URL }) {
      if (url.pathname === '/graphql') records.set(request, { started: performance.now(), codes: [] });
    },
    onExecute: named,
    onSubscribe: named,
    onResultProcess({ request, result }: { request: Request; result: unknown }) {
      const record = records.get(request);
      for (const one of Array.isArray(result) ? result : [result]) {
        for (const error of (one as ExecutionResult)?.errors ?? []) record?.codes.push(codeOf(error));
      }
    },
    async onResponse({ request, response }: { request: Request; response: Response }) {
      const record = records.get(request);
      if (!record) return;
      // Refused before GraphQL ran (token, rate limit, CSRF): the code is in the small JSON body.
      if (record.codes.length === 0 && response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
        const body = (await response.clone().json().catch(() => null)) as ExecutionResult | null;
        for (const error of body?.errors ?? []) record.codes.push(codeOf(error));
      }
      for (const code of record.codes) errors.inc({ code });
      if (!log) return;
      log.info(
        {
          requestId: request.headers.get(REQUEST_ID_HEADER) ?? undefined,
          method: request.method,
          operationName: operationLabel(record.operationName),
          durationMs: Math.round((performance.now() - record.started) * 10) / 10,
          status: response.status,
          code: record.codes[0] ?? 'OK',
          ...(record.codes.length > 1 ? { codes: record.codes } : {}),
        },
        'request',
      );
    },
  };
}

/** Counts a refusal the HTTP server makes before the runtime sees the request (411, 413). */
export function countRefusal(registry: MetricsRegistry, code: string): void {
  gatewayMetrics(registry).errors.inc({ code });
}

/**
 * Wraps a WebSocket subscription's result stream: counts it open while it runs, and each event
 * delivered, with the event's lag when it selects `at`; when it ends, one log line (as for HTTP
 * requests, with its own id, and the number of events it delivered).
 */
export async function observeSubscription<T>(registry: MetricsRegistry, log: Logger | false, args: ExecutionArgs, result: T | Promise<T>): Promise<T> {
  const started = performance.now();
  const resolved = await result;
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'subscription' || !resolved || typeof (resolved as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return resolved;
  const root = operation.selectionSet.selections[0];
  const field = root?.kind === 'Field' ? root.name.value : 'unknown';
  const metrics = gatewayMetrics(registry);
  const source = (resolved as unknown as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
  metrics.subscriptionsOpen.inc({ field });
  let open = true;
  let events = 0;
  const close = (code = 'OK') => {
    if (!open) return;
    open = false;
    metrics.subscriptionsOpen.dec({ field });
    if (log) {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      log.info({ requestId: randomUUID(), transport: 'websocket', operationName: operationLabel(operation.name?.value), durationMs, events, code }, 'request');
    }
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      const step = await source.next().catch((error: unknown) => (close(INTERNAL_SERVER_ERROR), Promise.reject(error)));
      if (step.done) close();
      else if (step.value.data) {
        metrics.delivered.inc({ field });
        events++;
        const at = Date.parse(String((step.value.data[root?.kind === 'Field' ? (root.alias ?? root.name).value : ''] as { at?: unknown } | null)?.at));
        if (!Number.isNaN(at)) metrics.lag.observe({ field }, Math.max(0, (Date.now() - at) / 1000));
      }
      return step;
    },
    async return(value?: unknown) {
      close();
      return (await source.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      close();
      if (source.throw) return source.throw(error);
      throw error;
    },
  };
  return iterator as T;
}
