import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { Logger } from '@graphql-hive/logger';
import { accessClassOf, visibilityKey, type MetricsRegistry } from '@civicgraph/platform';
import { TokenError, type Authenticator, type UpstreamSigner } from '../auth.ts';
import type { CallerContext } from '../caller.ts';
import { LimitCode, type Limits, type RateLimiter } from '../limits.ts';
import { observeSubscription } from '../observability.ts';
import { planSharing } from './plan.ts';
import type { StartSubscription, SubscriptionMultiplexer } from './multiplexer.ts';
import type { SubscriberBound } from './subscriber-feed.ts';
import { boundedOverWebSocket, WS_CLOSE } from './transports.ts';

export interface WebSocketDeps {
  server: Server;
  gateway: GatewayRuntime;
  limits: Limits;
  authenticator: Authenticator;
  signer: UpstreamSigner;
  rateLimiter: RateLimiter;
  metrics: MetricsRegistry;
  log: Logger | false;
  subscriberBound: SubscriberBound;
  multiplexer: SubscriptionMultiplexer;
  /** Share one upstream subscription per operation and access class (see multiplexer.ts). */
  multiplexing: boolean;
}

/** The per-operation execute/subscribe that envelop prepared, carried to graphql-ws in rootValue. */
type EnvelopedOps = { execute: (args: ExecutionArgs) => OperationResult; subscribe: (args: ExecutionArgs) => OperationResult };

/**
 * graphql-ws on the gateway's /graphql: the caller authenticates once in connection_init, each
 * operation is rate limited, validated and bounded, and subscriptions of the same operation and
 * access class share one upstream subscription. Returns graphql-ws's cleanup (dispose).
 */
export function serveWebSockets({ server, gateway, limits, authenticator, signer, rateLimiter, metrics, log, subscriberBound, multiplexer, multiplexing }: WebSocketDeps) {
  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: limits.maxRequestBytes });
  const wsCallers = new WeakMap<object, CallerContext>();
  return useServer(
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
      subscribe: (args) => observeSubscription(metrics, log, args, (args.rootValue as EnvelopedOps).subscribe(args)) as never,
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
        // Every subscriber is bounded (transports.ts): one that stops reading is closed 4413.
        const bounded = boundedOverWebSocket(ctx.extra.socket, subscriberBound) as (subscribe: unknown) => EnvelopedOps['subscribe'];
        const sharing = multiplexing ? planSharing(schema, document, payload.operationName, payload.variables) : null;
        if (sharing) {
          // Resolved once per access class for every subscriber of the same operation (see multiplexer.ts).
          const accessClass = accessClassOf(caller.identity);
          const start: StartSubscription = async (shared, variableValues) => {
            const ops = gateway.getEnveloped({ identity: accessClass, upstreamIdentity: await signer.forWebSocket(accessClass), params: payload });
            return ops.subscribe({ schema: ops.schema, document: shared, variableValues, operationName: payload.operationName, contextValue: await ops.contextFactory() }) as never;
          };
          const shared = () => multiplexer.subscribe(sharing, visibilityKey(accessClass), start);
          return { schema, operationName: payload.operationName, document, variableValues: payload.variables, rootValue: { execute, subscribe: bounded(shared) } };
        }
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe: bounded(subscribe) },
        };
      },
    },
    wsServer,
  );
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
