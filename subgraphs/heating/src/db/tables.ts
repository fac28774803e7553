import { bigserial, doublePrecision, index, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orderColumns, orderStateColumns, orderTimelineColumns, yearCounterColumns } from '@civicgraph/platform';

export const heatingSchema = pgSchema('heating');

export type HeatingOrderStatus = 'REPORTED' | 'INSPECTING' | 'MEASURES_TAKEN' | 'RESOLVED' | 'UNRESOLVED';
export type MeasureKind =
  | 'PEAK_LOAD_BOILER_ON'
  | 'SUPPLY_PARAMETERS_RAISED'
  | 'PIPE_FLUSHED'
  | 'VALVE_ADJUSTED'
  | 'RADIATOR_BLEED'
  | 'OTHER';

/** An order to a heating company to fix a household's heating, answering one appeal. */
export const heatingOrders = heatingSchema.table(
  'heating_orders',
  {
    ...orderColumns(),
    companyId: text('company_id').notNull(),
    /** The housing bureau that ordered the company to act and supervises it. */
    supervisingAgencyId: text('supervising_agency_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** The household's address: personal data, never put in events. */
    address: text('address').notNull(),
    description: text('description'),
    ...orderStateColumns<HeatingOrderStatus>(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('heating_orders_appeal_idx').on(t.appealId),
    index('heating_orders_company_idx').on(t.companyId, t.status),
    index('heating_orders_supervising_idx').on(t.supervisingAgencyId),
    index('heating_orders_newest_idx').on(t.createdAt.desc(), t.id.desc()),
    index('heating_orders_region_idx').on(t.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * Temperatures measured at the household, in °C; any of the three may be missing. The room
 * temperature is judged against the company's standard in force when the reading was recorded.
 */
export const readings = heatingSchema.table(
  'readings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull().references(() => heatingOrders.id),
    supplyWaterC: doublePrecision('supply_water_c'),
    returnWaterC: doublePrecision('return_water_c'),
    roomC: doublePrecision('room_c'),
    standardRoomC: doublePrecision('standard_room_c').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('readings_latest_idx').on(t.orderId, t.takenAt.desc(), t.id.desc())],
);

export const measures = heatingSchema.table(
  'measures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull().references(() => heatingOrders.id),
    kind: text('kind').$type<MeasureKind>().notNull(),
    description: text('description').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('measures_order_idx').on(t.orderId, t.takenAt)],
);

export const orderTransitions = heatingSchema.table(
  'order_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull().references(() => heatingOrders.id),
    ...orderTimelineColumns<HeatingOrderStatus>(),
  },
  (t) => [uniqueIndex('order_transitions_sequence_idx').on(t.orderId, t.sequence)],
);

/** A company's room-temperature standard when it differs from the default (18 °C). */
export const companyStandards = heatingSchema.table('company_standards', {
  companyId: text('company_id').primaryKey(),
  roomMinC: doublePrecision('room_min_c').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Per-year counters behind the human-readable numbers (HT-2022-000001). */
export const numberCounters = heatingSchema.table('number_counters', yearCounterColumns());

export type HeatingOrderRow = typeof heatingOrders.$inferSelect;
export type ReadingRow = typeof readings.$inferSelect;
export type MeasureRow = typeof measures.$inferSelect;
export type OrderTransitionRow = typeof orderTransitions.$inferSelect;
export type CompanyStandardRow = typeof companyStandards.$inferSelect;
