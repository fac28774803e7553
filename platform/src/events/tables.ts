import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The writing transaction's 64-bit id (pg_current_xact_id), stored as a plain bigint so that every
 * tool compares and sorts it as a number.
 */
const txIdColumn = (name: string) => bigint(name, { mode: 'bigint' });

export const eventsSchema = pgSchema('events');

/**
 * The append-only event log shared by every channel (the transactional outbox). An event's position
 * is (tx_id, seq): tx_id is the writing transaction's id, so readers can tell which transactions may
 * still commit (see event-log.ts).
 */
export const eventLog = eventsSchema.table(
  'event_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    txId: txIdColumn('tx_id').notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
    source: text('source').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_log_position_idx').on(t.txId, t.seq), index('event_log_aggregate_idx').on(t.aggregateType, t.aggregateId)],
);

/** Where each durable consumer has got to; updated in the same transaction as the consumer's effect. */
export const consumerPositions = eventsSchema.table('consumer_positions', {
  consumer: text('consumer').primaryKey(),
  txId: txIdColumn('tx_id').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
