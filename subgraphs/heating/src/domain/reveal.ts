import { eq } from 'drizzle-orm';
import {
  auditReveal,
  isUuid,
  notFound,
  revealedTexts,
  REVEAL_ROLES,
  timelineNoteTexts,
  type Access,
  type Clock,
  type Executor,
  type RevealedContact as PlatformRevealedContact,
} from '@civicgraph/platform';
import { heatingOrders, orderTransitions } from '../db/tables.ts';

export type RevealedContact = PlatformRevealedContact<'HeatingOrder'> & { name: null; phone: null; address: string };

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
    const notes = await timelineNoteTexts(tx, orderTransitions, orderTransitions.orderId, order.id);
    const texts = revealedTexts({ description: order.description, ...notes });
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
