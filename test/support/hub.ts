import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startHub, type Hub, type HubOptions } from '@civicgraph/gateway';
import { postGraphQL, openTestDatabase, type GraphQLResponse } from '@civicgraph/platform/testing';

export interface TestHub extends Hub {
  url: string;
  wsUrl: string;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Like query, but fails the test on any GraphQL error and returns `data`. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  /** A subscription over graphql-ws through the gateway; `next()` waits for the next result. */
  subscribe<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Subscription<T>;
}

export interface Subscription<T> {
  /** Resolves once the subscription has reached a subgraph's event stream (bounded wait). */
  ready(): Promise<void>;
  next(timeoutMs?: number): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * The whole federation in this process on a fresh test database (PGlite, or PostgreSQL in the
 * postgres project), gateway and subgraphs on port 0, talking real HTTP and WebSockets.
 */
export async function startTestHub(options: Omit<HubOptions, 'database' | 'databaseUrl' | 'dataDir'> = {}): Promise<TestHub> {
  const database = await openTestDatabase();
  const hub = await startHub({ database, pollIntervalMs: 100, ...options });
  const clients: Client[] = [];
  const url = hub.gateway.url;
  const query: TestHub['query'] = (q, variables, headers) => postGraphQL(url, q, variables, headers);
  return {
    ...hub,
    url,
    wsUrl: hub.gateway.wsUrl,
    query,
    ok: async (q, variables, headers) => {
      const response = await query(q, variables, headers);
      if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      return response.data as never;
    },
    subscribe: (q, variables) => {
      const client = createClient({ url: hub.gateway.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
      clients.push(client);
      const streamsBefore = hub.services.events.activeStreams;
      const iterator = client.iterate({ query: q, variables })[Symbol.asyncIterator]();
      // iterate() sends the subscription only when first pulled; pull now, hand the result to next().
      let pending: Promise<IteratorResult<unknown>> | undefined = iterator.next();
      pending.catch(() => {}); // its failure is reported when next() awaits it
      const pull = () => {
        const result = pending ?? iterator.next();
        pending = undefined;
        return result;
      };
      return {
        ready: async () => {
          for (let i = 0; i < 200 && hub.services.events.activeStreams <= streamsBefore; i++) {
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
          if (hub.services.events.activeStreams <= streamsBefore) throw new Error('subscription never reached a subgraph');
        },
        next: async (timeoutMs = 10_000) => {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no subscription event within ${timeoutMs} ms`)), timeoutMs);
          });
          try {
            const result = await Promise.race([pull(), timeout]);
            if (result.done) throw new Error('subscription completed');
            return result.value as GraphQLResponse<never>;
          } finally {
            clearTimeout(timer);
          }
        },
        close: async () => {
          await iterator.return?.();
          await client.dispose();
        },
      };
    },
    stop: async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await hub.stop();
      await database.close();
    },
  };
}
