import { createClient, type Client } from 'graphql-ws';

/** A refusal from the gateway or a subgraph, with its stable `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

const httpUrl = () => new URL('/graphql', location.href).toString();
const wsUrl = () => httpUrl().replace(/^http/, 'ws');

/**
 * One operation over HTTP: a JSON POST with the bearer token, which the gateway's CSRF rule accepts
 * as it is (only anonymous non-JSON POSTs need the x-graphql-csrf header).
 */
export async function request<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(httpUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The gateway answered ${response.status} without a GraphQL result`, undefined, response.status);
  }
  const [error] = body.errors ?? [];
  if (error) throw new ApiError(error.message, error.extensions?.code, response.status);
  if (!body.data) throw new ApiError('The gateway answered without data', undefined, response.status);
  return body.data;
}

/** Why a graphql-ws socket closed, in the words the page shows. */
export function describeClose(code: number): string {
  if (code === 4401) return '登录已过期，请重新登录 (the token expired: sign in again; the feed resumes where it stopped)';
  if (code === 4403) return '令牌无效 (the gateway refused the token)';
  if (code === 4429) return '操作过于频繁 (rate limited)';
  return `连接已断开 (socket closed, code ${code})`;
}

export interface LiveHandlers<T> {
  onState(state: 'connecting' | 'live' | 'closed', detail?: string, code?: number): void;
  onEvent(event: T): void;
  onError(error: ApiError): void;
}

/**
 * The live feed over graphql-ws, authenticated in connection_init. Ordinary drops are retried by
 * the library; refusals (4401 expired, 4403 invalid) are final and reported, so the page asks for
 * a fresh token and resumes from its last cursor.
 */
export function subscribe<T>(token: string, query: string, variables: () => Record<string, unknown>, handlers: LiveHandlers<T>): Client {
  const client = createClient({
    url: wsUrl(),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 10,
    shouldRetry: (event) => !(event instanceof CloseEvent) || event.code < 4400 || event.code > 4499,
    on: {
      connecting: () => handlers.onState('connecting'),
      connected: () => handlers.onState('live'),
      closed: (event) => (event instanceof CloseEvent ? handlers.onState('closed', describeClose(event.code), event.code) : handlers.onState('closed')),
    },
  });
  client.subscribe<T>(
    // Variables are read on every (re)subscription, so a retry resumes after the last event seen.
    { query, get variables() { return variables(); } },
    {
      next: (result) => {
        const [error] = result.errors ?? [];
        if (error) handlers.onError(new ApiError(error.message, (error.extensions as { code?: string } | undefined)?.code, 200));
        else if (result.data) handlers.onEvent(result.data);
      },
      error: (error) => {
        if (Array.isArray(error)) {
          const [first] = error as { message: string; extensions?: { code?: string } }[];
          handlers.onError(new ApiError(first?.message ?? 'subscription refused', first?.extensions?.code, 200));
        }
        // A CloseEvent is reported through `closed` above.
      },
      complete: () => {},
    },
  );
  return client;
}
