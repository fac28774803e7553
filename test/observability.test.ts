import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushTracing } from '@civicgraph/platform';
import { postGraphQL } from '@civicgraph/platform/testing';
import { runEscalation, waitForLedger } from '@civicgraph/supervision';
import { startTestHub, type TestHub } from './support/hub.ts';
import { scrape, valueOf, type Sample } from './support/prometheus.ts';
import { startOtlpReceiver } from './support/otlp-receiver.ts';
import { eventually } from './support/eventually.ts';

// Operators' view: /metrics on the gateway and on a subgraph after real traffic, traces collected
// by an OTLP receiver in this test, and the JSON request log. One hub for the file, with tracing
// and request logs on (the log lines are captured here, nothing is printed).
let hub: TestHub;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
const logLines: string[] = [];
const PHONE = '13904351234';
const NAME = '赵丽华';

const CITIZEN = { role: 'citizen', subject: 'citizen:ops' } as const;
const SUPERVISOR = { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:ops' } as const;
const BOARDS = 'query OpsBoards { boards { id name } }';

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.startsWith('{')) return logLines.push(...text.trim().split('\n')) > 0;
    return write(chunk as string, ...(rest as []));
  });
  hub = await startTestHub({ logging: true });
});

afterAll(async () => {
  await hub?.stop();
  await receiver?.stop();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  vi.restoreAllMocks();
});

const gatewayMetrics = () => scrape(hub.url.replace('/graphql', '/metrics'));
const boardMetrics = () => scrape(hub.subgraphs.find((s) => s.name === 'board')!.url.replace('/graphql', '/metrics'));
const delta = (before: Sample[], after: Sample[], name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);

const post = async (title: string) =>
  hub.ok<{ postMessage: { id: string } }>(
    'mutation OpsPost($input: PostMessageInput!) { postMessage(input: $input) { id } }',
    { input: { boardId: 'th-secretary', title, content: '路灯坏了', regionCode: '220502', contact: { name: NAME, phone: PHONE } } },
    hub.as(CITIZEN),
  );

describe('metrics', () => {
  it('counts operations, latency per operation, errors by code and subgraph latency at the gateway', async () => {
    const before = (await gatewayMetrics()).samples;
    await hub.ok(BOARDS, {}, {});
    await hub.ok(BOARDS, {}, {});
    const badToken = await postGraphQL(hub.url, BOARDS, {}, { authorization: 'Bearer not-a-token' });
    expect(badToken.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    const invalid = await hub.query('query OpsBroken { boards { noSuchField } }', {}, {});
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const { samples: after, text } = await gatewayMetrics();

    const op = { operationName: 'OpsBoards', operationType: 'query' };
    expect(delta(before, after, 'graphql_envelop_request', op)).toBe(2);
    expect(delta(before, after, 'graphql_envelop_request_duration_count', op)).toBe(2);
    expect(delta(before, after, 'graphql_yoga_http_duration_count', { ...op, statusCode: '200' })).toBe(2);
    expect(delta(before, after, 'civicgraph_gateway_errors_total', { code: 'INVALID_TOKEN' })).toBe(1);
    expect(delta(before, after, 'civicgraph_gateway_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(delta(before, after, 'graphql_gateway_subgraph_execute_duration_count', { subgraphName: 'board', operationType: 'query' })).toBe(2);
    // Histograms are cumulative: the +Inf bucket holds every observation.
    expect(valueOf(after, 'graphql_envelop_request_duration_bucket', { ...op, le: '+Inf' })).toBe(valueOf(after, 'graphql_envelop_request_duration_count', op));
    expect(text).not.toContain('not-a-token');
  });

  it('counts a subscription while it is open and the events it delivers, with their lag', async () => {
    const before = (await gatewayMetrics()).samples;
    const token = await hub.token(SUPERVISOR);
    const events = hub.subscribe<{ messageEvents: { at: string; action: string } }>('subscription OpsWatch { messageEvents(filter: { boardId: "th-secretary" }) { at action } }', {}, token);
    await events.ready();
    const open = (await gatewayMetrics()).samples;
    expect(delta(before, open, 'civicgraph_gateway_subscriptions_open', { field: 'messageEvents' })).toBe(1);
    await post('井盖缺失');
    expect((await events.next()).data?.messageEvents.action).toBeTruthy();
    const delivered = (await gatewayMetrics()).samples;
    expect(delta(before, delivered, 'civicgraph_gateway_subscription_events_total', { field: 'messageEvents' })).toBe(1);
    expect(delta(before, delivered, 'civicgraph_gateway_subscription_event_lag_seconds_count', { field: 'messageEvents' })).toBe(1);
    await events.close();
    await eventually(gatewayMetrics, ({ samples }) => delta(before, samples, 'civicgraph_gateway_subscriptions_open', { field: 'messageEvents' }) === 0);
  });

  it('a subgraph reports its requests, the database, the event tail, the ledger consumer and escalation runs', async () => {
    const before = (await boardMetrics()).samples;
    await post('路灯不亮');
    await waitForLedger(hub.services.database);
    await runEscalation(hub.services, new Date());
    const { samples: after, text } = await boardMetrics();
    expect(delta(before, after, 'civicgraph_subgraph_requests_total', { subgraph: 'board', operation_type: 'mutation', code: 'OK' })).toBe(1);
    expect(delta(before, after, 'civicgraph_subgraph_request_duration_seconds_count', { subgraph: 'board', operation_type: 'mutation' })).toBe(1);
    expect(valueOf(after, 'civicgraph_db_pool_max_connections')).toBeGreaterThanOrEqual(1);
    expect(delta(before, after, 'civicgraph_db_statements_total')).toBeGreaterThan(0);
    // The post's event reached the tail; the ledger caught up.
    expect(delta(before, after, 'civicgraph_event_tail_events_total')).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, 'civicgraph_event_tail_lag_seconds_count')).toBe(valueOf(after, 'civicgraph_event_tail_events_total'));
    expect(delta(before, after, 'civicgraph_ledger_consumer_position')).toBeGreaterThan(0);
    expect(valueOf(after, 'civicgraph_ledger_consumer_lag_events')).toBe(0);
    expect(valueOf(after, 'civicgraph_ledger_consumer_lag_seconds')).toBe(0);
    expect(delta(before, after, 'civicgraph_escalation_runs_total', { outcome: 'completed' })).toBe(1);
    expect(delta(before, after, 'civicgraph_escalation_run_duration_seconds_count')).toBe(1);
    // No personal data sent in variables ends up in any label.
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(NAME);
  });

  it('bounds operation names: one holding a number becomes "invalid"', async () => {
    await hub.ok(`query Ops${PHONE} { boards { id } }`, {}, {});
    const { text, samples } = await gatewayMetrics();
    expect(text).not.toContain(PHONE);
    expect(valueOf(samples, 'graphql_envelop_request', { operationName: 'invalid' })).toBe(1);
  });
});

describe('traces', () => {
  it('one trace spans the gateway and the subgraph it called', async () => {
    await hub.ok('query OpsTraced { boards { id } }', {}, {});
    const subgraphSpan = await eventually(
      async () => {
        await flushTracing();
        return receiver.spans.find((s) => s.scope === 'civicgraph-subgraph' && s.name === 'subgraph board query OpsTraced');
      },
      (span) => span !== undefined,
    );
    const trace = receiver.spans.filter((s) => s.traceId === subgraphSpan!.traceId);
    const gatewaySpans = trace.filter((s) => s.scope !== 'civicgraph-subgraph');
    expect(gatewaySpans.map((s) => s.name)).toEqual(expect.arrayContaining(['POST /graphql', 'graphql.operation OpsTraced', 'subgraph.execute (board)', 'http.fetch']));
    // The subgraph's span is a child of the gateway's upstream call, not a new root.
    expect(gatewaySpans.find((s) => s.spanId === subgraphSpan!.parentSpanId)?.name).toBe('http.fetch');
    expect(trace.filter((s) => !s.parentSpanId).map((s) => s.name)).toEqual(['POST /graphql']);
    expect(new Set(trace.map((s) => s.traceId)).size).toBe(1);
  });

  it('spans carry no personal data, not even values written inline in the document', async () => {
    await hub.ok(
      `mutation OpsInline { postMessage(input: { boardId: "th-secretary", title: "树倒了", content: "挡路", regionCode: "220502", contact: { name: "${NAME}", phone: "${PHONE}" } }) { id } }`,
      {},
      hub.as(CITIZEN),
    );
    await eventually(
      async () => (await flushTracing(), receiver.spans.some((s) => s.name === 'subgraph board mutation OpsInline')),
      (found) => found,
    );
    const inline = receiver.spans.filter((s) => s.traceId === receiver.spans.find((t) => t.name === 'subgraph board mutation OpsInline')!.traceId);
    expect(inline.map((s) => s.name)).toContain('graphql.operation OpsInline');
    for (const span of receiver.spans) for (const secret of [PHONE, NAME]) expect(span.raw).not.toContain(secret);
  });
});

describe('request log', () => {
  it('writes one JSON line per request (and per subscription when it ends) with its id, operation, duration and code, and no personal data', async () => {
    const from = logLines.length;
    const events = hub.subscribe('subscription OpsLogWatch { messageEvents(filter: { boardId: "th-secretary" }) { action } }', {}, await hub.token(SUPERVISOR));
    await events.ready();
    await post('公交站牌倒了');
    await events.next();
    await events.close();
    const refused = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: JSON.stringify({ query: BOARDS }) });
    const lines = () => logLines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request');
    // The subscription's line is written once the gateway has seen it end.
    const all = await eventually(async () => lines(), (found) => found.some((line) => line.transport === 'websocket'));
    const requests = all.filter((line) => line.transport !== 'websocket');
    expect(requests).toHaveLength(2);
    expect(all.filter((line) => line.transport === 'websocket')).toEqual([
      expect.objectContaining({ level: 'info', operationName: 'OpsLogWatch', events: 1, code: 'OK', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) }),
    ]);
    expect(requests[0]).toMatchObject({ level: 'info', operationName: 'OpsPost', status: 200, code: 'OK' });
    expect(requests[1]).toMatchObject({ level: 'info', status: 401, code: 'INVALID_TOKEN' });
    for (const line of requests) {
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof line.durationMs).toBe('number');
      expect(typeof line.timestamp).toBe('string');
    }
    expect(requests[0]!.requestId).not.toBe(requests[1]!.requestId);
    // The caller gets the same id, to quote when reporting a failure.
    expect(refused.headers.get('x-request-id')).toBe(requests[1]!.requestId);
    const everything = logLines.join('\n');
    for (const secret of [PHONE, NAME, 'not-a-token', '路灯坏了']) expect(everything).not.toContain(secret);
  });
});
