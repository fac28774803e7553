import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express from 'express';
import type { DocumentNode, GraphQLError } from 'graphql';
import { maskError, REQUEST_ID_HEADER, requestIdFrom, requestScope } from './errors.ts';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { applyMigrations } from '../db/migrate.ts';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { EventTail } from '../events/tail.ts';
import { calendarWarnings } from '../calendar.ts';
import type { ErrorCodeName } from '../error-codes.ts';
import { SHARED_SCALARS } from './scalars.ts';
import { EVENT_CURSOR_RESOLVERS } from './event-cursor.ts';
import { Access } from '../auth/access.ts';
import { directoryReferences, type DirectoryReferences } from '../directory.ts';
import { ACCESS_MIGRATIONS } from '../auth/personal-data.ts';
import { EVENT_LOG_MIGRATIONS } from '../events/migrations.ts';
import { actorName, type Identity } from '../auth/identity.ts';
import { IDENTITY_HEADER, verifyUpstreamIdentity, type UpstreamKey } from '../auth/upstream-token.ts';
import { databaseMetrics, eventTailMetrics, metricsResponse, MetricsRegistry, subgraphMetricsPlugin } from '../observability/metrics.ts';
import { subgraphTracingPlugin, tracingEnabled } from '../observability/tracing.ts';

/** What every subgraph is handed by whoever runs it (the in-process hub or its own process). */
export interface Services {
  database: Database;
  clock: Clock;
  events: EventTail;
  /** The process's metrics (one registry per process, each subgraph's series labelled by subgraph); /metrics serves it. */
  metrics?: MetricsRegistry;
}

/** How far a demo generator has got: `done` of `total` `unit` (appeals, say), as it writes them. */
export type DemoProgress = (done: number, total: number, unit: string) => void;

/** Per request (HTTP) or per operation (WebSocket): the services plus who is asking. */
export interface RequestContext extends Services {
  /** Who is asking, as the gateway verified and signed it. */
  identity: Identity;
  /** Role checks and row-level agency scope for this request. */
  access: Access;
  /** The name recorded in timelines: the identity's subject, or "anonymous". */
  actor: string;
  /** This request's id (the gateway's): unexpected errors are logged under it. */
  requestId: string;
  /** References to the directory's regions and agencies, null for what it does not have. */
  directory: DirectoryReferences;
}

/** The stable code for a request that did not come through the gateway. */
export const GATEWAY_REQUIRED = 'GATEWAY_REQUIRED' satisfies ErrorCodeName;

/**
 * The one shape every subgraph has: its SDL, resolvers, migrations, per-request context (with its
 * DataLoaders) and optional demo data. The plumbing below turns it into a running server.
 */
export interface SubgraphDefinition<Ctx extends RequestContext = RequestContext> {
  name: string;
  /** The port it listens on when run as its own process (PORT overrides), and in the supergraph's URLs. */
  port: number;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Ctx>;
  /** The subgraph's own PostgreSQL schema and the folder of its committed drizzle migrations. */
  migrations: { schema: string; folder: string };
  createContext(base: RequestContext): Ctx;
  /**
   * Reference data the subgraph needs to work at all (the agency directory, the boards); written
   * at every start when missing, so it must be idempotent.
   */
  seedReference?(services: Services): Promise<void>;
  /**
   * Demo appeals and stories, written on a demo start when the subgraph has none yet. A generator
   * that takes more than a moment reports how far it has got through `progress`.
   */
  seedDemo?(services: Services, progress?: DemoProgress): Promise<void>;
  /**
   * Background work that runs beside the server in every replica (event consumers, schedulers).
   * Returns how to stop it. Work must be safe with several replicas running at once.
   */
  startWorkers?(services: Services): Promise<{ stop(): Promise<void> }>;
  /** The subgraph's own metrics (consumer positions, scheduler runs), registered once per registry. */
  registerMetrics?(registry: MetricsRegistry, services: Services): void;
  /** The durable event consumers those workers run: a first start reports their catch-up. */
  consumers?: readonly string[];
}

export interface RunningSubgraph {
  name: string;
  url: string;
  /** Stops the workers, then stops accepting and drains the server. */
  stop(): Promise<void>;
}


/** The platform's own tables (event log, personal-data audit); applied before any subgraph's. */
export async function migratePlatform(database: Database): Promise<void> {
  for (const { folder, schema } of [EVENT_LOG_MIGRATIONS, ACCESS_MIGRATIONS]) await applyMigrations(database, folder, schema);
}

export async function migrateSubgraph(definition: Pick<SubgraphDefinition, 'migrations'>, database: Database): Promise<void> {
  await applyMigrations(database, definition.migrations.folder, definition.migrations.schema);
}

/** A subgraph's resolvers with those of the shared SDL (platform/sdl/shared.graphql) every subgraph serves. */
function withSharedResolvers<Ctx>(resolvers: GraphQLResolverMap<Ctx>): GraphQLResolverMap<Ctx> {
  return { ...SHARED_SCALARS, ...resolvers, Query: { ...EVENT_CURSOR_RESOLVERS, ...resolvers.Query } } as GraphQLResolverMap<Ctx>;
}

/**
 * Serves a subgraph: GraphQL over HTTP and graphql-ws on the same /graphql path, /health and
 * /ready, and a stop() that stops accepting, drains in-flight requests and closes sockets.
 */
export async function serveSubgraph<Ctx extends RequestContext>(
  definition: SubgraphDefinition<Ctx>,
  services: Services,
  { port = 0, host = '127.0.0.1', upstreamKey }: { port?: number; host?: string; upstreamKey: UpstreamKey },
): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    resolvers: withSharedResolvers(definition.resolvers) as GraphQLResolverMap<unknown>,
  });
  // Tests that serve one subgraph alone may pass no registry: it then has one of its own.
  const registry = services.metrics ?? new MetricsRegistry();
  databaseMetrics(registry, services.database);
  eventTailMetrics(registry, services.events);
  definition.registerMetrics?.(registry, services);
  const app = express();
  const httpServer: Server = createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const contextFor = async (identity: Identity, requestId: string) => {
    const access = new Access(identity, services.database.db);
    await access.preload();
    const directory = directoryReferences(services.database.db);
    return definition.createContext({ ...services, identity, access, actor: actorName(identity), requestId, directory });
  };
  const where = (requestId: string) => ({ requestId, service: definition.name });
  /** Subscription results reach the gateway through graphql-ws, not Apollo: masked the same way here. */
  const maskedResult = <R extends { errors?: readonly GraphQLError[] }>(result: R, requestId: string): R =>
    result.errors ? { ...result, errors: result.errors.map((e) => maskError(e.toJSON(), e, where(requestId))) } : result;
  const operationIds = new WeakMap<object, string>();
  const identities = new WeakMap<object, Identity>();
  const wsCleanup = useServer(
    {
      schema,
      // Only the gateway can open a subscription: its signed identity must come with connection_init.
      onConnect: async (ctx) => {
        const identity = await verifyUpstreamIdentity(upstreamKey, ctx.connectionParams?.identity, { websocket: true });
        if (!identity) return false;
        identities.set(ctx.extra, identity);
        return true;
      },
      // One id per socket: the gateway opens one per access class, so it names that stream.
      context: (ctx) => {
        const requestId = requestIdFrom(undefined);
        operationIds.set(ctx.extra as object, requestId);
        return contextFor(identities.get(ctx.extra)!, requestId);
      },
      onNext: (ctx, _id, _payload, _args, result) => maskedResult(result as never, operationIds.get(ctx.extra as object) ?? requestIdFrom(undefined)),
      onError: (ctx, _id, _payload, errors) => errors.map((e) => maskError(e.toJSON(), e, where(operationIds.get(ctx.extra as object) ?? requestIdFrom(undefined)))),
    },
    wsServer,
  );
  const apollo = new ApolloServer<Ctx>({
    schema,
    // In every mode (NODE_ENV decides nothing here): intended errors as they are, without stack
    // traces; anything else INTERNAL_SERVER_ERROR with the request id, the details in the log.
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => maskError(formatted, error, where(requestScope.getStore()?.requestId ?? requestIdFrom(undefined))),
    // Whoever runs the subgraph (the hub, runStandalone) handles SIGINT/SIGTERM and calls stop();
    // Apollo's own handlers would race it and re-raise the signal, leaving the process hanging.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Federated tracing is for Apollo's hosted studio; this gateway does not read it.
      ApolloServerPluginInlineTraceDisabled(),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      subgraphMetricsPlugin(definition.name, registry),
      ...(tracingEnabled() ? [subgraphTracingPlugin(definition.name)] : []),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => void res.json({ status: 'ok', subgraph: definition.name }));
  app.get('/ready', async (_req, res) => {
    try {
      await services.database.db.execute(sql`select 1`);
      // Ready, but say so when deadlines would count weekends only for lack of holiday data.
      res.json({ status: 'ready', subgraph: definition.name, warnings: calendarWarnings(services.clock.now()) });
    } catch {
      res.status(503).json({ status: 'database unavailable', subgraph: definition.name });
    }
  });
  // Operation names and codes only: nothing a caller sent ends up in a label.
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metricsResponse(registry);
    res.type(contentType).send(body);
  });
  app.use(
    '/graphql',
    // Everything below /graphql needs the gateway's signature, bound to this very body; the body is
    // read (bounded) but nothing acts on it before the signature is checked.
    express.raw({ type: () => true, limit: '1mb' }),
    async (req, res, next) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const identity = req.method === 'POST' ? await verifyUpstreamIdentity(upstreamKey, req.headers[IDENTITY_HEADER], { body }) : null;
      if (!identity) {
        res.status(401).json({
          errors: [{ message: 'Subgraphs answer only the civicgraph gateway', extensions: { code: GATEWAY_REQUIRED } }],
        });
        return;
      }
      try {
        req.body = JSON.parse(body.toString('utf8'));
      } catch {
        res.status(400).json({ errors: [{ message: 'The body is not JSON', extensions: { code: 'BAD_REQUEST' satisfies ErrorCodeName } }] });
        return;
      }
      identities.set(req, identity);
      const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      res.setHeader(REQUEST_ID_HEADER, requestId);
      requestScope.run({ requestId }, next);
    },
    expressMiddleware(apollo, { context: async ({ req }) => contextFor(identities.get(req)!, requestScope.getStore()!.requestId) }),
  );

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const address = httpServer.address() as AddressInfo;
  const workers = await definition.startWorkers?.(services);
  return {
    name: definition.name,
    url: `http://${host}:${address.port}/graphql`,
    stop: async () => {
      await workers?.stop();
      await apollo.stop();
    },
  };
}
