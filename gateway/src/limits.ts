import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, Lexer, Source, TokenKind, type ExecutionResult } from 'graphql';
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Database } from '@civicgraph/platform';
import { rateLimits } from './db/tables.ts';

/** Bounds on what one request may ask of the hub. Every refusal carries its own stable code. */
export interface Limits {
  /** Nesting of selections (fragments flattened). */
  maxDepth: number;
  /** Aliased fields in one operation (aliases multiply the work of one field). */
  maxAliases: number;
  /** Lexical tokens in one document, checked while parsing. */
  maxTokens: number;
  /** Estimated cost (graphql-armor: 2 per object, 1 per scalar, ×1.5 per level). */
  maxCost: number;
  /** Bytes of one HTTP request body. */
  maxRequestBytes: number;
  /** Operations per identity (or per client address for anonymous callers) in `rateWindowSeconds`. */
  rateLimit: number;
  rateWindowSeconds: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxCost: 5000,
  maxRequestBytes: 64 * 1024,
  rateLimit: 600,
  rateWindowSeconds: 60,
};

export const LimitCode = {
  MAX_DEPTH_EXCEEDED: 'MAX_DEPTH_EXCEEDED',
  MAX_ALIASES_EXCEEDED: 'MAX_ALIASES_EXCEEDED',
  MAX_TOKENS_EXCEEDED: 'MAX_TOKENS_EXCEEDED',
  MAX_COST_EXCEEDED: 'MAX_COST_EXCEEDED',
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  LENGTH_REQUIRED: 'LENGTH_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
} as const;

/** graphql-armor reports a bare GraphQLError; report ours instead, with the limit's code. */
const rejectWith =
  (code: string): GraphQLArmorRejectCallback =>
  (context, error) => {
    // graphql-armor words its refusals as syntax errors; they are limits, and say so.
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } }));
  };

/** The validation-time limits (depth, aliases, cost) and the parse-time token limit, as envelop plugins. */
export function operationLimitPlugins(limits: Limits) {
  return [
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [rejectWith(LimitCode.MAX_DEPTH_EXCEEDED)] }),
    maxAliasesPlugin({ n: limits.maxAliases, propagateOnRejection: false, onReject: [rejectWith(LimitCode.MAX_ALIASES_EXCEEDED)] }),
    costLimitPlugin({ maxCost: limits.maxCost, propagateOnRejection: false, onReject: [rejectWith(LimitCode.MAX_COST_EXCEEDED)] }),
    maxTokensPlugin(limits.maxTokens),
  ];
}

/**
 * Counts lexical tokens before anything parses the document, and stops at the limit, so a huge
 * document costs at most `maxTokens` steps. (Refused here, in the request phase, the error keeps its code.)
 */
function maxTokensPlugin(maxTokens: number) {
  return {
    onParams({ params }: { params: { query?: unknown } }) {
      if (typeof params.query !== 'string') return;
      const lexer = new Lexer(new Source(params.query));
      try {
        for (let count = 0; lexer.advance().kind !== TokenKind.EOF; ) {
          if (++count > maxTokens) {
            throw new GraphQLError(`The document has more than ${maxTokens} tokens`, {
              extensions: { code: LimitCode.MAX_TOKENS_EXCEEDED, http: { status: 400 } },
            });
          }
        }
      } catch (error) {
        if ((error as GraphQLError).extensions?.code === LimitCode.MAX_TOKENS_EXCEEDED) throw error;
        // A syntax error: parsing reports it properly.
      }
    },
  };
}

/** A refusal before GraphQL runs, in the GraphQL response shape. */
export const refusal = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });

/**
 * Per-identity request budget. In memory for a single gateway (the in-process hub); in PostgreSQL
 * when the gateway is given a database, so that every replica counts against the same budget
 * (with a memory budget as insurance while the database cannot be reached).
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(private readonly limits: Pick<Limits, 'rateLimit' | 'rateWindowSeconds'>, store?: Database) {
    const budget = { points: limits.rateLimit, duration: limits.rateWindowSeconds };
    this.limiter = store
      ? new RateLimiterDrizzle({ ...budget, storeClient: store.db, schema: rateLimits, insuranceLimiter: new RateLimiterMemory(budget) })
      : new RateLimiterMemory(budget);
  }

  /** Null when `key` may go on; otherwise the 429 response to send. */
  async consume(key: string): Promise<Response | null> {
    try {
      await this.limiter.consume(key);
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return refusal(429, LimitCode.RATE_LIMITED, `More than ${this.limits.rateLimit} operations in ${this.limits.rateWindowSeconds} s; retry in ${retryAfter} s`, {
        'retry-after': String(retryAfter),
      });
    }
  }
}

/**
 * graphql-js reports a variable of the wrong type or an unknown enum value without a code; give
 * it Apollo's BAD_USER_INPUT so clients can tell bad input from a failure, as the subgraphs do.
 */
export const variableErrorCodePlugin = {
  onExecute() {
    return {
      onExecuteDone({ result, setResult }: { result: unknown; setResult: (result: ExecutionResult) => void }) {
        const executed = result as ExecutionResult;
        if (!executed || typeof executed !== 'object' || !Array.isArray(executed.errors)) return;
        let changed = false;
        const errors = executed.errors.map((error) => {
          if (error.extensions?.code || error.path || !/^Variable "\$/.test(error.message)) return error;
          changed = true;
          return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
        });
        if (changed) setResult({ ...executed, errors });
      },
    };
  },
};
