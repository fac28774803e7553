import { bigserial, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/*
 * The columns every channel's appeal and timeline tables share, under the names and types the
 * existing tables have (so a table built from these needs no migration). Functions, because drizzle
 * needs fresh column builders for each table.
 */

const at = (name: string) => timestamp(name, { withTimezone: true });

/** id, number, title, content, region, status and version, times, assignee and deadline, satisfaction, merge. */
export const appealColumns = () => ({
  id: uuid('id').primaryKey(),
  number: text('number').notNull().unique(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  regionCode: text('region_code').notNull(),
  status: text('status').notNull(),
  /** Number of transitions so far; the next timeline row gets version + 1. */
  version: integer('version').notNull(),
  submittedAt: at('submitted_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  assigneeId: text('assignee_id'),
  dueAt: at('due_at'),
  /** From the latest return visit. */
  satisfaction: text('satisfaction'),
  mergedIntoId: uuid('merged_into_id'),
  /** The office that dispatched the appeal (written by the kit's forward step); it keeps the appeal in reach. */
  dispatcherId: text('dispatcher_id'),
});

/**
 * A return visit kept on the appeal's row (the board and the supervision platform; the hotline keeps
 * a table of them): its comment, when and by whom. The rating is the appeal's `satisfaction`.
 */
export const rowReturnVisitColumns = () => ({
  returnVisitComment: text('return_visit_comment'),
  returnVisitAt: at('return_visit_at'),
  returnVisitBy: text('return_visit_by'),
});

/** A timeline row's columns beside the appeal's id (each table names that one: message_id, ticket_id, clue_id). */
export const timelineColumns = () => ({
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  sequence: integer('sequence').notNull(),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  actor: text('actor').notNull(),
  agencyId: text('agency_id'),
  note: text('note'),
  at: at('at').notNull(),
});

/** Per-year counters behind the human-readable numbers (see numbering.ts). */
export const yearCounterColumns = () => ({
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});
