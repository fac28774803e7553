import { asc, eq } from 'drizzle-orm';
import { auditReveal, revealedTexts, type Access, type RevealedText } from '@civicgraph/platform';
import { clueTransitions } from '../db/tables.ts';
import { clueFacts } from '../access.ts';
import type { Actor } from './common.ts';
import { lockClue } from './clues.ts';

export interface RevealedContact {
  recordType: string;
  recordId: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  texts: RevealedText[];
  revealedAt: Date;
}

/**
 * The clue's reporter in full. The audit row is written in the transaction that reads the values
 * (auditReveal checks role, scope, reach and the reason first), so no value leaves without its row.
 */
export function revealClueReporter(who: Actor, access: Access, id: string, reason: string): Promise<RevealedContact> {
  return who.db.transaction(async (tx) => {
    const clue = await lockClue(tx, id);
    const notes = await tx.select().from(clueTransitions).where(eq(clueTransitions.clueId, clue.id)).orderBy(asc(clueTransitions.sequence));
    const texts = revealedTexts({
      title: clue.title,
      content: clue.content,
      'resultsReport.content': clue.reportContent,
      'returnVisit.comment': clue.returnVisitComment,
      ...Object.fromEntries(notes.map((n) => [`timeline.${n.sequence}.note`, n.note])),
    }, [clue.reporterName]);
    const revealedAt = await auditReveal(tx, { access, clock: who.clock }, clueFacts(clue), {
      subgraph: 'supervision', recordType: 'Clue', recordId: clue.id, fields: ['reporterName', 'reporterPhone', ...texts.map((t) => t.field)], reason,
    });
    return { recordType: 'Clue', recordId: clue.id, name: clue.reporterName, phone: clue.reporterPhone, address: null, texts, revealedAt };
  });
}
