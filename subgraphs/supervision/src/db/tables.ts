import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appealColumns, rowReturnVisitColumns, timelineColumns } from '@civicgraph/platform';

export const supervisionSchema = pgSchema('supervision');

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Clues sent to the Internet + Supervision platform: the SUPERVISION channel's appeals (table name is a contract). */
export const clues = supervisionSchema.table(
  'clues',
  {
    ...appealColumns(),
    category: text('category'),
    /** GENERAL, IMPORTANT or SENSITIVE: the latter two may get visits, meetings and supervision orders. */
    sensitivity: text('sensitivity').notNull(),
    /** Personal data: stored for the handling office, never put in events, masked in the graph. */
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    /** The signed-in citizen who reported it (their token's subject), so they can read their own clues; null for staff entries. */
    reporterSubject: text('reporter_subject'),
    reportContent: text('report_content'),
    reportAgencyId: text('report_agency_id'),
    reportSubmittedAt: at('report_submitted_at'),
    reportApprovedAt: at('report_approved_at'),
    ...rowReturnVisitColumns(),
  },
  (t) => [
    index('clues_newest_idx').on(t.submittedAt.desc(), t.id.desc()),
    index('clues_status_idx').on(t.status),
    index('clues_assignee_idx').on(t.assigneeId),
    index('clues_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('clues_reporter_subject_idx').on(t.reporterSubject),
  ],
);

export const clueTransitions = supervisionSchema.table(
  'clue_transitions',
  {
    ...timelineColumns(),
    clueId: uuid('clue_id').notNull().references(() => clues.id),
  },
  (t) => [uniqueIndex('clue_transitions_sequence_idx').on(t.clueId, t.sequence)],
);

/** On-site visits and coordination meetings held for important or sensitive clues. */
export const clueInterventions = supervisionSchema.table(
  'clue_interventions',
  {
    id: uuid('id').primaryKey(),
    clueId: uuid('clue_id').notNull().references(() => clues.id),
    kind: text('kind').notNull(),
    heldAt: at('held_at').notNull(),
    agencyIds: text('agency_ids').array().notNull(),
    summary: text('summary').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('clue_interventions_clue_idx').on(t.clueId, t.heldAt)],
);

/** Per-kind, per-year counters behind the human-readable numbers (SUP-2022-000123, DBD-2022-000007). */
export const numberCounters = supervisionSchema.table(
  'number_counters',
  { kind: text('kind').notNull(), year: integer('year').notNull(), last: integer('last').notNull() },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

/** Supervision orders (督办单) about an appeal of any channel: issued by hand or by overdue escalation. */
export const supervisionOrders = supervisionSchema.table(
  'supervision_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    /** The appeal's id (a clue's, or any channel's case id). */
    appealId: uuid('appeal_id').notNull(),
    channel: text('channel').notNull(),
    issuingAgencyId: text('issuing_agency_id').notNull(),
    targetAgencyId: text('target_agency_id').notNull(),
    requirements: text('requirements').notNull(),
    dueAt: at('due_at').notNull(),
    /** ISSUED → ANSWERED → CLOSED. */
    status: text('status').notNull(),
    /** MANUAL, or ESCALATION when the overdue scheduler issued it. */
    origin: text('origin').notNull(),
    issuedAt: at('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
    answerContent: text('answer_content'),
    answeredAt: at('answered_at'),
    answeredBy: text('answered_by'),
    closedAt: at('closed_at'),
    closedBy: text('closed_by'),
    closingNote: text('closing_note'),
  },
  (t) => [
    index('supervision_orders_newest_idx').on(t.issuedAt.desc(), t.id.desc()),
    index('supervision_orders_appeal_idx').on(t.appealId),
    index('supervision_orders_target_idx').on(t.targetAgencyId),
  ],
);

export interface TeamMember {
  name: string;
  role: string;
  agencyId: string | null;
}

/** Inspection campaigns (专项督查): a team visiting regions over a period, with what it found. */
export const inspectionCampaigns = supervisionSchema.table(
  'inspection_campaigns',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    organizerAgencyId: text('organizer_agency_id').notNull(),
    team: jsonb('team').notNull().$type<TeamMember[]>(),
    regionCodes: text('region_codes').array().notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    createdAt: at('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('inspection_campaigns_newest_idx').on(t.startsAt.desc(), t.id.desc())],
);

export const inspectionFindings = supervisionSchema.table(
  'inspection_findings',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id').notNull().references(() => inspectionCampaigns.id),
    regionCode: text('region_code').notNull(),
    agencyId: text('agency_id'),
    summary: text('summary').notNull(),
    rectificationRequired: boolean('rectification_required').notNull(),
    recordedAt: at('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('inspection_findings_campaign_idx').on(t.campaignId, t.recordedAt)],
);

/**
 * The cross-channel case ledger: one row per appeal of any channel, written only by the ledger's
 * event consumer from AppealTransitioned events. State columns follow the newest event (by the
 * appeal's own sequence); the "first ... at" columns keep the earliest instant seen, so events
 * arriving out of order can neither roll the state back nor lose a milestone.
 */
export const cases = supervisionSchema.table(
  'cases',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    category: text('category'),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull(),
    assigneeId: text('assignee_id'),
    /** The office that dispatched the appeal to its assignee (from the channel's events); credited in KPIs too. */
    dispatcherId: text('dispatcher_id'),
    submittedAt: at('submitted_at').notNull(),
    dueAt: at('due_at'),
    satisfaction: text('satisfaction'),
    mergedIntoId: uuid('merged_into_id'),
    /** When the appeal first reached ASSIGNED (start of handling time, and the KPI period's key). */
    firstAssignedAt: at('first_assigned_at'),
    /** When the appeal first reached REPLIED. */
    repliedAt: at('replied_at'),
    /** When it reached a terminal state (CLOSED, REJECTED, MERGED); null while open. */
    closedAt: at('closed_at'),
    /** The appeal's sequence number of the newest event applied. */
    lastSequence: integer('last_sequence').notNull(),
    /** occurredAt of that event. */
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('cases_newest_idx').on(t.submittedAt.desc(), t.id.desc()),
    index('cases_number_idx').on(t.number),
    index('cases_assignee_idx').on(t.assigneeId, t.firstAssignedAt),
    index('cases_dispatcher_idx').on(t.dispatcherId, t.firstAssignedAt),
    index('cases_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('cases_open_due_idx').on(t.dueAt).where(sql`closed_at is null`),
  ],
);

/**
 * Overdue escalation steps: one row per case and level, ever. The primary key is what makes each
 * step happen exactly once however many replicas run the scheduler at the same moment.
 */
export const caseEscalations = supervisionSchema.table(
  'case_escalations',
  {
    caseId: uuid('case_id').notNull(),
    level: integer('level').notNull(),
    kind: text('kind').notNull(),
    at: at('at').notNull(),
    dueAt: at('due_at').notNull(),
    workingDaysOverdue: integer('working_days_overdue').notNull(),
    orderId: uuid('order_id'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.level] })],
);

/** The escalation rules every replica follows (one row, id 'default'). */
export const escalationPolicy = supervisionSchema.table('escalation_policy', {
  id: text('id').primaryKey(),
  orderAfterWorkingDays: integer('order_after_working_days').notNull(),
  noticeAfterWorkingDays: integer('notice_after_working_days').notNull(),
  orderDueWorkingDays: integer('order_due_working_days').notNull(),
  issuingAgencyId: text('issuing_agency_id').notNull(),
  updatedAt: at('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export type ClueRow = typeof clues.$inferSelect;
export type ClueTransitionRow = typeof clueTransitions.$inferSelect;
export type InterventionRow = typeof clueInterventions.$inferSelect;
export type OrderRow = typeof supervisionOrders.$inferSelect;
export type CampaignRow = typeof inspectionCampaigns.$inferSelect;
export type FindingRow = typeof inspectionFindings.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type EscalationRow = typeof caseEscalations.$inferSelect;
export type PolicyRow = typeof escalationPolicy.$inferSelect;
