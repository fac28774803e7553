/**
 * Every `extensions.code` the hub answers with, in one registry: who raises it and what it means.
 * Clients branch on these; never rename one. The README's error table is this list (a test keeps
 * them equal), and a test checks that the gateway and the subgraphs use no code missing here.
 */
export const ERROR_CODES = {
  // Domain checks in the subgraphs.
  NOT_FOUND: { by: 'subgraph', means: 'No such record, or one the caller may not see (it behaves as if it did not exist)' },
  ILLEGAL_TRANSITION: { by: 'subgraph', means: 'The lifecycle (or an order’s status) does not allow that step from the current state' },
  INVALID_INPUT: { by: 'subgraph', means: 'A value failed a domain check; `extensions.field` names it' },
  DEADLINE_IN_PAST: { by: 'subgraph', means: 'A deadline given is not in the future' },
  INVALID_CURSOR: { by: 'subgraph', means: 'A page or event cursor is malformed, or an event cursor lies beyond the event log' },
  SELF_DISPATCH: { by: 'subgraph', means: 'A forward to the caller’s own agency or one below it: the office that dispatches an appeal never handles it (it reviews, visits and closes it)' },
  // Identity and access.
  UNAUTHENTICATED: { by: 'subgraph', means: 'Sign in: the operation needs a caller' },
  FORBIDDEN: { by: 'subgraph', means: 'The caller’s role, scope or agency may not do this' },
  GATEWAY_REQUIRED: { by: 'subgraph', means: '401: a request to a subgraph without the gateway’s signature' },
  BAD_REQUEST: { by: 'subgraph', means: '400: a request body that is not a JSON object with a query (or documentId) of the right types' },
  UNAUTHORIZED_FIELD_OR_TYPE: { by: 'gateway', means: 'A field behind @requiresScopes the token’s scopes do not open' },
  INVALID_TOKEN: { by: 'gateway', means: '401: the bearer token is not valid' },
  TRUSTED_OPERATIONS_ONLY: { by: 'gateway', means: 'Integrators may run only the trusted operations' },
  QUERY_REQUIRED: { by: 'gateway', means: '400: a request with neither a query nor a documentId' },
  PERSISTED_QUERY_NOT_FOUND: { by: 'gateway', means: 'No trusted operation has that document id or hash (Apollo clients that may send documents then send it whole)' },
  CSRF_HEADER_REQUIRED: { by: 'gateway', means: '403: an anonymous non-JSON POST without the x-graphql-csrf header' },
  // Limits at the gateway.
  MAX_DEPTH_EXCEEDED: { by: 'gateway', means: 'The operation is nested deeper than 12' },
  MAX_ALIASES_EXCEEDED: { by: 'gateway', means: 'The operation has more than 20 aliases' },
  MAX_TOKENS_EXCEEDED: { by: 'gateway', means: 'The operation has more than 3,000 tokens' },
  MAX_COST_EXCEEDED: { by: 'gateway', means: 'The operation’s estimated cost is over 5,000' },
  REQUEST_TOO_LARGE: { by: 'gateway', means: '413: the request body is over 64 KiB' },
  LENGTH_REQUIRED: { by: 'gateway', means: '411: a request body without Content-Length' },
  RATE_LIMITED: { by: 'gateway', means: '429: more than 600 operations a minute (Retry-After says when to retry)' },
  // Subscriptions over SSE (on WebSockets these are close codes 4401 and 4413 instead).
  TOKEN_EXPIRED: { by: 'gateway', means: 'The last event of a subscription whose token expired; subscribe again with a fresh token (and `after`)' },
  // GraphQL's own.
  GRAPHQL_VALIDATION_FAILED: { by: 'graphql', means: 'The document does not validate against the schema' },
  GRAPHQL_PARSE_FAILED: { by: 'graphql', means: 'The document does not parse' },
  BAD_USER_INPUT: { by: 'graphql', means: 'A variable has the wrong type or an unknown enum value' },
  INTERNAL_SERVER_ERROR: { by: 'graphql', means: 'An unexpected failure; nothing the caller can fix. `extensions.requestId` names it in the server log; no details are sent' },
} as const satisfies Record<string, { by: 'subgraph' | 'gateway' | 'graphql'; means: string }>;

export type ErrorCodeName = keyof typeof ERROR_CODES;

const codes = <K extends ErrorCodeName>(...names: K[]) => Object.fromEntries(names.map((n) => [n, n])) as { [N in K]: N };

/** The codes of the domain checks (DomainError). */
export const ErrorCode = codes('NOT_FOUND', 'ILLEGAL_TRANSITION', 'INVALID_INPUT', 'DEADLINE_IN_PAST', 'INVALID_CURSOR', 'SELF_DISPATCH');
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes of identity and access checks in the subgraphs. */
export const AccessErrorCode = codes('UNAUTHENTICATED', 'FORBIDDEN');
