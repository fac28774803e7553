import { asc, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Access } from '../auth/access.ts';
import { auditReveal } from '../auth/personal-data.ts';
import type { Clock } from '../clock.ts';
import type { Executor, Tx } from '../db/database.ts';
import { revealedTexts, type KnownNames, type RevealedText } from '../privacy/free-text.ts';
import type { AppealRow } from './appeal-row.ts';
import { lockAppeal } from './executor.ts';
import { CHANNELS } from './registry.ts';
import type { ChannelSpec } from './spec.ts';

/** A person's contact in full with the free text that names them, as the SDL's RevealedContact has it. */
export interface RevealedContact<RecordType extends string = string> {
  recordType: RecordType;
  recordId: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  texts: RevealedText[];
  revealedAt: Date;
}

/** A timeline's notes under the graph's field names (`timeline.3.note`, or after `prefix`), for revealedTexts. */
export async function timelineNoteTexts(
  tx: Tx,
  timeline: PgTable & { sequence: PgColumn; note: PgColumn },
  appealColumn: PgColumn,
  appealId: string,
  prefix = 'timeline.',
): Promise<Record<string, string | null>> {
  const notes = (await tx
    .select({ sequence: timeline.sequence, note: timeline.note })
    .from(timeline as PgTable)
    .where(eq(appealColumn, appealId))
    .orderBy(asc(timeline.sequence))) as { sequence: number; note: string | null }[];
  return Object.fromEntries(notes.map((n) => [`${prefix}${n.sequence}.note`, n.note]));
}

/** What a channel reveals of an appeal's citizen: the contact columns and the free text beside the timeline's notes. */
export interface AppealContact<Row> {
  /** The personal fields revealed, as the audit row lists them. */
  fields: readonly string[];
  contact: (row: Row) => Pick<RevealedContact, 'name' | 'phone' | 'address'>;
  /** The appeal's own free text under the graph's field names (title, content, reply.content...). */
  texts: (row: Row) => Record<string, string | null>;
  names: (row: Row) => KnownNames;
}

/**
 * An appeal's citizen in full, and the appeal's free text wherever it is shown masked. auditReveal
 * checks role, scope, reach and reason against the row locked in this transaction and writes the
 * audit row; the values leave only after it succeeded.
 */
export function revealAppealContact<Row extends AppealRow>(
  spec: ChannelSpec<Row, any>,
  who: { db: Executor; access: Access; clock: Clock },
  id: string,
  reason: string,
  what: AppealContact<Row>,
): Promise<RevealedContact> {
  const { entity, subgraph } = CHANNELS[spec.channel];
  return who.db.transaction(async (tx) => {
    const { row, facts } = await lockAppeal(spec, tx, id);
    const timeline = spec.timeline.table as PgTable & Record<string, PgColumn>;
    const notes = await timelineNoteTexts(tx, timeline as never, timeline[spec.timeline.appealKey]!, row.id);
    const texts = revealedTexts({ ...what.texts(row), ...notes }, what.names(row));
    const revealedAt = await auditReveal(tx, who, facts, {
      subgraph,
      recordType: entity,
      recordId: row.id,
      fields: [...what.fields, ...texts.map((t) => t.field)],
      reason,
    });
    return { recordType: entity, recordId: row.id, ...what.contact(row), texts, revealedAt };
  });
}
