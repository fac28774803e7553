import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import { invalidInput, notFound, requireText, type Access, type Executor } from '@civicgraph/platform';
import { hotlines, seats, shifts, type ShiftRow } from '../db/tables.ts';
import { CALL_TAKERS } from './calls.ts';
import { LIMITS } from './ticket-model.ts';

const MAX_SHIFT_MS = 24 * 3_600_000;
/** The longest range one `shifts` query may cover, so a roster read stays small. */
const MAX_RANGE_MS = 31 * 86_400_000;

export interface ScheduleShiftInput {
  seatId: string;
  agentHandle: string;
  agentName: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Puts an agent on a seat for a time; one seat holds one agent at a time. With `access` (requests),
 * only the call takers of the office running the seat's hotline (or an admin) may.
 */
export async function scheduleShift(db: Executor, input: ScheduleShiftInput, access?: Access): Promise<ShiftRow> {
  const agentHandle = requireText('agentHandle', input.agentHandle, { max: LIMITS.agent });
  const agentName = requireText('agentName', input.agentName, { max: LIMITS.callerName });
  if (Number.isNaN(input.startsAt.getTime()) || Number.isNaN(input.endsAt.getTime())) throw invalidInput('startsAt', 'is not a valid date-time');
  const length = input.endsAt.getTime() - input.startsAt.getTime();
  if (length <= 0) throw invalidInput('endsAt', 'must be after startsAt');
  if (length > MAX_SHIFT_MS) throw invalidInput('endsAt', 'a shift lasts at most 24 hours');
  await access?.readableAgencies(); // the agency tree, read before the transaction holds a lock
  return db.transaction(async (tx) => {
    // Locking the seat serialises scheduling on it, so two overlapping shifts cannot both pass the check.
    const [seat] = await tx.select().from(seats).where(eq(seats.id, input.seatId)).for('update');
    if (!seat) throw notFound('Seat', input.seatId);
    if (access) {
      const [hotline] = await tx.select({ agencyId: hotlines.agencyId }).from(hotlines).where(eq(hotlines.id, seat.hotlineId));
      await access.requireAgency(CALL_TAKERS, hotline!.agencyId, `schedule shifts on ${seat.hotlineId}`);
    }
    const [clash] = await tx
      .select({ agentHandle: shifts.agentHandle })
      .from(shifts)
      .where(and(eq(shifts.seatId, seat.id), lt(shifts.startsAt, input.endsAt), gt(shifts.endsAt, input.startsAt)))
      .limit(1);
    if (clash) throw invalidInput('startsAt', `seat ${seat.id} is already taken by ${clash.agentHandle} then`);
    const [row] = await tx
      .insert(shifts)
      .values({ id: randomUUID(), seatId: seat.id, agentHandle, agentName, startsAt: input.startsAt, endsAt: input.endsAt })
      .returning();
    return row!;
  });
}

/** Shifts overlapping [from, to) on the given seats, earliest first. */
export async function listShifts(db: Executor, seatIds: readonly string[], from: Date, to: Date): Promise<ShiftRow[]> {
  if (!(to > from)) throw invalidInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw invalidInput('to', 'a roster query covers at most 31 days');
  if (seatIds.length === 0) return [];
  return db
    .select()
    .from(shifts)
    .where(and(inArray(shifts.seatId, [...seatIds]), lt(shifts.startsAt, to), gt(shifts.endsAt, from)))
    .orderBy(asc(shifts.startsAt), asc(shifts.seatId));
}
