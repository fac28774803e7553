import { integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The gateway's own schema: state that gateway replicas must share. */
export const gatewaySchema = pgSchema('gateway');

/** Operations counted per identity in the current window (rate-limiter-flexible's Drizzle store). */
export const rateLimits = gatewaySchema.table('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true }),
});
