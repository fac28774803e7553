import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import ws from '@graphql-mesh/transport-ws';
import { SUBGRAPHS } from '@civicgraph/schema';
import { randomUUID } from 'node:crypto';
import { applyMigrations, hasRole, REQUEST_ID_HEADER, requestScope, Role, type Database, type Identity, type UpstreamKey } from '@civicgraph/platform';
import { fileURLToPath } from 'node:url';
import { createAuthenticator, UpstreamSigner, type TokenVerification } from './auth.ts';
import { DEFAULT_LIMITS, LimitCode, operationLimitPlugins, RateLimiter, variableErrorCodePlugin, type Limits } from './limits.ts';
import { loadTrustedOperations, persistedQueryEntries, type TrustedOperation } from './trusted-operations.ts';
import { corsFor, csrfPlugin, varyByOrigin } from './cross-origin.ts';
import { serveDashboard } from './dashboard.ts';
import { graphThrough } from './surfaces.ts';
import { open311Surface } from './open311/index.ts';
import { exportSurface } from './export/index.ts';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GatewayErrorCode, maskGatewayError } from './errors.ts';
import { HttpDrain } from './drain.ts';
import { readiness } from './readiness.ts';
import { composedSubgraphUrls } from './config.ts';
import { SubscriptionMultiplexer } from './subscriptions/multiplexer.ts';
import { jsonLogger, MetricsRegistry } from '@civicgraph/platform';
import { countRefusal, prometheusPlugin, requestLogPlugin, tracingPlugins } from './observability.ts';
import { DEFAULT_SUBSCRIBER_BOUND, type SubscriberBound } from './subscriptions/subscriber-feed.ts';
import { sseSubscriptionPlugin, WS_CLOSE } from './subscriptions/transports.ts';
import { serveWebSockets } from './subscriptions/websocket-server.ts';
import { callerPluginFor, type CallerContext } from './caller.ts';

export { WS_CLOSE };

export interface GatewaySecurity {
  /** Production: no IDE, no introspection, tokens from the identity provider's JWKS only. */
  mode: 'development' | 'production';
  /** How callers' bearer tokens are verified. */
  tokens: TokenVerification;
  /** The key subgraphs trust: the gateway signs each caller's identity with it. */
  upstreamKey: UpstreamKey;
  limits?: Partial<Limits>;
  /** Roles that may run only trusted operations (default: integrator). */
  trustedOnlyRoles?: readonly Role[];
  /** The trusted operations (default: gateway/trusted-operations/*.graphql). */
  trustedOperations?: TrustedOperation[];
}

export interface GatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  supergraph: string;
  security: GatewaySecurity;
  /** Where each subgraph really is, overriding the URLs composed into the supergraph; also the list of subgraphs to route to. */
  subgraphUrls?: Record<string, string>;
  port?: number;
  host?: string;
  /** JSON request logs (one line per request) and the runtime's own log lines; off by default. */
  logging?: boolean;
  /** The process's metrics registry, served at /metrics (the hub shares one with its subgraphs). */
  metrics?: MetricsRegistry;
  /** Where gateway replicas keep what they share (the rate limit); in this process's memory when absent. */
  database?: Database;
  /** How long in-flight HTTP requests may take to finish when the gateway stops (default 10 s). */
  shutdownGraceMs?: number;
  /** Where the demo data is (`loading: ...`, `complete`), reported by /ready beside the checks. */
  demoStatus?: () => string;
  /** Share one upstream subscription per operation and access class (default on; off gives every subscriber its own). */
  multiplexSubscriptions?: boolean;
  /** Origins (scheme://host[:port]) whose pages may call /graphql from a browser (CORS); none when absent. */
  corsOrigins?: readonly string[];
  /** How far a subscriber may fall behind before it is closed (default DEFAULT_SUBSCRIBER_BOUND). */
  subscribers?: Partial<SubscriberBound>;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  /** Shared upstream subscriptions open now, and the subscribers they serve. */
  subscriptions(): { groups: number; members: number };
  stop(): Promise<void>;
}

/** The gateway's own committed drizzle migrations (schema `gateway`). */
const GATEWAY_MIGRATIONS = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The federation gateway: Hive Gateway runtime in a Node http server, HTTP and graphql-ws on
 * /graphql, /health and /ready, GraphiQL (served from this package, no CDN) in development.
 * Every request: bearer token verified, rate limited per identity, size/depth/aliases/tokens/cost
 * bounded, @authenticated/@requiresScopes enforced, then sent to the subgraphs with the caller's
 * identity signed for them.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { security } = options;
  const production = security.mode === 'production';
  const limits: Limits = { ...DEFAULT_LIMITS, ...security.limits };
  const authenticator = createAuthenticator(security.tokens);
  const signer = new UpstreamSigner(security.upstreamKey);
  if (options.database) await applyMigrations(options.database, GATEWAY_MIGRATIONS, 'gateway');
  const rateLimiter = new RateLimiter(limits, options.database);
  const trusted = new Map(persistedQueryEntries(security.trustedOperations ?? loadTrustedOperations()));
  const trustedOnly = security.trustedOnlyRoles ?? [Role.INTEGRATOR];
  const callers = new WeakMap<Request, CallerContext>();
  const metrics = options.metrics ?? new MetricsRegistry();
  const log = options.logging ? jsonLogger('info') : false;
  const subscriberBound: SubscriberBound = { ...DEFAULT_SUBSCRIBER_BOUND, ...options.subscribers };

  const names = options.subgraphUrls ? Object.keys(options.subgraphUrls) : [...SUBGRAPHS];
  const transportEntries = Object.fromEntries(
    names.map((name) => [
      name,
      {
        ...(options.subgraphUrls?.[name] ? { location: options.subgraphUrls[name] } : {}),
        // Subscriptions go upstream over graphql-ws on the subgraph's own /graphql path (the
        // default, SSE, would be refused by Apollo Server's CSRF prevention), carrying the signed
        // identity in connection_init.
        options: {
          subscriptions: { kind: 'ws', location: '/graphql', options: { connectionParams: { identity: '{context.upstreamIdentity}' } } },
        },
      },
    ]),
  );

  const callerPlugin = callerPluginFor({ authenticator, signer, rateLimiter, callers });
  const tracing = await tracingPlugins();

  const gateway: GatewayRuntime = createGatewayRuntime({
    supergraph: options.supergraph,
    transports: { http, ws },
    transportEntries,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    renderGraphiQL: renderGraphiQLOnDemand,
    graphiql: production ? false : { title: 'civicgraph', defaultQuery: EXAMPLE_QUERY },
    logging: log,
    genericAuth: {
      mode: 'protect-granular',
      // Runs before our onContextBuilding: read the caller from the request (HTTP) or the context (WebSocket).
      resolveUserFn: (context) => {
        const identity = (context as Partial<CallerContext>).identity ?? callers.get((context as { request: Request }).request)?.identity;
        return identity?.subject ? identity : null;
      },
      extractScopes: (identity) => [...((identity as unknown as Identity | null)?.scopes ?? [])],
      // A request asking for any field it may not see is refused whole (partial results are not
      // supported for subscriptions by the validation this rides on).
      rejectUnauthenticated: true,
    },
    // Bearer tokens, no cookies: see cross-origin.ts for what CSRF and CORS protect here.
    cors: corsFor(options.corsOrigins ?? []),
    maskedErrors: { maskError: maskGatewayError },
    // Subgraph errors keep their own codes; the runtime would add the subgraph's name and a code of its own.
    subgraphErrors: false,
    ...(production ? { disableIntrospection: { disableIf: () => true } } : {}),
    persistedDocuments: {
      getPersistedOperation: (key: string) => trusted.get(key) ?? null,
      // Integrators (and any role configured so) may run only the trusted operations.
      allowArbitraryDocuments: (request: Request) => {
        const identity = callers.get(request)?.identity;
        return !identity || !hasRole(identity, ...trustedOnly);
      },
      customErrors: {
        keyNotFound: { message: 'Send a query, or the documentId of a trusted operation', extensions: { code: GatewayErrorCode.QUERY_REQUIRED, http: { status: 400 } } },
        persistedQueryOnly: { message: 'This caller may run only trusted operations (send documentId)', extensions: { code: GatewayErrorCode.TRUSTED_OPERATIONS_ONLY, http: { status: 403 } } },
        // Apollo's PersistedQueryLink falls back to the full document on this code (refused above for integrators).
        notFound: { message: 'PersistedQueryNotFound: no trusted operation has this id', extensions: { code: GatewayErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } } },
      },
    },
    plugins: (ctx) => [
      // First, so that it sees requests the caller plugin refuses.
      requestLogPlugin(metrics, log) as never,
      callerPlugin as never,
      csrfPlugin() as never,
      varyByOrigin as never,
      sseSubscriptionPlugin((request) => callers.get(request as Request), subscriberBound) as never,
      variableErrorCodePlugin as never,
      ...(operationLimitPlugins(limits) as never[]),
      // Without introspection, "Did you mean …" would map the schema one guess at a time.
      ...(production ? [blockFieldSuggestionsPlugin({ mask: '' }) as never] : []),
      prometheusPlugin(metrics, ctx.log) as never,
      ...(tracing as never[]),
    ],
  });

  // Open311 and the open data export call the graph through this gateway's own /graphql.
  const graph = graphThrough((request, context) => gateway.fetch(request, context));
  const surfaces = [open311Surface(graph, { maxBodyBytes: limits.maxRequestBytes }), exportSurface(graph)];
  const server = createServer((req, res) => {
    drain.track(req, res);
    if (req.url === '/ready' && req.method === 'GET') return void checkReadiness(res);
    if (serveDashboard(req, res)) return;
    // Bodies are bounded before anything reads them; a body without a declared length is refused.
    if (req.method === 'POST') {
      const declared = req.headers['content-length'];
      const refused =
        declared === undefined ? [411, LimitCode.LENGTH_REQUIRED, 'Send Content-Length with the request body']
        : Number(declared) > limits.maxRequestBytes ? [413, LimitCode.REQUEST_TOO_LARGE, `The request body is over ${limits.maxRequestBytes} bytes`]
        : null;
      if (refused) {
        countRefusal(metrics, refused[1] as string);
        res.writeHead(refused[0] as number, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message: refused[2], extensions: { code: refused[1] } }] }));
        req.resume();
        return;
      }
    }
    // One id per request, the gateway's own: sent to the subgraphs and back to the caller, and
    // the key to the logs of any unexpected error.
    const requestId = randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    requestScope.run({ requestId }, () => {
      if (surfaces.some((surface) => surface(req, res))) return;
      void gateway(req, res);
    });
  });
  const drain = new HttpDrain(server);
  const checkReadiness = readiness({
    subgraphs: options.subgraphUrls ?? composedSubgraphUrls(options.supergraph),
    jwksUrl: security.tokens.kind === 'jwks' ? security.tokens.url : undefined,
    demo: options.demoStatus,
  });
  // The schema must be loaded before the first WebSocket operation is planned.
  await gateway.getSchema();
  const multiplexer = new SubscriptionMultiplexer();
  const wsCleanup = serveWebSockets({
    server, gateway, limits, authenticator, signer, rateLimiter, metrics, log, subscriberBound, multiplexer,
    multiplexing: options.multiplexSubscriptions ?? true,
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // In-flight HTTP requests finish first (within the grace period), then WebSockets close with
  // 1001. The runtime disposes itself on SIGINT/SIGTERM, aborting what is in flight; callbacks
  // deferred last on its stack run first, so its disposal waits for this.
  let quiescing: Promise<void> | undefined;
  const quiesce = () =>
    (quiescing ??= (async () => {
      await drain.drain(options.shutdownGraceMs ?? 10_000);
      await wsCleanup.dispose();
    })());
  (gateway as unknown as { disposableStack: { defer(onDispose: () => Promise<void>): void } }).disposableStack.defer(quiesce);
  const host = !options.host || options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    subscriptions: () => multiplexer.stats,
    stop: async () => {
      await quiesce();
      await drain.closed;
      await gateway.dispose();
    },
  };
}

/**
 * GraphiQL's page, its whole bundle inlined (9 MB of JavaScript held as strings: ~45 MiB RSS), is
 * loaded at the first request for it rather than at start; production never loads it.
 */
const renderGraphiQLOnDemand = async (options: Parameters<typeof import('@graphql-yoga/render-graphiql').renderGraphiQL>[0]) =>
  (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options);

const EXAMPLE_QUERY = `# Welcome to civicgraph. Try this, then open the Docs panel.
query NewestMessages {
  messages(first: 5) {
    totalCount
    edges {
      node {
        number
        title
        status
        board { name region { name } }
        assignee { name kind region { name } }
      }
    }
  }
}
`;
