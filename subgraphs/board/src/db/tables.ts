import { bigserial, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const boardSchema = pgSchema('board');

export const boards = boardSchema.table('boards', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  leaderTitle: text('leader_title').notNull(),
  regionCode: text('region_code').notNull(),
});

export const messages = boardSchema.table(
  'messages',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    boardId: text('board_id').notNull().references(() => boards.id),
    title: text('title').notNull(),
    content: text('content').notNull(),
    category: text('category'),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull(),
    /** Number of transitions so far; the next timeline row gets version + 1. */
    version: integer('version').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    assigneeId: text('assignee_id'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    replyContent: text('reply_content'),
    replyAgencyId: text('reply_agency_id'),
    replySubmittedAt: timestamp('reply_submitted_at', { withTimezone: true }),
    replyPublishedAt: timestamp('reply_published_at', { withTimezone: true }),
    satisfaction: text('satisfaction'),
    returnVisitComment: text('return_visit_comment'),
    returnVisitAt: timestamp('return_visit_at', { withTimezone: true }),
    returnVisitBy: text('return_visit_by'),
    mergedIntoId: uuid('merged_into_id'),
    /** The identity subject of the signed-in citizen who posted; null when seeded or posted by staff. */
    authorSubject: text('author_subject'),
    /*
     * How to reach the poster (return visits need it). Personal data: masked in every response,
     * revealed only by an audited mutation, never written to events.
     */
    posterName: text('poster_name'),
    /** Digits only, as normalizePhone leaves them. */
    posterPhone: text('poster_phone'),
    posterAddress: text('poster_address'),
  },
  (t) => [
    index('messages_newest_idx').on(t.submittedAt.desc(), t.id.desc()),
    index('messages_board_idx').on(t.boardId, t.submittedAt.desc()),
    index('messages_status_idx').on(t.status),
    index('messages_assignee_idx').on(t.assigneeId),
    index('messages_region_idx').on(t.regionCode),
    index('messages_author_idx').on(t.authorSubject),
  ],
);

export const messageTransitions = boardSchema.table(
  'message_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: uuid('message_id').notNull().references(() => messages.id),
    sequence: integer('sequence').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actor: text('actor').notNull(),
    agencyId: text('agency_id'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('message_transitions_sequence_idx').on(t.messageId, t.sequence)],
);

/** Per-year counters behind the human-readable numbers (BRD-2022-000123). */
export const numberCounters = boardSchema.table('number_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

export type MessageRow = typeof messages.$inferSelect;
export type BoardRow = typeof boards.$inferSelect;
export type TransitionRow = typeof messageTransitions.$inferSelect;
