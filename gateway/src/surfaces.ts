import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadTrustedOperations, type TrustedOperation } from './trusted-operations.ts';

/**
 * What the gateway's other surfaces (Open311, the open data export) share: they answer nothing
 * themselves, they call the graph through the gateway's own /graphql with the caller's token, so
 * every token check, limit, @requiresScopes, row scope and personal-data mask applies unchanged.
 */

export interface GraphError {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface GraphResult<T> {
  /** The HTTP status the gateway answered with (401 for a bad token, 429 when rate limited...). */
  status: number;
  data?: T | null;
  errors?: GraphError[];
}

/** Server context handed to the gateway with an in-process request. */
export interface SurfaceContext {
  req: { socket: { remoteAddress?: string } };
  /**
   * A further call made for the same surface request: the caller's rate budget was charged by the
   * first one. Set only in-process, never from the wire.
   */
  continuation: boolean;
}

/** Runs a trusted operation (by name, sent as its documentId) as the caller of one surface request. */
export type GraphSession = <T>(operation: string, variables?: Record<string, unknown>) => Promise<GraphResult<T>>;

/** Opens a session for one incoming request, authenticated as `authorization` (a full header value, or null: anonymous). */
export type Graph = (req: IncomingMessage, authorization: string | null) => GraphSession;

/** A surface: answers the requests under its path (returns true) and leaves the rest to the next (false). */
export type Surface = (req: IncomingMessage, res: ServerResponse) => boolean;

export function graphThrough(
  fetch: (request: Request, context: SurfaceContext) => Response | Promise<Response>,
  operations: TrustedOperation[] = loadTrustedOperations(),
): Graph {
  const ids = new Map(operations.map((op) => [op.name, op.id]));
  return (req, authorization) => {
    let calls = 0;
    return async <T>(operation: string, variables: Record<string, unknown> = {}) => {
      const documentId = ids.get(operation);
      if (!documentId) throw new Error(`No trusted operation named ${operation}`);
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
      if (authorization) headers.authorization = authorization;
      const body = JSON.stringify({ documentId, variables });
      headers['content-length'] = String(Buffer.byteLength(body));
      const context = { req: { socket: { remoteAddress: req.socket.remoteAddress } }, continuation: calls++ > 0 };
      const response = await fetch(new Request('http://localhost/graphql', { method: 'POST', headers, body }), context);
      const text = await response.text();
      let parsed: { data?: T | null; errors?: GraphError[] };
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { errors: [{ message: text.slice(0, 200) || response.statusText }] };
      }
      return { status: response.status, data: parsed.data, errors: parsed.errors };
    };
  };
}

/** The caller's credentials: the Authorization header, else a bare token in `api_key` (Open311's parameter). */
export function authorizationOf(req: IncomingMessage, apiKey?: string | null): string | null {
  const header = req.headers.authorization;
  if (header) return header;
  return apiKey ? `Bearer ${apiKey}` : null;
}

/** The path of a request's URL, and its query, relative to the host it was sent to. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
}

/** Reads a request body of at most `max` bytes (the gateway already refused a larger Content-Length). */
export async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new RangeError(`The request body is over ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
