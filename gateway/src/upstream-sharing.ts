import { createHash } from 'node:crypto';
import { getOperationAST, type DocumentNode } from 'graphql';
import { ANONYMOUS, visibilityKey, type Identity } from '@civicgraph/platform';

// The HTTP transport shares identical in-flight upstream queries between requests, keyed by URL,
// body and the headers set before the fetch. The identity is signed later, in onFetch, so the
// caller's visibility goes into that key first, as a header onFetch takes off again: only callers
// who may see the same rows share a request. (Subscriptions go over WebSockets, whose payload
// would carry the header: they are keyed by their socket's identity instead.)

/** Carries the caller's visibility into the transport's sharing key; never sent upstream. */
const SHARING_HEADER = 'x-civicgraph-visibility';
const visibilityDigest = (identity: Identity) => createHash('sha256').update(visibilityKey(identity)).digest('base64url');

export interface SubgraphExecutionRequest {
  document: DocumentNode;
  operationName?: string;
  operationType?: string;
  context?: { identity?: Identity };
  extensions?: { headers?: Record<string, string> } & Record<string, unknown>;
}

const operationTypeOf = (request: SubgraphExecutionRequest) =>
  request.operationType ?? getOperationAST(request.document, request.operationName)?.operation;

/** In onSubgraphExecute: puts the caller's visibility key into the transport's key for sharing this request. */
export function keyByVisibility(request: SubgraphExecutionRequest): void {
  if (operationTypeOf(request) === 'subscription') return;
  const extensions = (request.extensions ??= {});
  extensions.headers = { ...extensions.headers, [SHARING_HEADER]: visibilityDigest(request.context?.identity ?? ANONYMOUS) };
}

/** In onFetch: the headers as they go upstream, without the sharing key. */
export function withoutSharingKey(headers: Record<string, string> = {}): Record<string, string> {
  const { [SHARING_HEADER]: _key, ...rest } = headers;
  return rest;
}
