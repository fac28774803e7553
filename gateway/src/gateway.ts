import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import ws from '@graphql-mesh/transport-ws';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { SUBGRAPHS } from '@civicgraph/schema';
import type { ExecutionArgs } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

export interface GatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  supergraph: string;
  /** Where each subgraph really is, overriding the URLs composed into the supergraph; also the list of subgraphs to route to. */
  subgraphUrls?: Record<string, string>;
  port?: number;
  host?: string;
  logging?: boolean;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

/** Headers the gateway passes on to every subgraph. */
const PROPAGATED_HEADERS = ['x-civicgraph-actor'];

/**
 * The federation gateway: Hive Gateway runtime in a Node http server, HTTP and graphql-ws on
 * /graphql, /health and /ready, and GraphiQL (served from this package, no CDN) for people.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const names = options.subgraphUrls ? Object.keys(options.subgraphUrls) : SUBGRAPHS.map((s) => s.name);
  const transportEntries = Object.fromEntries(
    names.map((name) => [
      name,
      {
        ...(options.subgraphUrls?.[name] ? { location: options.subgraphUrls[name] } : {}),
        // Subscriptions go upstream over graphql-ws on the subgraph's own /graphql path; the default
        // (SSE) would be refused by Apollo Server's CSRF prevention.
        options: { subscriptions: { kind: 'ws', location: '/graphql' } },
      },
    ]),
  );
  const gateway: GatewayRuntime = createGatewayRuntime({
    supergraph: options.supergraph,
    transports: { http, ws },
    transportEntries,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    readinessCheckEndpoint: '/ready',
    landingPage: false,
    renderGraphiQL,
    graphiql: { title: 'civicgraph', defaultQuery: EXAMPLE_QUERY },
    logging: options.logging ?? false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) =>
        Object.fromEntries(PROPAGATED_HEADERS.map((h) => [h, request.headers.get(h)]).filter(([, v]) => v)),
    },
  });

  const server = createServer(gateway);
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  // The schema must be loaded before the first WebSocket operation is planned.
  await gateway.getSchema();
  const wsCleanup = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedOps).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedOps).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = gateway.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
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
  const host = !options.host || options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    stop: async () => {
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await gateway.dispose();
    },
  };
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
