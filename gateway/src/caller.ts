import { ANONYMOUS, IDENTITY_HEADER, type Identity } from '@civicgraph/platform';
import { TokenError, type Authenticator, type UpstreamSigner } from './auth.ts';
import { refusal, type RateLimiter } from './limits.ts';
import { keyByVisibility, withoutSharingKey, type SubgraphExecutionRequest } from './upstream-sharing.ts';

/** What the gateway knows of a caller once their token is verified. */
export interface CallerContext {
  identity: Identity;
  /** The identity signed for the subgraphs' WebSockets (connectionParams); HTTP requests get theirs per request. */
  upstreamIdentity: string;
  /** When the caller's token expires: a subscription over HTTP (SSE) ends then. */
  expiresAt?: Date;
}

export interface CallerPluginDeps {
  authenticator: Authenticator;
  signer: UpstreamSigner;
  rateLimiter: RateLimiter;
  /** Where each verified HTTP request's caller is kept for the other plugins. */
  callers: WeakMap<Request, CallerContext>;
}

/**
 * Verifies the bearer token of each /graphql request, rate limits the caller, and signs the
 * caller's identity onto every upstream request (the caller's own Authorization never goes upstream).
 */
export function callerPluginFor({ authenticator, signer, rateLimiter, callers }: CallerPluginDeps) {
  return {
    async onRequest({ request, url, endResponse, serverContext }: {
      request: Request;
      url: URL;
      endResponse: (response: Response) => void;
      serverContext?: { req?: { socket?: { remoteAddress?: string } }; continuation?: boolean };
    }) {
      if (url.pathname !== '/graphql') return;
      let identity: Identity;
      let expiresAt: Date | undefined;
      try {
        const verified = await authenticator.authenticate(request.headers.get('authorization'));
        identity = verified?.identity ?? ANONYMOUS;
        expiresAt = verified?.expiresAt;
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
      callers.set(request, { identity, upstreamIdentity: await signer.forWebSocket(identity), expiresAt });
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
}
