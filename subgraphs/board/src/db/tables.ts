import { index, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appealColumns, rowReturnVisitColumns, timelineColumns, yearCounterColumns } from '@civicgraph/platform';

export const boardSchema = pgSchema('board');

export const boards = boardSchema.table('boards', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  leaderTitle: text('leader_title').notNull(),
  regionCode: text('region_code').notNull(),
  /** The office that runs the board (the party committee's general office for its secretary's): it alone rejects at review. */
  officeId: text('office_id'),
});

export const messages = boardSchema.table(
  'messages',
  {
    ...appealColumns(),
    boardId: text('board_id').notNull().references(() => boards.id),
    category: text('category'),
    replyContent: text('reply_content'),
    replyAgencyId: text('reply_agency_id'),
    replySubmittedAt: timestamp('reply_submitted_at', { withTimezone: true }),
    replyPublishedAt: timestamp('reply_published_at', { withTimezone: true }),
    ...rowReturnVisitColumns(),
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
    ...timelineColumns(),
    messageId: uuid('message_id').notNull().references(() => messages.id),
  },
  (t) => [uniqueIndex('message_transitions_sequence_idx').on(t.messageId, t.sequence)],
);

/** Per-year counters behind the human-readable numbers (BRD-2022-000123). */
export const numberCounters = boardSchema.table('number_counters', yearCounterColumns());

export type MessageRow = typeof messages.$inferSelect;
export type BoardRow = typeof boards.$inferSelect;
export type TransitionRow = typeof messageTransitions.$inferSelect;
