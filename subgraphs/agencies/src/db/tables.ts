import { index, pgSchema, text, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const agenciesSchema = pgSchema('agencies');

/** Values of the SDL enums, stored as-is (upper case) so no mapping sits between table and graph. */
export type RegionLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY' | 'TOWNSHIP';
export type AgencyKind = 'OFFICE' | 'COMMISSION' | 'BUREAU' | 'INSTITUTION' | 'TOWNSHIP' | 'COMPANY';

/** Administrative divisions (GB/T 2260 six-digit codes); a tree through parent_code. */
export const regions = agenciesSchema.table(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    level: text('level').$type<RegionLevel>().notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => regions.code),
  },
  (t) => [index('regions_parent_code_idx').on(t.parentCode)],
);

/** Offices, bureaus, commissions, townships and companies; a tree through parent_id. */
export const agencies = agenciesSchema.table(
  'agencies',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').$type<AgencyKind>().notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    parentId: text('parent_id').references((): AnyPgColumn => agencies.id),
  },
  (t) => [
    // text_pattern_ops serves both equality and the `like '2201%'` subtree filter (see regionPrefix).
    index('agencies_region_code_idx').on(t.regionCode.op('text_pattern_ops')),
    index('agencies_parent_id_idx').on(t.parentId),
    index('agencies_kind_idx').on(t.kind),
  ],
);

export type RegionRow = typeof regions.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
