import type { ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { GatewayErrorCode } from '../errors.ts';
import { SubscriberFeed, type SubscriberBound } from './subscriber-feed.ts';

/** Close codes of a WebSocket the gateway ends (graphql-ws keeps 4400-4499 for such refusals). */
export const WS_CLOSE = { UNAUTHORIZED: 4401, FORBIDDEN: 4403, TOO_SLOW: 4413, RATE_LIMITED: 4429 } as const;

type Subscribe = (args: ExecutionArgs) => unknown;

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Bounds every subscription on one WebSocket: a subscriber whose pending events, or whose socket's
 * unsent bytes, go over the bound gets its socket closed with 4413 (graphql-ws then ends all of its
 * subscriptions). The socket's end at token expiry is the socket's own (4401).
 */
export function boundedOverWebSocket(socket: WebSocket, bound: SubscriberBound) {
  return (subscribe: Subscribe): Subscribe =>
    async (args) => {
      const result = await subscribe(args);
      if (!isAsyncIterable(result)) return result;
      return new SubscriberFeed(result, {
        bound,
        unsentBytes: () => socket.bufferedAmount,
        onOverflow: () => {
          socket.close(WS_CLOSE.TOO_SLOW, 'Subscriber too slow: more events pending than the bound; reconnect and resume with `after`');
          return undefined;
        },
      });
    };
}

/** The last event of an SSE subscription whose token expired. */
const expired = (): ExecutionResult => ({
  errors: [new GraphQLError('The token expired; subscribe again with a fresh one (and `after`)', { extensions: { code: GatewayErrorCode.TOKEN_EXPIRED } })],
});

/**
 * The same for subscriptions over HTTP (SSE, graphql-sse's distinct connections mode): each ends
 * when its token expires, with a last `next` event carrying TOKEN_EXPIRED and then `complete`; a
 * subscriber that stops reading (its response's unsent bytes count) has its connection ended.
 * WebSocket operations carry no request `callerOf` knows, so this plugin leaves them alone.
 */
export function sseSubscriptionPlugin(callerOf: (request: unknown) => { expiresAt?: Date } | undefined, bound: SubscriberBound) {
  return {
    onSubscribe({ args }: { args: { contextValue: { request?: unknown; res?: ServerResponse } } }) {
      const { request, res } = args.contextValue;
      const caller = callerOf(request);
      if (!caller) return;
      return {
        onSubscribeResult({ result, setResult }: { result: unknown; setResult: (result: AsyncIterable<ExecutionResult>) => void }) {
          if (!isAsyncIterable(result)) return;
          setResult(
            new SubscriberFeed(result, {
              bound,
              unsentBytes: () => res?.writableLength ?? 0,
              endsAt: caller.expiresAt,
              onExpiry: expired,
              // It reads nothing, so a last event would never reach it: the connection ends.
              onOverflow: () => void res?.destroy(),
            }),
          );
        },
      };
    },
  };
}
