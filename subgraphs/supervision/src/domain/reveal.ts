import { revealAppealContact, type Access, type RevealedContact } from '@civicgraph/platform';
import { SUPERVISION_CHANNEL } from './channel.ts';
import type { Actor } from './common.ts';

export type { RevealedContact };

/**
 * The clue's reporter in full, and the clue's free text wherever it is shown masked (the kit's
 * audited reveal: nothing leaves before its audit row is written).
 */
export function revealClueReporter(who: Actor, access: Access, id: string, reason: string): Promise<RevealedContact> {
  return revealAppealContact(SUPERVISION_CHANNEL, { db: who.db, clock: who.clock, access }, id, reason, {
    fields: ['reporterName', 'reporterPhone'],
    contact: (row) => ({ name: row.reporterName, phone: row.reporterPhone, address: null }),
    texts: (row) => ({ title: row.title, content: row.content, 'resultsReport.content': row.reportContent, 'returnVisit.comment': row.returnVisitComment }),
    names: (row) => [row.reporterName],
  });
}
