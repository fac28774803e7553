import { revealAppealContact, type Access, type Clock, type Executor, type RevealedContact } from '@civicgraph/platform';
import { BOARD_CHANNEL } from './channel.ts';

export type { RevealedContact };

/**
 * The poster's contact in full, and the message's free text wherever it is shown masked (the kit's
 * audited reveal: nothing leaves before its audit row is written).
 */
export function revealPoster(db: Executor, who: { access: Access; clock: Clock }, id: string, reason: string): Promise<RevealedContact> {
  return revealAppealContact(BOARD_CHANNEL, { db, ...who }, id, reason, {
    fields: ['posterName', 'posterPhone', 'posterAddress'],
    contact: (row) => ({ name: row.posterName, phone: row.posterPhone, address: row.posterAddress }),
    texts: (row) => ({ title: row.title, content: row.content, 'reply.content': row.replyContent, 'returnVisit.comment': row.returnVisitComment }),
    names: (row) => [row.posterName],
  });
}
