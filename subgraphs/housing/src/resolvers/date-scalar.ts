import { GraphQLScalarType, Kind } from 'graphql';
import { requireDate } from '../domain/dates.ts';

/** Calendar dates travel as YYYY-MM-DD strings, exactly as PostgreSQL's `date` returns them. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in China Standard Time, YYYY-MM-DD.',
  serialize: (value) => requireDate('Date', String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new TypeError('Date must be a YYYY-MM-DD string');
    return requireDate('Date', value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError('Date must be a YYYY-MM-DD string');
    return requireDate('Date', ast.value);
  },
});
