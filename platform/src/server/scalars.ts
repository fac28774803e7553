import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { requireDate } from '../validation.ts';

/** Calendar dates (China Standard Time) travel as YYYY-MM-DD strings, as PostgreSQL's `date` returns them. */
const DateScalar = new GraphQLScalarType<string, string>({
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

/** The shared scalars of platform/sdl/shared.graphql, given to every subgraph. */
export const SHARED_SCALARS = { DateTime: DateTimeResolver, Date: DateScalar };
