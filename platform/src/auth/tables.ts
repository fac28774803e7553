import { bigserial, index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

export const accessSchema = pgSchema('access');

/** The audit trail of personal data revealed: who, when, which record, which fields, why. Append-only. */
export const personalDataReveals = accessSchema.table(
  'personal_data_reveals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    subject: text('subject').notNull(),
    agencyId: text('agency_id'),
    roles: text('roles').array().notNull(),
    subgraph: text('subgraph').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    fields: text('fields').array().notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('personal_data_reveals_record_idx').on(t.recordType, t.recordId), index('personal_data_reveals_at_idx').on(t.at.desc(), t.id.desc())],
);

export type PersonalDataRevealRow = typeof personalDataReveals.$inferSelect;
