import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes.ts';

export { ErrorCode };

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const notFound = (type: string, id: string) =>
  new DomainError(ErrorCode.NOT_FOUND, `${type} ${JSON.stringify(id)} does not exist`, { type, id });

export const invalidInput = (field: string, message: string) =>
  new DomainError(ErrorCode.INVALID_INPUT, `${field}: ${message}`, { field });
