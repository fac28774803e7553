import { asc, eq } from 'drizzle-orm';
import {
  auditReveal,
  isUuid,
  notFound,
  primeAccess,
  revealedTexts,
  timelineNoteTexts,
  type Access,
  type Actor,
  type RevealedContact as PlatformRevealedContact,
  type Tx,
} from '@civicgraph/platform';
import { calls, hotlines, returnVisits, tickets, ticketTransitions } from '../db/tables.ts';

/** A caller's contact in full, as the shared RevealedContact type has it. */
export type RevealedContact = PlatformRevealedContact<'Call'> & { phone: string; address: null };

/**
 * The free text of the ticket, under the graph's field names (ticket.title, ticket.timeline.3.note...),
 * when this call opened it; a follow-up call only asked about it, and its caller may be someone else.
 */
async function ticketTextsOpenedBy(tx: Tx, callId: string, ticketId: string): Promise<Record<string, string | null>> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket || ticket.callId !== callId) return {};
  const visits = await tx.select().from(returnVisits).where(eq(returnVisits.ticketId, ticketId)).orderBy(asc(returnVisits.sequence));
  return {
    'ticket.title': ticket.title,
    'ticket.content': ticket.content,
    'ticket.reply.content': ticket.replyContent,
    ...Object.fromEntries(visits.map((v) => [`ticket.returnVisits.${v.sequence}.comment`, v.comment])),
    ...(await timelineNoteTexts(tx, ticketTransitions, ticketTransitions.ticketId, ticketId, 'ticket.timeline.')),
  };
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
    // The ticket's text is the call's when the call opened it (a follow-up call only asked about it).
    const opened = call.ticketId ? await ticketTextsOpenedBy(tx, call.id, call.ticketId) : {};
    const texts = revealedTexts({ summary: call.summary, ...opened }, [call.callerName]);
    const revealedAt = await auditReveal(tx, { access: who.access, clock: who.clock }, facts, {
      subgraph: 'hotline',
      recordType: 'Call',
      recordId: call.id,
      fields: [...(call.callerName ? ['callerPhone', 'callerName'] : ['callerPhone']), ...texts.map((t) => t.field)],
      reason,
    });
    return { recordType: 'Call', recordId: call.id, name: call.callerName, phone: call.callerPhone, address: null, texts, revealedAt };
  });
}
