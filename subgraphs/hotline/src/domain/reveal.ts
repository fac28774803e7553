import { eq } from 'drizzle-orm';
import { auditReveal, isUuid, notFound, primeAccess, type Access, type Actor } from '@civicgraph/platform';
import { calls, hotlines, tickets } from '../db/tables.ts';

/** A caller's contact in full, as the shared RevealedContact type has it. */
export interface RevealedContact {
  recordType: 'Call';
  recordId: string;
  name: string | null;
  phone: string;
  address: null;
  revealedAt: Date;
}

/**
 * The caller's number and name in full, for a return visit or a callback. Audited: the audit row
 * (who, when, which call, which fields, why) is written in the transaction that reads the values,
 * and they are returned only once it is. Reach: the call's ticket when it opened or asked about one;
 * otherwise the office that runs the hotline, so an agent may call back their own line's callers.
 */
export async function revealCaller(who: Actor & { access: Access }, callId: string, reason: string): Promise<RevealedContact> {
  if (!isUuid(callId)) throw notFound('Call', callId);
  await primeAccess(who);
  return who.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ call: calls, agencyId: hotlines.agencyId, ticket: { assigneeId: tickets.assigneeId, regionCode: tickets.regionCode } })
      .from(calls)
      .innerJoin(hotlines, eq(hotlines.id, calls.hotlineId))
      .leftJoin(tickets, eq(tickets.id, calls.ticketId))
      .where(eq(calls.id, callId));
    if (!found) throw notFound('Call', callId);
    const { call, ticket } = found;
    // The office running the line received the ticket: it keeps calling back for the return visit.
    const facts = ticket ? { ...ticket, intakeAgencyId: found.agencyId } : { agencyId: found.agencyId };
    const revealedAt = await auditReveal(tx, { access: who.access, clock: who.clock }, facts, {
      subgraph: 'hotline',
      recordType: 'Call',
      recordId: call.id,
      fields: call.callerName ? ['callerPhone', 'callerName'] : ['callerPhone'],
      reason,
    });
    return { recordType: 'Call', recordId: call.id, name: call.callerName, phone: call.callerPhone, address: null, revealedAt };
  });
}
