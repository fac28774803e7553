import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';
import { DEV_AUDIENCE, DEV_ISSUER, mintDevToken, startHub, type DevTokenClaims, type Hub, type HubOptions } from '@civicgraph/gateway';
import { postGraphQL, openTestDatabase, type GraphQLResponse } from '@civicgraph/platform/testing';

type Headers = Record<string, string>;

export interface TestHub extends Hub {
  url: string;
  wsUrl: string;
  /**
   * One operation over HTTP through the gateway. Without `headers` it goes as an administrator
   * (a bearer token for role admin), so story tests read and act freely; pass headers — `{}` for
   * an anonymous caller, `hub.as(...)` for a role — when the caller matters.
   */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Headers | Promise<Headers>): Promise<GraphQLResponse<T>>;
  /** Like query, but fails the test on any GraphQL error and returns `data`. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Headers | Promise<Headers>): Promise<T>;
  /** A subscription over graphql-ws through the gateway (as admin unless `token` is given); `next()` waits for the next result. */
  subscribe<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Subscription<T>;
  /** A development token for these claims, verified by this hub's gateway. */
  token(claims: DevTokenClaims): Promise<string>;
  /** `{ authorization: "Bearer …" }` for these claims; a bare string is an admin with that subject. */
  as(claims: DevTokenClaims | string): Promise<Headers>;
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
export async function startTestHub(
  options: Omit<HubOptions, 'database' | 'databaseUrl' | 'dataDir' | 'security'> & { security?: Partial<HubOptions['security']> } = {},
): Promise<TestHub> {
  const database = await openTestDatabase();
  const secret = randomBytes(32).toString('base64url');
  const hub = await startHub({
    database,
    pollIntervalMs: 100,
    ...options,
    security: {
      mode: 'development',
      tokens: { kind: 'hs256', secret, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
      ...options.security,
      // Story tests send hundreds of operations as one identity; the rate-limit test sets its own.
      limits: { rateLimit: 100_000, ...options.security?.limits },
    },
  });
  const clients: Client[] = [];
  const url = hub.gateway.url;
  const token = (claims: DevTokenClaims) => mintDevToken(secret, claims);
  const as = async (claims: DevTokenClaims | string) => ({
    authorization: `Bearer ${await token(typeof claims === 'string' ? { role: 'admin', subject: claims } : claims)}`,
  });
  const adminToken = await token({ role: 'admin', subject: 'admin:test' });
  const query: TestHub['query'] = async (q, variables, headers) =>
    postGraphQL(url, q, variables, headers ? await headers : { authorization: `Bearer ${adminToken}` });
  return {
    ...hub,
    url,
    wsUrl: hub.gateway.wsUrl,
    token,
    as,
    query,
    ok: async (q, variables, headers) => {
      const response = await query(q, variables, headers);
      if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      return response.data as never;
    },
    subscribe: (q, variables, bearer = adminToken) => {
      const client = createClient({
        url: hub.gateway.wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${bearer}` },
      });
      clients.push(client);
      const streamsBefore = hub.services.events.activeStreams;
      const membersBefore = hub.gateway.subscriptions().members;
      // Reached: its own stream opened in a subgraph, or it joined a shared one that has.
      const reached = () => {
        const { groups, members } = hub.gateway.subscriptions();
        const streams = hub.services.events.activeStreams;
        return streams > streamsBefore || (members > membersBefore && streams >= groups);
      };
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
          // Up to 15 s: a whole suite on two cores can keep a subgraph from answering for a while.
          for (let i = 0; i < 600 && !reached(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
          if (!reached()) throw new Error('subscription never reached a subgraph');
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
