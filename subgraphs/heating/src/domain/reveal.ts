import { eq } from 'drizzle-orm';
import { auditReveal, isUuid, notFound, REVEAL_ROLES, type Access, type Clock, type Executor } from '@civicgraph/platform';
import { heatingOrders } from '../db/tables.ts';

export interface RevealedContact {
  recordType: 'HeatingOrder';
  recordId: string;
  name: null;
  phone: null;
  address: string;
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
      .select({ id: heatingOrders.id, companyId: heatingOrders.companyId, address: heatingOrders.address })
      .from(heatingOrders)
      .where(eq(heatingOrders.id, id));
    if (!order) throw notFound('HeatingOrder', id);
    const revealedAt = await auditReveal(tx, { access, clock }, { agencyId: order.companyId }, {
      subgraph: 'heating',
      recordType: 'HeatingOrder',
      recordId: order.id,
      fields: ['address'],
      reason,
    });
    return { recordType: 'HeatingOrder', recordId: order.id, name: null, phone: null, address: order.address, revealedAt };
  });
}
