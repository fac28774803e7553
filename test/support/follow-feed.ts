import { createClient, type Client } from 'graphql-ws';

export interface FeedOptions<T> {
  url: string;
  /** A subscription whose field takes `after` and whose events carry `cursor` (every feed here). */
  query: string;
  /** The subscription's field, e.g. `caseEvents`. */
  field: string;
  variables?: Record<string, unknown>;
  /** A current token: asked for once per socket, again after the gateway closed one at its expiry (4401). */
  token: () => Promise<string>;
  onEvent: (event: T) => void;
  onClose?: (code: number) => void;
  onError?: (error: unknown) => void;
  /** The WebSocket class outside browsers (`ws`). */
  webSocketImpl?: unknown;
  cursor?: string | null;
}

const closeCode = (event: unknown) => (typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number' ? (event as { code: number }).code : undefined);

/**
 * Follows an event feed across token expiry, the recipe of the README ("Subscriptions across
 * token expiry"). graphql-ws treats 4401 as final whatever `shouldRetry` says, so the feed opens
 * a new client with a fresh token and resubscribes with `after` = the last cursor it saw; the
 * gateway replays what happened in between. Ordinary drops are retried by the client itself,
 * and the variables are read on each (re)subscription, so those resume after the last cursor too.
 */
export function followFeed<T extends { cursor: string }>(options: FeedOptions<T>): { stop(): Promise<void>; cursor(): string | null } {
  let after = options.cursor ?? null;
  let client: Client | undefined;
  let stopped = false;
  const open = async () => {
    const token = await options.token();
    if (stopped) return;
    const current = createClient({
      url: options.url,
      webSocketImpl: options.webSocketImpl,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 10,
      on: { closed: (event) => closeCode(event) !== undefined && options.onClose?.(closeCode(event)!) },
    });
    client = current;
    current.subscribe<Record<string, T>>(
      { query: options.query, get variables() { return { ...options.variables, after }; } },
      {
        next: ({ data, errors }) => {
          if (errors?.length) return options.onError?.(errors);
          const event = data?.[options.field];
          if (!event) return;
          after = event.cursor;
          options.onEvent(event);
        },
        error: (error) => {
          if (stopped) return;
          if (closeCode(error) !== 4401) return options.onError?.(error);
          void current.dispose();
          open().catch((failure) => options.onError?.(failure));
        },
        complete: () => {},
      },
    );
  };
  open().catch((failure) => options.onError?.(failure));
  return {
    cursor: () => after,
    stop: async () => {
      stopped = true;
      await client?.dispose();
    },
  };
}
