import { randomUUID } from 'node:crypto';
import { and, eq, gt, lte } from 'drizzle-orm';
import {
  CHANNELS,
  invalidInput,
  isDissatisfied,
  isRegionCode,
  normalizePhone,
  notFound,
  optionalText,
  requireRegions,
  unknownReference,
  regionPrefix,
  primeAccess,
  requireText,
  reserveNumbers,
  Role,
  type Actor,
  type Satisfaction,
  type Tx,
} from '@civicgraph/platform';
import { calls, categories, hotlines, seats, shifts, tickets, type CallRow, type HotlineRow } from '../db/tables.ts';
import { deadlineClassFor, URGENCIES, type DeadlineClass, type Urgency } from './deadlines.ts';
import { FCR_STEPS_AFTER_OPEN, resolveOnCall } from './first-contact.ts';
import { isUuid, LIMITS, openedRow, TicketHistory } from './ticket-model.ts';
import { categoryLabel, HOTLINE_CHANNEL, intakeOf, ticketFacts } from './channel.ts';
import { deadlineRuleFor } from './tickets.ts';
import { insertHistories } from './writes.ts';

export const CALL_OUTCOMES = ['TICKET_OPENED', 'RESOLVED_ON_CALL', 'INFORMATION_ONLY', 'FOLLOW_UP', 'TRANSFERRED', 'DROPPED'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface OpenTicketInput {
  title: string;
  content: string;
  categoryId: string;
  regionCode: string;
  urgency?: Urgency | null;
}

export interface RecordCallInput {
  hotlineId: string;
  seatId: string;
  agentHandle?: string | null;
  startedAt?: Date | null;
  durationSeconds: number;
  callerPhone: string;
  callerName?: string | null;
  outcome: CallOutcome;
  summary?: string | null;
  ticket?: OpenTicketInput | null;
  answer?: string | null;
  satisfaction?: Satisfaction | null;
  ticketId?: string | null;
}

/** Who takes calls (and so opens tickets and resolves them on the call): agents of the office running the line. */
export const CALL_TAKERS: readonly Role[] = [Role.HOTLINE_AGENT, Role.ADMIN];

const MAX_CALL_SECONDS = 4 * 3600;
const CATEGORY_ID = /^[a-z0-9-]+\.[a-z0-9-]+$/;
/** First-contact resolution's steps are one second apart, the last when the call is recorded. */
const FCR_STEP_MS = 1000;

function checkTicketInput(input: OpenTicketInput) {
  const urgency = input.urgency ?? 'NORMAL';
  if (!URGENCIES.includes(urgency)) throw invalidInput('ticket.urgency', `must be one of ${URGENCIES.join(', ')}`);
  if (!CATEGORY_ID.test(input.categoryId)) throw invalidInput('ticket.categoryId', 'must name a category (domain.category), not a domain');
  if (!isRegionCode(input.regionCode)) throw invalidInput('ticket.regionCode', 'must be a six-digit administrative code');
  return {
    title: requireText('ticket.title', input.title, { max: LIMITS.title }),
    content: requireText('ticket.content', input.content, { max: LIMITS.content }),
    categoryId: input.categoryId,
    regionCode: input.regionCode,
    urgency,
  };
}

/** Everything that can be checked without the database, so a refusal reads nothing and writes nothing. */
function checkInput(input: RecordCallInput, now: Date) {
  if (!Number.isInteger(input.durationSeconds) || input.durationSeconds < 0 || input.durationSeconds > MAX_CALL_SECONDS) {
    throw invalidInput('durationSeconds', `must be a whole number of seconds from 0 to ${MAX_CALL_SECONDS}`);
  }
  const startedAt = input.startedAt ?? new Date(now.getTime() - input.durationSeconds * 1000);
  if (Number.isNaN(startedAt.getTime())) throw invalidInput('startedAt', 'is not a valid date-time');
  if (startedAt.getTime() + input.durationSeconds * 1000 > now.getTime()) throw invalidInput('startedAt', 'the call cannot end in the future');
  const opensTicket = input.outcome === 'TICKET_OPENED' || input.outcome === 'RESOLVED_ON_CALL';
  if (opensTicket !== Boolean(input.ticket)) {
    throw invalidInput('ticket', opensTicket ? `is required when the outcome is ${input.outcome}` : `only TICKET_OPENED and RESOLVED_ON_CALL open a ticket`);
  }
  const resolved = input.outcome === 'RESOLVED_ON_CALL';
  if (resolved !== Boolean(input.answer) || resolved !== Boolean(input.satisfaction)) {
    throw invalidInput(resolved ? (input.answer ? 'satisfaction' : 'answer') : 'answer', resolved
      ? 'the answer given on the call and the caller’s rating are required when the outcome is RESOLVED_ON_CALL'
      : 'an answer and a rating belong only to RESOLVED_ON_CALL');
  }
  if (resolved && isDissatisfied(input.satisfaction)) {
    throw invalidInput('satisfaction', 'a caller who is not satisfied was not resolved on the call: open a ticket instead');
  }
  if ((input.outcome === 'FOLLOW_UP') !== Boolean(input.ticketId)) {
    throw invalidInput('ticketId', input.outcome === 'FOLLOW_UP' ? 'is required when the outcome is FOLLOW_UP' : 'belongs only to FOLLOW_UP');
  }
  return {
    startedAt,
    callerPhone: normalizePhone('callerPhone', input.callerPhone),
    callerName: optionalText('callerName', input.callerName, LIMITS.callerName),
    summary: optionalText('summary', input.summary, LIMITS.summary),
    agentHandle: optionalText('agentHandle', input.agentHandle, LIMITS.agent),
    ticket: input.ticket ? checkTicketInput(input.ticket) : null,
    answer: resolved ? requireText('answer', input.answer!, { max: LIMITS.content }) : null,
  };
}

async function hotlineAndSeat(tx: Tx, hotlineId: string, seatId: string, startedAt: Date) {
  const [hotline] = await tx.select().from(hotlines).where(eq(hotlines.id, hotlineId));
  if (!hotline) throw notFound('Hotline', hotlineId);
  const [seat] = await tx.select().from(seats).where(eq(seats.id, seatId));
  if (!seat) throw notFound('Seat', seatId);
  if (seat.hotlineId !== hotline.id) throw invalidInput('seatId', `seat ${seatId} belongs to another hotline`);
  if (!seat.active) throw invalidInput('seatId', `seat ${seatId} is not staffed`);
  const [shift] = await tx
    .select()
    .from(shifts)
    .where(and(eq(shifts.seatId, seatId), lte(shifts.startsAt, startedAt), gt(shifts.endsAt, startedAt)))
    .limit(1);
  return { hotline, shift: shift ?? null };
}

async function checkTicketPlace(tx: Tx, hotline: HotlineRow, ticket: ReturnType<typeof checkTicketInput>) {
  const [category] = await tx.select().from(categories).where(eq(categories.id, ticket.categoryId));
  if (!category) throw unknownReference('ticket.categoryId', 'category', ticket.categoryId);
  await requireRegions(tx, [{ field: 'ticket.regionCode', code: ticket.regionCode }]);
  if (!ticket.regionCode.startsWith(regionPrefix(hotline.regionCode))) {
    throw invalidInput('ticket.regionCode', `${ticket.regionCode} is outside the area of ${hotline.name}`);
  }
  return category.deadlineClass as DeadlineClass;
}

/**
 * Records a call taken at a seat, with what came of it: a ticket opened for an agency to handle,
 * a question resolved on the call (first-contact resolution), information given, a follow-up on
 * an existing ticket, a transfer, or a dropped call. All in one transaction.
 */
export async function recordCall(who: Actor, input: RecordCallInput): Promise<CallRow> {
  const now = who.clock.now();
  const checked = checkInput(input, now);
  await primeAccess(who);
  return who.db.transaction(async (tx) => {
    const { hotline, shift } = await hotlineAndSeat(tx, input.hotlineId, input.seatId, checked.startedAt);
    await who.access?.requireAgency(CALL_TAKERS, hotline.agencyId, `take calls on ${hotline.id}`);
    const agentHandle = checked.agentHandle ?? shift?.agentHandle;
    if (!agentHandle) throw invalidInput('agentHandle', `nobody is on shift at seat ${input.seatId} then; name the agent`);
    const callId = randomUUID();
    if (input.ticketId) {
      const [asked] = isUuid(input.ticketId)
        ? await tx.select({ row: tickets, intakeAgencyId: intakeOf(tickets.hotlineId) }).from(tickets).where(eq(tickets.id, input.ticketId))
        : [];
      // Linking a call to a ticket the agent may not see would reveal that it exists. Its intake
      // office sees it after assigning it, so the citizen's follow-up calls are recorded there.
      if (!asked || (who.access && !(await who.access.canSee(ticketFacts(asked.row, asked.intakeAgencyId))))) throw notFound('Ticket', input.ticketId);
    }
    const ticketInput = checked.ticket;
    const categoryClass = ticketInput ? await checkTicketPlace(tx, hotline, ticketInput) : null;
    const ticketId = ticketInput ? randomUUID() : (input.ticketId ?? null);
    const [call] = await tx
      .insert(calls)
      .values({
        id: callId,
        hotlineId: hotline.id,
        seatId: input.seatId,
        shiftId: shift?.id ?? null,
        agentHandle,
        startedAt: checked.startedAt,
        durationSeconds: input.durationSeconds,
        callerPhone: checked.callerPhone,
        callerName: checked.callerName,
        outcome: input.outcome,
        summary: checked.summary,
        ticketId,
      })
      .returning();
    if (ticketInput && categoryClass && ticketId) {
      // The call and the ticket it opened point at each other; the ticket is written after the call.
      const resolved = input.outcome === 'RESOLVED_ON_CALL';
      // A resolved call's ticket passes every step of the lifecycle, one second apart, ending now.
      const openedAt = resolved ? new Date(now.getTime() - FCR_STEPS_AFTER_OPEN * FCR_STEP_MS) : now;
      const [number] = await reserveNumbers(tx, HOTLINE_CHANNEL.numbers, CHANNELS.HOTLINE.numberPrefix, openedAt);
      const row = openedRow({
        id: ticketId,
        number: number!,
        hotlineId: hotline.id,
        callId,
        ...ticketInput,
        deadlineClass: deadlineClassFor(categoryClass, ticketInput.urgency),
        submittedAt: openedAt,
        firstContactResolution: resolved,
      });
      // The call's summary stays on the call: free text typed during a call may name the caller, and events reach dashboards.
      const history = new TicketHistory(row, await categoryLabel(tx, row.categoryId), who.actor, [checked.callerName]);
      if (resolved) {
        resolveOnCall(history, {
          actor: who.actor,
          agencyId: hotline.agencyId,
          answer: checked.answer!,
          satisfaction: input.satisfaction!,
          rule: await deadlineRuleFor(tx, row.deadlineClass),
          stepMs: FCR_STEP_MS,
        });
      }
      await insertHistories(tx, { rows: [history.row], ...history });
    }
    return call!;
  });
}
