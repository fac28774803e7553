import { GraphQLError } from 'graphql';

/**
 * Stable `extensions.code` values. Clients branch on these; never rename one.
 * Apollo's own codes (GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT for variable coercion...) keep their meaning.
 */
export const ErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  INVALID_INPUT: 'INVALID_INPUT',
  DEADLINE_IN_PAST: 'DEADLINE_IN_PAST',
  INVALID_CURSOR: 'INVALID_CURSOR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const notFound = (type: string, id: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `${type} ${JSON.stringify(id)} does not exist`, { type, id });

export const invalidInput = (field: string, message: string) =>
  new DomainError(ErrorCode.INVALID_INPUT, `${field}: ${message}`, { field });
