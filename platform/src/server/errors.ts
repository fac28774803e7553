import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { jsonLogger } from '../observability/log.ts';

/** The code of an error the hub did not mean to raise; the details go to the server log, never to the caller. */
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
/** The header that carries a request's id from the gateway to the subgraphs (and back to the caller). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The request being served, for error masking that has no request context of its own (Apollo's formatError). */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** A request id from upstream when it looks like one (the gateway's UUIDs), else a new one. */
export const requestIdFrom = (header: unknown): string =>
  typeof header === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : randomUUID();

/**
 * Whether a caller may see this error as it is: one the hub raised on purpose, a GraphQLError
 * with a stable code (domain, access, validation, limits). Anything else — a database or library
 * error, a bug — may carry SQL, parameters, paths or addresses.
 */
export function isIntended(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions?.code;
  if (typeof code !== 'string') return false;
  // Already masked where it happened (a subgraph's, passed on by the gateway): as it is.
  if (code === INTERNAL_SERVER_ERROR) return typeof error.extensions.requestId === 'string' && !error.originalError;
  return !error.originalError || error.originalError instanceof GraphQLError;
}

/** What the log may say of an unexpected error: its kind, the database's own code and message, where it was thrown; never the statement's parameters (they may be personal data). */
export function describeForLog(error: unknown): Record<string, unknown> {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const cause = (original as { cause?: unknown })?.cause;
  const dbError = (cause ?? original) as { code?: unknown; message?: unknown; name?: unknown };
  const message = String(dbError?.message ?? original ?? 'unknown').split('\nparams:')[0]!.slice(0, 2000);
  return {
    name: (original as Error)?.name,
    ...(typeof dbError?.code === 'string' ? { sqlState: dbError.code } : {}),
    message,
    // Only the frames: the first lines repeat the message, which for a failed query lists its parameters.
    stack: (original as Error)?.stack?.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 8).join('\n'),
  };
}

const errorLog = jsonLogger('error');

/** One JSON line on stderr (the request log's shape): the operator's record of an error, found by its request id. */
export function logError(fields: Record<string, unknown>): void {
  errorLog.error(fields, 'unexpected error');
}

/**
 * The response form of an error: intended errors as they are (without stack traces, in any mode);
 * any other becomes INTERNAL_SERVER_ERROR with the request id, and is logged under it.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, where: { requestId: string; service: string }): GraphQLFormattedError {
  if (isIntended(error)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  logError({ requestId: where.requestId, service: where.service, path: formatted.path, error: describeForLog(error) });
  return {
    message: `Internal error; the operators can find it by request id ${where.requestId}`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: INTERNAL_SERVER_ERROR, requestId: where.requestId },
  };
}
