import type { GraphQLFieldResolver } from 'graphql';
import { and, asc, eq, isNull, like, type SQL } from 'drizzle-orm';
import { invalidInput, isRegionCode, regionPrefix, type PersonalDataRevealRow, type SubgraphDefinition } from '@civicgraph/platform';
import { listReveals, type RevealsArgs } from '../audit/reveals.ts';
import type { AgenciesContext } from '../context.ts';
import { agencies, regions, type AgencyKind, type AgencyRow, type RegionRow } from '../db/tables.ts';

/** Throws INVALID_INPUT naming the argument, so a client can point at the field it sent. */
function requireRegionCode(argument: string, code: string): string {
  if (!isRegionCode(code)) throw invalidInput(argument, 'must be a six-digit administrative code');
  return code;
}

/**
 * Apollo calls __resolveReference(reference, context, info), not with field-resolver arguments;
 * this adapts a typed function to the resolver map's field-resolver slot.
 */
const referenceResolver = <Ref>(resolve: (reference: Ref, context: AgenciesContext) => unknown) =>
  ((reference: Ref, context: AgenciesContext) => resolve(reference, context)) as unknown as GraphQLFieldResolver<unknown, AgenciesContext>;

const byKind = (rows: AgencyRow[], kind: AgencyKind | null | undefined) => (kind ? rows.filter((a) => a.kind === kind) : rows);

export const resolvers: SubgraphDefinition<AgenciesContext>['resolvers'] = {
  Query: {
    region: (_: unknown, { code }: { code: string }, { loaders }: AgenciesContext) =>
      loaders.regionByCode.load(requireRegionCode('code', code)),

    regions: async (_: unknown, { parentCode }: { parentCode?: string | null }, { loaders, database }: AgenciesContext) => {
      if (parentCode == null) {
        return database.db.select().from(regions).where(isNull(regions.parentCode)).orderBy(asc(regions.code));
      }
      return loaders.regionsByParent.load(requireRegionCode('parentCode', parentCode));
    },

    agency: (_: unknown, { id }: { id: string }, { loaders }: AgenciesContext) => loaders.agencyById.load(id),

    agencies: async (
      _: unknown,
      { regionCode, includeSubregions, kind }: { regionCode?: string | null; includeSubregions?: boolean | null; kind?: AgencyKind | null },
      { database }: AgenciesContext,
    ) => {
      const conditions: SQL[] = [];
      if (regionCode != null) {
        requireRegionCode('regionCode', regionCode);
        // An explicit null means the same as the default: the whole subtree.
        conditions.push(includeSubregions === false ? eq(agencies.regionCode, regionCode) : like(agencies.regionCode, `${regionPrefix(regionCode)}%`));
      }
      if (kind) conditions.push(eq(agencies.kind, kind));
      return database.db.select().from(agencies).where(and(...conditions)).orderBy(asc(agencies.regionCode), asc(agencies.id));
    },

    personalDataReveals: (_: unknown, args: RevealsArgs, { database, access }: AgenciesContext) => listReveals(database.db, access, args),
  },

  PersonalDataReveal: {
    id: (row: PersonalDataRevealRow) => String(row.id),
    agency: (row: PersonalDataRevealRow, _: unknown, { loaders }: AgenciesContext) => (row.agencyId ? loaders.agencyById.load(row.agencyId) : null),
  },

  Region: {
    __resolveReference: referenceResolver<{ code: string }>((ref, { loaders }) => loaders.regionByCode.load(ref.code)),
    parent: (region: RegionRow, _: unknown, { loaders }: AgenciesContext) =>
      region.parentCode ? loaders.regionByCode.load(region.parentCode) : null,
    children: (region: RegionRow, _: unknown, { loaders }: AgenciesContext) => loaders.regionsByParent.load(region.code),
    agencies: async (
      region: RegionRow,
      { kind, includeSubregions }: { kind?: AgencyKind | null; includeSubregions?: boolean | null },
      { loaders }: AgenciesContext,
    ) => byKind(await loaders.agenciesByRegion.load({ code: region.code, includeSubregions: includeSubregions === true }), kind),
  },

  Agency: {
    __resolveReference: referenceResolver<{ id: string }>((ref, { loaders }) => loaders.agencyById.load(ref.id)),
    region: (agency: AgencyRow, _: unknown, { loaders }: AgenciesContext) => loaders.regionByCode.load(agency.regionCode),
    parent: (agency: AgencyRow, _: unknown, { loaders }: AgenciesContext) =>
      agency.parentId ? loaders.agencyById.load(agency.parentId) : null,
    children: (agency: AgencyRow, _: unknown, { loaders }: AgenciesContext) => loaders.agenciesByParent.load(agency.id),
  },
};
