import { eq } from 'drizzle-orm';
import { auditReveal, notFound, type Access, type Clock, type Executor } from '@civicgraph/platform';
import { factsOf } from '../access.ts';
import { messages } from '../db/tables.ts';
import { isMessageId } from './messages.ts';

export interface RevealedContact {
  recordType: 'Message';
  recordId: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  revealedAt: Date;
}

const FIELDS = ['posterName', 'posterPhone', 'posterAddress'];

/**
 * The poster's contact in full. auditReveal checks role, scope, reach and reason against the row
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
    const revealedAt = await auditReveal(tx, who, factsOf(row), {
      subgraph: 'board',
      recordType: 'Message',
      recordId: row.id,
      fields: FIELDS,
      reason,
    });
    return { recordType: 'Message', recordId: row.id, name: row.posterName, phone: row.posterPhone, address: row.posterAddress, revealedAt };
  });
}
