import { bigserial, date, index, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orderColumns, orderStateColumns, orderTimelineColumns, yearCounterColumns } from '@civicgraph/platform';

export const housingSchema = pgSchema('housing');

export type WorkOrderStatus = 'PLANNED' | 'IN_PROGRESS' | 'COMPLETED' | 'ACCEPTED' | 'CANCELLED';

/**
 * A work order for municipal works (a sidewalk, a road repair) that answers one appeal. Dates of the
 * plan and of the works are calendar dates (China Standard Time), kept as YYYY-MM-DD strings.
 */
export const workOrders = housingSchema.table(
  'work_orders',
  {
    ...orderColumns(),
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
    ...orderStateColumns<WorkOrderStatus>(),
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
    ...orderTimelineColumns<WorkOrderStatus>(),
  },
  (t) => [uniqueIndex('work_order_transitions_sequence_idx').on(t.workOrderId, t.sequence)],
);

/** Per-year counters behind the human-readable numbers (WO-2022-000001). */
export const numberCounters = housingSchema.table('number_counters', yearCounterColumns());

export type WorkOrderRow = typeof workOrders.$inferSelect;
export type WorkOrderTransitionRow = typeof workOrderTransitions.$inferSelect;
