import { asc, eq } from 'drizzle-orm';
import { auditReveal, isUuid, notFound, revealedTexts, REVEAL_ROLES, type Access, type Clock, type Executor, type RevealedText } from '@civicgraph/platform';
import { heatingOrders, orderTransitions } from '../db/tables.ts';

export interface RevealedContact {
  recordType: 'HeatingOrder';
  recordId: string;
  name: null;
  phone: null;
  address: string;
  texts: RevealedText[];
  revealedAt: Date;
}

/**
 * A household's address in full, for whoever must visit it: the role is checked before anything is
 * read; the company's reach, the scope and the reason by auditReveal, which writes the audit row in
 * the same transaction that reads the address. The address leaves only once the row is written.
 */
export async function revealHeatingAddress(
  { db, clock, access }: { db: Executor; clock: Clock; access: Access },
  id: string,
  reason: string,
): Promise<RevealedContact> {
  access.require(REVEAL_ROLES, 'reveal a household address');
  if (!isUuid(id)) throw notFound('HeatingOrder', id);
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: heatingOrders.id, companyId: heatingOrders.companyId, address: heatingOrders.address, description: heatingOrders.description })
      .from(heatingOrders)
      .where(eq(heatingOrders.id, id));
    if (!order) throw notFound('HeatingOrder', id);
    const notes = await tx.select().from(orderTransitions).where(eq(orderTransitions.orderId, order.id)).orderBy(asc(orderTransitions.sequence));
    const texts = revealedTexts({ description: order.description, ...Object.fromEntries(notes.map((n) => [`timeline.${n.sequence}.note`, n.note])) });
    const revealedAt = await auditReveal(tx, { access, clock }, { agencyId: order.companyId }, {
      subgraph: 'heating',
      recordType: 'HeatingOrder',
      recordId: order.id,
      fields: ['address', ...texts.map((t) => t.field)],
      reason,
    });
    return { recordType: 'HeatingOrder', recordId: order.id, name: null, phone: null, address: order.address, texts, revealedAt };
  });
}
