import { bigserial, boolean, index, integer, pgSchema, serial, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appealColumns, timelineColumns, yearCounterColumns } from '@civicgraph/platform';

export const hotlineSchema = pgSchema('hotline');

/** A public hotline. Its id is the id of the office (agency) that runs it, e.g. jl-governor-hotline for 96118. */
export const hotlines = hotlineSchema.table('hotlines', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  phoneNumber: text('phone_number').notNull(),
  agencyId: text('agency_id').notNull(),
  regionCode: text('region_code').notNull(),
});

/** A staffed position in a hotline's call centre. */
export const seats = hotlineSchema.table(
  'seats',
  {
    id: text('id').primaryKey(),
    hotlineId: text('hotline_id').notNull().references(() => hotlines.id),
    label: text('label').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('seats_hotline_idx').on(t.hotlineId)],
);

/** Who sits at a seat from when to when. */
export const shifts = hotlineSchema.table(
  'shifts',
  {
    id: uuid('id').primaryKey(),
    seatId: text('seat_id').notNull().references(() => seats.id),
    agentHandle: text('agent_handle').notNull(),
    agentName: text('agent_name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('shifts_seat_idx').on(t.seatId, t.startsAt)],
);

/**
 * The category tree: domains (parent null) and their categories. Ids are dotted slugs
 * (water, water.outage), so a domain's subtree is its id plus the ids that start with `id.`.
 */
export const categories = hotlineSchema.table(
  'categories',
  {
    id: text('id').primaryKey(),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    deadlineClass: text('deadline_class').notNull(),
    sortOrder: integer('sort_order').notNull(),
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);

/**
 * Category + region → the agency that handles such tickets by default. categoryId null means any
 * category; the rule covers the region and everything below it. See domain/routing.ts for precedence.
 */
export const routingRules = hotlineSchema.table(
  'routing_rules',
  {
    id: serial('id').primaryKey(),
    categoryId: text('category_id').references(() => categories.id),
    regionCode: text('region_code').notNull(),
    agencyId: text('agency_id').notNull(),
    note: text('note'),
  },
  (t) => [unique('routing_rules_scope_unique').on(t.categoryId, t.regionCode).nullsNotDistinct()],
);

/** How long each deadline class gives the handling agency: calendar hours or working days. */
export const deadlineRules = hotlineSchema.table('deadline_rules', {
  deadlineClass: text('deadline_class').primaryKey(),
  unit: text('unit').notNull(),
  amount: integer('amount').notNull(),
  description: text('description').notNull(),
});

/** Every call taken. The caller's phone is stored in full (return visits need it) and only ever shown masked. */
export const calls = hotlineSchema.table(
  'calls',
  {
    id: uuid('id').primaryKey(),
    hotlineId: text('hotline_id').notNull().references(() => hotlines.id),
    seatId: text('seat_id').notNull().references(() => seats.id),
    shiftId: uuid('shift_id'),
    agentHandle: text('agent_handle').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    callerPhone: text('caller_phone').notNull(),
    callerName: text('caller_name'),
    outcome: text('outcome').notNull(),
    summary: text('summary'),
    /** The ticket the call opened, or the one a follow-up call asked about. */
    ticketId: uuid('ticket_id'),
  },
  (t) => [
    index('calls_newest_idx').on(t.startedAt.desc(), t.id.desc()),
    index('calls_hotline_idx').on(t.hotlineId, t.startedAt.desc()),
    index('calls_ticket_idx').on(t.ticketId),
  ],
);

/** The HOTLINE channel's appeals. */
export const tickets = hotlineSchema.table(
  'tickets',
  {
    ...appealColumns(),
    hotlineId: text('hotline_id').notNull().references(() => hotlines.id),
    callId: uuid('call_id').notNull(),
    categoryId: text('category_id').notNull().references(() => categories.id),
    urgency: text('urgency').notNull(),
    deadlineClass: text('deadline_class').notNull(),
    replyContent: text('reply_content'),
    replyAgencyId: text('reply_agency_id'),
    replySubmittedAt: timestamp('reply_submitted_at', { withTimezone: true }),
    replyPublishedAt: timestamp('reply_published_at', { withTimezone: true }),
    firstContactResolution: boolean('first_contact_resolution').notNull().default(false),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** When it reached a terminal state (CLOSED, REJECTED, MERGED). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('tickets_newest_idx').on(t.submittedAt.desc(), t.id.desc()),
    index('tickets_hotline_idx').on(t.hotlineId, t.submittedAt.desc()),
    index('tickets_status_idx').on(t.status),
    index('tickets_assignee_idx').on(t.assigneeId),
    index('tickets_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('tickets_category_idx').on(t.categoryId.op('text_pattern_ops')),
    index('tickets_due_idx').on(t.dueAt),
  ],
);

export const ticketTransitions = hotlineSchema.table(
  'ticket_transitions',
  {
    ...timelineColumns(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    /** The deadline in force after this step: a reopening sets a new one, and the digest must still see the old. */
    dueAt: timestamp('due_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('ticket_transitions_sequence_idx').on(t.ticketId, t.sequence),
    // The digest looks up the reopenings and the deadlines of a week.
    index('ticket_transitions_action_idx').on(t.action, t.at),
    index('ticket_transitions_due_idx').on(t.dueAt),
  ],
);

/** Every return visit (回访) to the citizen: a reopened ticket gets another one. */
export const returnVisits = hotlineSchema.table(
  'return_visits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
    sequence: integer('sequence').notNull(),
    satisfaction: text('satisfaction').notNull(),
    comment: text('comment'),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('return_visits_sequence_idx').on(t.ticketId, t.sequence)],
);

/** Per-year counters behind the human-readable numbers (HOT-2022-000123). */
export const numberCounters = hotlineSchema.table('number_counters', yearCounterColumns());

export type HotlineRow = typeof hotlines.$inferSelect;
export type SeatRow = typeof seats.$inferSelect;
export type ShiftRow = typeof shifts.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type RoutingRuleRow = typeof routingRules.$inferSelect;
export type DeadlineRuleRow = typeof deadlineRules.$inferSelect;
export type CallRow = typeof calls.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export type TransitionRow = typeof ticketTransitions.$inferSelect;
export type ReturnVisitRow = typeof returnVisits.$inferSelect;
