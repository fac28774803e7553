import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  DomainError,
  ErrorCode,
  notFound,
  optionalText,
  requireAgencies,
  requireFutureDeadline,
  requireText,
  reserveNumbers,
  TERMINAL_STATUSES,
  type AppealStatus,
  type Tx,
} from '@civicgraph/platform';
import { cases, clues, numberCounters, supervisionOrders, type OrderRow } from '../db/tables.ts';
import { ANSWER_ROLES } from '../access.ts';
import { isUuid, LIMITS, type Actor } from './common.ts';

export const ORDER_NUMBER_KIND = 'DBD';
/** Orders are numbered in the clues' counter table, under their own kind. */
const ORDER_NUMBERS = { table: numberCounters, kind: ORDER_NUMBER_KIND };

export interface IssueOrderInput {
  appealId: string;
  issuingAgencyId: string;
  targetAgencyId: string;
  requirements: string;
  dueAt: Date;
}

/** The appeal an order is about: a clue (which must be important or sensitive) or another channel's case. */
async function orderableAppeal(tx: Tx, appealId: string): Promise<{ channel: string }> {
  if (!isUuid(appealId)) throw notFound('Appeal', appealId);
  const [clue] = await tx.select().from(clues).where(eq(clues.id, appealId));
  const [ledgerCase] = clue ? [] : await tx.select().from(cases).where(eq(cases.id, appealId));
  const found = clue ?? ledgerCase;
  if (!found) throw notFound('Appeal', appealId);
  if (TERMINAL_STATUSES.includes(found.status as AppealStatus)) {
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `Appeal ${found.number} is ${found.status}: nothing left to supervise`, {
      status: found.status,
    });
  }
  if (clue && clue.sensitivity === 'GENERAL') {
    throw new DomainError(ErrorCode.INVALID_INPUT, `clue ${clue.number} is GENERAL: supervision orders are for important or sensitive clues`, {
      field: 'input.appealId',
    });
  }
  return { channel: clue ? 'SUPERVISION' : ledgerCase!.channel };
}

/** Issues a supervision order (督办单) by hand. */
export async function issueSupervisionOrder(who: Actor, input: IssueOrderInput): Promise<OrderRow> {
  const requirements = requireText('input.requirements', input.requirements, { max: LIMITS.content });
  const at = who.clock.now();
  requireFutureDeadline('input.dueAt', input.dueAt, at);
  return who.db.transaction(async (tx) => {
    const { channel } = await orderableAppeal(tx, input.appealId);
    await requireAgencies(tx, [{ field: 'input.issuingAgencyId', id: input.issuingAgencyId }, { field: 'input.targetAgencyId', id: input.targetAgencyId }]);
    const [number] = await reserveNumbers(tx, ORDER_NUMBERS, ORDER_NUMBER_KIND, at);
    const [row] = await tx
      .insert(supervisionOrders)
      .values({
        id: randomUUID(), number: number!, appealId: input.appealId, channel, issuingAgencyId: input.issuingAgencyId,
        targetAgencyId: input.targetAgencyId, requirements, dueAt: input.dueAt, status: 'ISSUED', origin: 'MANUAL',
        issuedAt: at, issuedBy: who.actor,
      })
      .returning();
    return row!;
  });
}

async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  if (!isUuid(id)) throw notFound('SupervisionOrder', id);
  const [row] = await tx.select().from(supervisionOrders).where(eq(supervisionOrders.id, id)).for('update');
  if (!row) throw notFound('SupervisionOrder', id);
  return row;
}

function requireStatus(row: OrderRow, expected: string, action: string): void {
  if (row.status !== expected) {
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `Cannot ${action} supervision order ${row.number}: it is ${row.status}, not ${expected}`, {
      action,
      status: row.status,
    });
  }
}

/** The target agency reports back: ISSUED → ANSWERED. */
export async function answerSupervisionOrder(who: Actor, id: string, content: string): Promise<OrderRow> {
  const text = requireText('content', content, { max: LIMITS.content });
  return who.db.transaction(async (tx) => {
    const order = await lockOrder(tx, id);
    // Only the agency the order was sent to (or one above it) answers it.
    await who.access?.requireAgency(ANSWER_ROLES, order.targetAgencyId, 'answer supervision orders');
    requireStatus(order, 'ISSUED', 'answer');
    const [row] = await tx
      .update(supervisionOrders)
      .set({ status: 'ANSWERED', answerContent: text, answeredAt: who.clock.now(), answeredBy: who.actor })
      .where(eq(supervisionOrders.id, id))
      .returning();
    return row!;
  });
}

/** The issuer accepts the answer: ANSWERED → CLOSED. */
export async function closeSupervisionOrder(who: Actor, id: string, note?: string | null): Promise<OrderRow> {
  const closingNote = optionalText('note', note, LIMITS.note);
  return who.db.transaction(async (tx) => {
    const order = await lockOrder(tx, id);
    requireStatus(order, 'ANSWERED', 'close');
    const [row] = await tx
      .update(supervisionOrders)
      .set({ status: 'CLOSED', closedAt: who.clock.now(), closedBy: who.actor, closingNote })
      .where(eq(supervisionOrders.id, id))
      .returning();
    return row!;
  });
}

export interface EscalationOrder {
  id: string;
  appealId: string;
  channel: string;
  issuingAgencyId: string;
  targetAgencyId: string;
  requirements: string;
  dueAt: Date;
}

/** Orders issued by the escalation scheduler, all in one statement (numbers reserved in one more). */
export async function insertEscalationOrders(tx: Tx, orders: EscalationOrder[], at: Date): Promise<void> {
  if (orders.length === 0) return;
  const numbers = await reserveNumbers(tx, ORDER_NUMBERS, ORDER_NUMBER_KIND, at, orders.length);
  await tx.insert(supervisionOrders).values(
    orders.map((o, i) => ({
      ...o, number: numbers[i]!, status: 'ISSUED', origin: 'ESCALATION',
      issuedAt: at, issuedBy: 'system:escalation',
    })),
  );
}
