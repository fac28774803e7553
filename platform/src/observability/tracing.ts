import { context, propagation, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { operationLabel } from './metrics.ts';

/** What shuts the tracer provider down (flushing what is buffered); absent while tracing is off. */
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

/** Whether this process exports traces (startTracing found an OTLP endpoint). */
export const tracingEnabled = (): boolean => provider !== undefined;

/**
 * Starts exporting OpenTelemetry traces over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; the exporter reads the standard OTEL_* variables.
 * Without them nothing is loaded and nothing is registered: tracing costs nothing. One provider per
 * process (the first caller names the service; OTEL_SERVICE_NAME overrides it).
 */
export async function startTracing(serviceName: string): Promise<boolean> {
  if (provider) return true;
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
    ]);
  const tracerProvider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [new BatchSpanProcessor(new RedactingExporter(new OTLPTraceExporter()))],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  provider = tracerProvider;
  return true;
}

const OPERATION_NAME = 'graphql.operation.name';

/**
 * What a caller sent never leaves in a span: Hive's plugin records the document (which may hold
 * inline values: a phone number in a mutation's literal input) and the client's address, URLs carry
 * GET requests' variables, a failed query's message lists its parameters, and operation names are
 * bounded as in metrics (see operationLabel).
 */
function redacted(attributes: ReadableSpan['attributes']): ReadableSpan['attributes'] {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'graphql.document' || key === 'http.client_ip' || key === 'exception.stacktrace') continue;
    kept[key] =
      typeof value !== 'string' ? value
      : key === 'http.url' ? value.split('?')[0]
      : key === 'exception.message' ? value.split('\nparams:')[0]
      : key === OPERATION_NAME ? operationLabel(value)
      : value;
  }
  return kept as ReadableSpan['attributes'];
}

/** Hands the exporter a redacted view of each span (the span itself stays as recorded). */
class RedactingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const views = spans.map(
      (span) =>
        new Proxy(span, {
          get: (target, key) => {
            if (key === 'attributes') return redacted(target.attributes);
            if (key === 'events') return target.events.map((event) => ({ ...event, attributes: event.attributes && redacted(event.attributes) }));
            // Span names hold the operation name too.
            const name = target.attributes[OPERATION_NAME];
            if (key === 'name' && typeof name === 'string') return target.name.replaceAll(name, operationLabel(name));
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        }),
    );
    this.inner.export(views, done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** Sends every finished span now (tests; shutdown). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

const headerGetter: TextMapGetter<Map<string, string>> = {
  get: (carrier, key) => carrier.get(key),
  keys: (carrier) => [...carrier.keys()],
};

/**
 * One server span per GraphQL request to a subgraph, continuing the gateway's trace from the
 * `traceparent` header. Its attributes are the subgraph, the operation's name and type and the
 * result code; never variables or the document.
 */
export function subgraphTracingPlugin(subgraph: string): ApolloServerPlugin {
  const tracer = trace.getTracer('civicgraph-subgraph');
  return {
    async requestDidStart({ request }) {
      const parent = request.http ? propagation.extract(context.active(), request.http.headers, headerGetter) : context.active();
      const span = tracer.startSpan(`subgraph ${subgraph}`, { kind: SpanKind.SERVER, attributes: { 'civicgraph.subgraph': subgraph } }, parent);
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!operation) return;
          span.updateName(`subgraph ${subgraph} ${operation.operation}${operationName ? ` ${operationName}` : ''}`);
          span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async willSendResponse({ errors }) {
          const code = errors?.[0]?.extensions?.code;
          if (errors?.length) span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
          span.end();
        },
      };
    },
  };
}
