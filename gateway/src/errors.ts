import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { describeForLog, ERROR_CODES, INTERNAL_SERVER_ERROR, logError, requestScope } from '@civicgraph/platform';

/** Codes of refusals the gateway itself makes before a subgraph sees the request. */
export const GatewayErrorCode = {
  /** An anonymous POST that is not JSON, without the x-graphql-csrf header. */
  CSRF_HEADER_REQUIRED: 'CSRF_HEADER_REQUIRED',
  TRUSTED_OPERATIONS_ONLY: 'TRUSTED_OPERATIONS_ONLY',
  /** A request with neither a query nor a documentId (or Apollo's persistedQuery hash). */
  QUERY_REQUIRED: 'QUERY_REQUIRED',
  /** Apollo's code: no trusted operation has this id (clients that may send documents then send it whole). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** The last event of an SSE subscription whose token expired. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
} as const;

/**
 * Every code a caller may receive as it is: the registry's (platform/src/error-codes.ts) but
 * INTERNAL_SERVER_ERROR. A code not registered (a transport's SUBREQUEST_HTTP_ERROR, say, which
 * quotes the upstream request) is masked.
 */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_CODES).filter((code) => code !== INTERNAL_SERVER_ERROR));

/** Yoga's CSRF prevention refuses with a message and an HTTP status but no code. */
const CSRF_MESSAGE = 'Required CSRF header(s) not present';

/**
 * The gateway's error masking, the same in every mode (it never looks at NODE_ENV): errors with a
 * public code go out as they are, and so do those a subgraph already masked (INTERNAL_SERVER_ERROR
 * with its request id); anything else (an unreachable subgraph, a library's failure) becomes
 * INTERNAL_SERVER_ERROR with the request id, and its details go to the log under that id.
 */
export function maskGatewayError(error: unknown): Error {
  const located = error instanceof GraphQLError ? error : undefined;
  if (located?.message === CSRF_MESSAGE || located?.originalError?.message === CSRF_MESSAGE) {
    return new GraphQLError('Send the x-graphql-csrf header (or a bearer token) with a non-JSON POST', {
      extensions: { code: GatewayErrorCode.CSRF_HEADER_REQUIRED, http: { status: 403 } },
    });
  }
  const code = located?.extensions?.code;
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) return located!;
  if (code === INTERNAL_SERVER_ERROR && typeof located?.extensions?.requestId === 'string') return located;
  const requestId = requestScope.getStore()?.requestId ?? randomUUID();
  logError({ requestId, service: 'gateway', path: located?.path, error: describeForLog(error) });
  return new GraphQLError(`Internal error; the operators can find it by request id ${requestId}`, {
    path: located?.path,
    extensions: { code: INTERNAL_SERVER_ERROR, requestId },
  });
}
