import { bigserial, date, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Channel } from '@civicgraph/platform';

export const housingSchema = pgSchema('housing');

export type WorkOrderStatus = 'PLANNED' | 'IN_PROGRESS' | 'COMPLETED' | 'ACCEPTED' | 'CANCELLED';

/**
 * A work order for municipal works (a sidewalk, a road repair) that answers one appeal. Dates of the
 * plan and of the works are calendar dates (China Standard Time), kept as YYYY-MM-DD strings.
 */
export const workOrders = housingSchema.table(
  'work_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    appealChannel: text('appeal_channel').$type<Channel>().notNull(),
    appealId: uuid('appeal_id').notNull(),
    /** Copied from the channel when the order is created, so lists need not ask the channel. */
    appealNumber: text('appeal_number').notNull(),
    /** The housing bureau answerable for the works. */
    responsibleAgencyId: text('responsible_agency_id').notNull(),
    /** The unit doing the works, e.g. the bureau's municipal engineering office. */
    executingAgencyId: text('executing_agency_id'),
    contractor: text('contractor'),
    title: text('title').notNull(),
    scope: text('scope'),
    regionCode: text('region_code').notNull(),
    location: text('location').notNull(),
    plannedStart: date('planned_start', { mode: 'string' }).notNull(),
    plannedEnd: date('planned_end', { mode: 'string' }).notNull(),
    actualStart: date('actual_start', { mode: 'string' }),
    actualEnd: date('actual_end', { mode: 'string' }),
    status: text('status').$type<WorkOrderStatus>().notNull(),
    /** Number of transitions so far; the next timeline row gets version + 1. */
    version: integer('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: text('accepted_by'),
  },
  (t) => [
    index('work_orders_appeal_idx').on(t.appealId),
    index('work_orders_newest_idx').on(t.createdAt.desc(), t.id.desc()),
    index('work_orders_responsible_idx').on(t.responsibleAgencyId),
    index('work_orders_executing_idx').on(t.executingAgencyId),
    index('work_orders_status_idx').on(t.status),
    // text_pattern_ops serves the `like '2205%'` region subtree filter.
    index('work_orders_region_idx').on(t.regionCode.op('text_pattern_ops')),
  ],
);

export const workOrderTransitions = housingSchema.table(
  'work_order_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workOrderId: uuid('work_order_id').notNull().references(() => workOrders.id),
    sequence: integer('sequence').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status').$type<WorkOrderStatus>(),
    toStatus: text('to_status').$type<WorkOrderStatus>().notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('work_order_transitions_sequence_idx').on(t.workOrderId, t.sequence)],
);

/** Per-year counters behind the human-readable numbers (WO-2022-000001). */
export const numberCounters = housingSchema.table('number_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

export type WorkOrderRow = typeof workOrders.$inferSelect;
export type WorkOrderTransitionRow = typeof workOrderTransitions.$inferSelect;
