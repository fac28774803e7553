import { asc, eq } from 'drizzle-orm';
import { auditReveal, notFound, revealedTexts, type Access, type Clock, type Executor, type RevealedText } from '@civicgraph/platform';
import { factsOf } from '../access.ts';
import { messages, messageTransitions } from '../db/tables.ts';
import { isMessageId } from './messages.ts';

export interface RevealedContact {
  recordType: 'Message';
  recordId: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  texts: RevealedText[];
  revealedAt: Date;
}

const FIELDS = ['posterName', 'posterPhone', 'posterAddress'];

/**
 * The poster's contact in full, and the message's free text wherever it is shown masked. auditReveal checks role, scope, reach and reason against the row
 * read in this transaction and writes the audit row; the values leave only after it succeeded.
 */
export async function revealPoster(
  db: Executor,
  who: { access: Access; clock: Clock },
  id: string,
  reason: string,
): Promise<RevealedContact> {
  if (!isMessageId(id)) throw notFound('Message', id);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(messages).where(eq(messages.id, id));
    if (!row) throw notFound('Message', id);
    const notes = await tx
      .select({ sequence: messageTransitions.sequence, note: messageTransitions.note })
      .from(messageTransitions)
      .where(eq(messageTransitions.messageId, row.id))
      .orderBy(asc(messageTransitions.sequence));
    const texts = revealedTexts(
      {
        title: row.title,
        content: row.content,
        'reply.content': row.replyContent,
        'returnVisit.comment': row.returnVisitComment,
        ...Object.fromEntries(notes.map((n) => [`timeline.${n.sequence}.note`, n.note])),
      },
      [row.posterName],
    );
    const revealedAt = await auditReveal(tx, who, factsOf(row), {
      subgraph: 'board',
      recordType: 'Message',
      recordId: row.id,
      fields: [...FIELDS, ...texts.map((t) => t.field)],
      reason,
    });
    return { recordType: 'Message', recordId: row.id, name: row.posterName, phone: row.posterPhone, address: row.posterAddress, texts, revealedAt };
  });
}
