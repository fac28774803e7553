import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import ws from '@graphql-mesh/transport-ws';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { SUBGRAPHS } from '@civicgraph/schema';
import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { accessClassOf, applyMigrations, ANONYMOUS, hasRole, IDENTITY_HEADER, REQUEST_ID_HEADER, requestScope, Role, visibilityKey, type Database, type Identity, type UpstreamKey } from '@civicgraph/platform';
import { fileURLToPath } from 'node:url';
import { createAuthenticator, TokenError, UpstreamSigner, type TokenVerification } from './auth.ts';
import { DEFAULT_LIMITS, LimitCode, operationLimitPlugins, RateLimiter, refusal, variableErrorCodePlugin, type Limits } from './limits.ts';
import { loadTrustedOperations, type TrustedOperation } from './trusted-operations.ts';
import { serveDashboard } from './dashboard.ts';
import { graphThrough } from './surfaces.ts';
import { open311Surface } from './open311/index.ts';
import { exportSurface } from './export/index.ts';
import type { OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GatewayErrorCode, maskGatewayError } from './errors.ts';
import { HttpDrain } from './drain.ts';
import { readiness } from './readiness.ts';
import { composedSubgraphUrls } from './config.ts';
import { keyByVisibility, withoutSharingKey, type SubgraphExecutionRequest } from './upstream-sharing.ts';
import { planSharing } from './subscriptions/plan.ts';
import { SubscriptionMultiplexer, type StartSubscription } from './subscriptions/multiplexer.ts';
import { WebSocketServer } from 'ws';

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
  logging?: boolean;
  /** Where gateway replicas keep what they share (the rate limit); in this process's memory when absent. */
  database?: Database;
  /** How long in-flight HTTP requests may take to finish when the gateway stops (default 10 s). */
  shutdownGraceMs?: number;
  /** Share one upstream subscription per operation and access class (default on; off gives every subscriber its own). */
  multiplexSubscriptions?: boolean;
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

/** Close codes of a refused WebSocket (graphql-ws keeps 4400-4499 for such refusals). */
export const WS_CLOSE = { UNAUTHORIZED: 4401, FORBIDDEN: 4403, RATE_LIMITED: 4429 } as const;

/** What the gateway knows of a caller once their token is verified. */
interface CallerContext {
  identity: Identity;
  /** The identity signed for the subgraphs' WebSockets (connectionParams); HTTP requests get theirs per request. */
  upstreamIdentity: string;
}

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
  const trusted = new Map((security.trustedOperations ?? loadTrustedOperations()).map((op) => [op.id, op.document]));
  const trustedOnly = security.trustedOnlyRoles ?? [Role.INTEGRATOR];
  const callers = new WeakMap<Request, CallerContext>();

  const names = options.subgraphUrls ? Object.keys(options.subgraphUrls) : SUBGRAPHS.map((s) => s.name);
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

  const callerPlugin = {
    async onRequest({ request, url, endResponse, serverContext }: {
      request: Request;
      url: URL;
      endResponse: (response: Response) => void;
      serverContext?: { req?: { socket?: { remoteAddress?: string } }; continuation?: boolean };
    }) {
      if (url.pathname !== '/graphql') return;
      let identity: Identity;
      try {
        identity = (await authenticator.authenticate(request.headers.get('authorization')))?.identity ?? ANONYMOUS;
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
        endResponse(refusal(401, error.code, error.message, { 'www-authenticate': 'Bearer error="invalid_token"' }));
        return;
      }
      // A surface's further calls for one request (pages of an export) were charged with its first.
      const limited = serverContext?.continuation ? null : await rateLimiter.consume(identity.subject ? `sub:${identity.subject}` : `ip:${serverContext?.req?.socket?.remoteAddress}`);
      if (limited) {
        endResponse(limited);
        return;
      }
      callers.set(request, { identity, upstreamIdentity: await signer.forWebSocket(identity) });
    },
    // Only callers of the same visibility share an in-flight upstream request (upstream-sharing.ts).
    onSubgraphExecute: ({ executionRequest }: { executionRequest: SubgraphExecutionRequest }) => keyByVisibility(executionRequest),
    // Every upstream HTTP request — also those fetching entities for a WebSocket subscription's
    // events — carries the caller's signed identity. The caller's own Authorization never goes
    // upstream: subgraphs trust only the gateway's signature.
    async onFetch({ context, options, setOptions }: {
      context?: Partial<CallerContext>;
      options: { headers?: Record<string, string>; body?: unknown };
      setOptions: (options: object) => void;
    }) {
      const identity = context?.identity;
      if (!identity) return;
      const body = typeof options.body === 'string' ? options.body : '';
      setOptions({ ...options, headers: { ...withoutSharingKey(options.headers), [IDENTITY_HEADER]: await signer.forRequest(identity, body) } });
    },
    onContextBuilding({ context, extendContext }: { context: Record<string, any>; extendContext: (more: Record<string, unknown>) => void }) {
      // WebSocket operations arrive with their caller already in the context (see onSubscribe).
      if (context.identity) return;
      const caller = callers.get(context.request);
      if (caller) extendContext({ ...caller });
    },
  };

  const gateway: GatewayRuntime = createGatewayRuntime({
    supergraph: options.supergraph,
    transports: { http, ws },
    transportEntries,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    renderGraphiQL,
    graphiql: production ? false : { title: 'civicgraph', defaultQuery: EXAMPLE_QUERY },
    logging: options.logging ?? false,
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
    csrfPrevention: { requestHeaders: ['x-graphql-csrf'] },
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
        persistedQueryOnly: { message: 'This caller may run only trusted operations (send documentId)', extensions: { code: GatewayErrorCode.TRUSTED_OPERATIONS_ONLY, http: { status: 403 } } },
        notFound: { message: 'No trusted operation has this id', extensions: { code: GatewayErrorCode.TRUSTED_OPERATION_NOT_FOUND, http: { status: 400 } } },
        // A body with neither a query nor a documentId (`{}`, `{"query": ""}`) is the caller's mistake, not an internal error.
        keyNotFound: { message: 'Send a query, or the documentId of a trusted operation', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      },
    },
    plugins: () => [
      callerPlugin as never,
      variableErrorCodePlugin as never,
      ...(operationLimitPlugins(limits) as never[]),
      // Without introspection, "Did you mean …" would map the schema one guess at a time.
      ...(production ? [blockFieldSuggestionsPlugin({ mask: '' }) as never] : []),
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
    requestScope.run({ requestId }, () => {
      if (surfaces.some((surface) => surface(req, res))) return;
      void gateway(req, res);
    });
  });
  const drain = new HttpDrain(server);
  const checkReadiness = readiness({
    subgraphs: options.subgraphUrls ?? composedSubgraphUrls(options.supergraph),
    jwksUrl: security.tokens.kind === 'jwks' ? security.tokens.url : undefined,
  });
  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: limits.maxRequestBytes });
  // The schema must be loaded before the first WebSocket operation is planned.
  await gateway.getSchema();
  const wsCallers = new WeakMap<object, CallerContext>();
  const multiplexing = options.multiplexSubscriptions ?? true;
  const multiplexer = new SubscriptionMultiplexer();
  const wsCleanup = useServer(
    {
      // A WebSocket authenticates once, in connection_init: { authorization: "Bearer <token>" }.
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const authorization = params.authorization ?? params.Authorization;
        if (typeof authorization !== 'string' || !authorization) {
          socket.close(WS_CLOSE.UNAUTHORIZED, 'Unauthorized: send { authorization: "Bearer <token>" } in connection_init');
          return false;
        }
        try {
          const { identity, expiresAt } = (await authenticator.authenticate(authorization))!;
          wsCallers.set(ctx.extra, { identity, upstreamIdentity: await signer.forWebSocket(identity) });
          // The socket lives no longer than its token: the client reconnects with a fresh one.
          closeAt(socket, expiresAt, WS_CLOSE.UNAUTHORIZED, 'Unauthorized: the token expired; reconnect with a fresh one');
          return true;
        } catch (error) {
          if (!(error instanceof TokenError)) throw error;
          socket.close(WS_CLOSE.FORBIDDEN, 'Forbidden: invalid token');
          return false;
        }
      },
      execute: (args) => (args.rootValue as EnvelopedOps).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedOps).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const caller = wsCallers.get(ctx.extra)!;
        const limited = await rateLimiter.consume(`sub:${caller.identity.subject}`);
        if (limited) {
          ctx.extra.socket.close(WS_CLOSE.RATE_LIMITED, 'Too many operations');
          return [new GraphQLError('Too many operations', { extensions: { code: LimitCode.RATE_LIMITED } })];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = gateway.getEnveloped({
          ...ctx,
          ...caller,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const sharing = multiplexing ? planSharing(schema, document, payload.operationName, payload.variables) : null;
        if (sharing) {
          // Resolved once per access class for every subscriber of the same operation (see multiplexer.ts).
          const accessClass = accessClassOf(caller.identity);
          const start: StartSubscription = async (shared, variableValues) => {
            const ops = gateway.getEnveloped({ identity: accessClass, upstreamIdentity: await signer.forWebSocket(accessClass), params: payload });
            return ops.subscribe({ schema: ops.schema, document: shared, variableValues, operationName: payload.operationName, contextValue: await ops.contextFactory() }) as never;
          };
          const shared = () => multiplexer.subscribe(sharing, visibilityKey(accessClass), start);
          return { schema, operationName: payload.operationName, document, variableValues: payload.variables, rootValue: { execute, subscribe: shared } };
        }
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );

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

/** Closes `socket` at `at` (timers hold at most ~24.8 days, so a longer wait is taken in steps). */
function closeAt(socket: { close(code: number, reason: string): void; once(event: 'close', listener: () => void): unknown }, at: Date, code: number, reason: string) {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = at.getTime() - Date.now();
    if (wait <= 0) return socket.close(code, reason);
    timer = setTimeout(arm, Math.min(wait, 2 ** 31 - 1));
  };
  arm();
  socket.once('close', () => clearTimeout(timer));
}

/** The per-operation execute/subscribe that envelop prepared, carried to graphql-ws in rootValue. */
type EnvelopedOps = { execute: (args: ExecutionArgs) => OperationResult; subscribe: (args: ExecutionArgs) => OperationResult };

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
