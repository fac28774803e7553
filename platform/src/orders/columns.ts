import { integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Channel } from '../channel/registry.ts';

/*
 * The columns every department order shares (housing's work orders, heating's orders): an order
 * answers one appeal of a channel and follows its own status machine. Under the names and types the
 * existing tables have, so tables built from these need no migration. Functions, because drizzle
 * needs fresh column builders for each table.
 */

const at = (name: string) => timestamp(name, { withTimezone: true });

/** The order's identity and the appeal it answers. */
export const orderColumns = () => ({
  id: uuid('id').primaryKey(),
  number: text('number').notNull().unique(),
  appealChannel: text('appeal_channel').$type<Channel>().notNull(),
  appealId: uuid('appeal_id').notNull(),
  /** Copied from the channel when the order is created, so lists need not ask the channel. */
  appealNumber: text('appeal_number').notNull(),
});

/** Status, version and times, after the order's own columns. */
export const orderStateColumns = <Status extends string>() => ({
  status: text('status').$type<Status>().notNull(),
  /** Number of transitions so far; the next timeline row gets version + 1. */
  version: integer('version').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** A timeline row's columns beside its id and the order's id (each table names that one). */
export const orderTimelineColumns = <Status extends string>() => ({
  sequence: integer('sequence').notNull(),
  action: text('action').notNull(),
  fromStatus: text('from_status').$type<Status>(),
  toStatus: text('to_status').$type<Status>().notNull(),
  actor: text('actor').notNull(),
  note: text('note'),
  at: at('at').notNull(),
});
