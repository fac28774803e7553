import { auditReveal, type Access } from '@civicgraph/platform';
import { clueFacts } from '../access.ts';
import type { Actor } from './common.ts';
import { lockClue } from './clues.ts';

export interface RevealedContact {
  recordType: string;
  recordId: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  revealedAt: Date;
}

/**
 * The clue's reporter in full. The audit row is written in the transaction that reads the values
 * (auditReveal checks role, scope, reach and the reason first), so no value leaves without its row.
 */
export function revealClueReporter(who: Actor, access: Access, id: string, reason: string): Promise<RevealedContact> {
  return who.db.transaction(async (tx) => {
    const clue = await lockClue(tx, id);
    const revealedAt = await auditReveal(tx, { access, clock: who.clock }, clueFacts(clue), {
      subgraph: 'supervision', recordType: 'Clue', recordId: clue.id, fields: ['reporterName', 'reporterPhone'], reason,
    });
    return { recordType: 'Clue', recordId: clue.id, name: clue.reporterName, phone: clue.reporterPhone, address: null, revealedAt };
  });
}
