import { isUuid } from '@civicgraph/platform';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import {
  requireDirectory,
  requireAppealNumber,
  appendEvent,
  maskFreeText,
  chinaDate,
  DomainError,
  ErrorCode,
  invalidInput,
  isRegionCode,
  notFound,
  optionalText,
  requireText,
  type Channel,
  type Clock,
  type Executor,
  type NewEvent,
  type Tx,
} from '@civicgraph/platform';
import { APPEAL_CHANNELS } from './appeal-channels.ts';
import { heatingOrders, numberCounters, orderTransitions, type HeatingOrderRow, type HeatingOrderStatus } from '../db/tables.ts';

import { latestRoomReading, standardOf } from './standards.ts';

/** Who acts, on which database, at what time. */
export interface Actor {
  db: Executor;
  clock: Clock;
  actor: string;
}

export const LIMITS = { address: 500, description: 2000, note: 2000 } as const;
// Kept as this module's export so existing imports stay; the check itself lives in platform.
export { isUuid };

/**
 * The heating-order status machine. MEASURES_TAKEN is entered by recording a measure (see
 * addMeasure): from INSPECTING, and again from UNRESOLVED when further measures are taken.
 * RESOLVED also needs the latest room reading to meet the company's standard (see resolveOrder).
 */
export const HEATING_TRANSITIONS = {
  inspect: { action: 'INSPECT', from: ['REPORTED'], to: 'INSPECTING' },
  takeMeasures: { action: 'TAKE_MEASURES', from: ['INSPECTING', 'UNRESOLVED'], to: 'MEASURES_TAKEN' },
  resolve: { action: 'RESOLVE', from: ['MEASURES_TAKEN'], to: 'RESOLVED' },
  markUnresolved: { action: 'MARK_UNRESOLVED', from: ['MEASURES_TAKEN'], to: 'UNRESOLVED' },
} as const satisfies Record<string, { action: string; from: readonly HeatingOrderStatus[]; to: HeatingOrderStatus }>;
export type HeatingTransitionName = keyof typeof HEATING_TRANSITIONS;
export type HeatingAction = 'REPORT' | (typeof HEATING_TRANSITIONS)[HeatingTransitionName]['action'];

/** What a HeatingOrderTransitioned event says: no address, no names. */
export interface HeatingOrderEventPayload extends Record<string, unknown> {
  number: string;
  appealChannel: Channel;
  appealId: string;
  appealNumber: string;
  action: HeatingAction;
  from: HeatingOrderStatus | null;
  to: HeatingOrderStatus;
  companyId: string;
  supervisingAgencyId: string;
  regionCode: string;
  actor: string;
  note: string | null;
  sequence: number;
}

export interface Step {
  action: HeatingAction;
  from: HeatingOrderStatus | null;
  actor: string;
  note: string | null;
  at: Date;
}

/** The timeline row and the event for a change already applied to `row`; the bulk demo seeder uses it too. */
export function recordOf(row: HeatingOrderRow, step: Step) {
  const transition: typeof orderTransitions.$inferInsert = {
    orderId: row.id,
    sequence: row.version,
    action: step.action,
    fromStatus: step.from,
    toStatus: row.status,
    actor: step.actor,
    note: step.note,
    at: step.at,
  };
  const payload: HeatingOrderEventPayload = {
    number: row.number,
    appealChannel: row.appealChannel,
    appealId: row.appealId,
    appealNumber: row.appealNumber,
    action: step.action,
    from: step.from,
    to: row.status,
    companyId: row.companyId,
    supervisingAgencyId: row.supervisingAgencyId,
    regionCode: row.regionCode,
    actor: step.actor,
    note: maskFreeText(step.note),
    sequence: row.version,
  };
  const event: NewEvent = {
    source: 'heating',
    aggregateType: 'HeatingOrder',
    aggregateId: row.id,
    type: 'HeatingOrderTransitioned',
    payload,
    occurredAt: step.at,
  };
  return { transition, event };
}

async function record(tx: Tx, row: HeatingOrderRow, step: Step): Promise<void> {
  const { transition, event } = recordOf(row, step);
  await tx.insert(orderTransitions).values(transition);
  await appendEvent(tx, event);
}

/** Reserves `count` consecutive numbers of the year in one statement; returns the first. */
export async function reserveNumbers(tx: Executor, year: number, count: number): Promise<number> {
  const [counter] = await tx
    .insert(numberCounters)
    .values({ year, last: count })
    .onConflictDoUpdate({ target: numberCounters.year, set: { last: sql`${numberCounters.last} + ${count}` } })
    .returning();
  return counter!.last - count + 1;
}

export const formatNumber = (year: number, n: number) => `HT-${year}-${String(n).padStart(6, '0')}`;
/** The year of an instant in China Standard Time (numbers run per local year). */
export const yearOf = (at: Date) => Number(chinaDate(at).slice(0, 4));

export interface CreateHeatingOrderInput {
  appealChannel: Channel;
  appealId: string;
  companyId: string;
  supervisingAgencyId: string;
  regionCode: string;
  address: string;
  description?: string | null;
  note?: string | null;
}

export async function createHeatingOrder(who: Actor, input: CreateHeatingOrderInput): Promise<HeatingOrderRow> {
  const address = requireText('address', input.address, { max: LIMITS.address, multiline: false });
  const description = optionalText('description', input.description, LIMITS.description);
  const note = optionalText('note', input.note, LIMITS.note);
  if (!isRegionCode(input.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
  if (!APPEAL_CHANNELS.includes(input.appealChannel)) throw invalidInput('appealChannel', `must be one of ${APPEAL_CHANNELS.join(', ')}`);
  const appealNumber = await requireAppealNumber(who.db, input.appealChannel, input.appealId);
  await requireDirectory(who.db, {
    regions: [{ field: 'regionCode', code: input.regionCode }],
    agencies: [
      { field: 'companyId', id: input.companyId, kinds: ['COMPANY'] },
      { field: 'supervisingAgencyId', id: input.supervisingAgencyId, kinds: ['BUREAU'] },
    ],
  });
  const at = who.clock.now();
  return who.db.transaction(async (tx) => {
    const year = yearOf(at);
    const number = formatNumber(year, await reserveNumbers(tx, year, 1));
    const [row] = await tx
      .insert(heatingOrders)
      .values({
        id: randomUUID(),
        number,
        appealChannel: input.appealChannel,
        appealId: input.appealId,
        appealNumber,
        companyId: input.companyId,
        supervisingAgencyId: input.supervisingAgencyId,
        regionCode: input.regionCode,
        address,
        description,
        status: 'REPORTED',
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await record(tx, row!, { action: 'REPORT', from: null, actor: who.actor, note, at });
    return row!;
  });
}

/** A check on the order as locked inside the writing transaction (role and company); throws to refuse. */
export type Authorize = (row: HeatingOrderRow) => Promise<void>;

/**
 * Locks the order for the rest of the transaction; NOT_FOUND when there is none. `authorize` runs
 * on the locked row before any rule, so a refused caller writes nothing.
 */
export async function lockOrder(tx: Tx, id: string, authorize?: Authorize): Promise<HeatingOrderRow> {
  if (!isUuid(id)) throw notFound('HeatingOrder', id);
  const [current] = await tx.select().from(heatingOrders).where(eq(heatingOrders.id, id)).for('update');
  if (!current) throw notFound('HeatingOrder', id);
  await authorize?.(current);
  return current;
}

export function refuse(current: HeatingOrderRow, what: string, allowed: readonly string[], action: string): never {
  throw new DomainError(
    ErrorCode.ILLEGAL_TRANSITION,
    `Cannot ${what} heating order ${current.number}: it is ${current.status}; allowed from ${allowed.join(', ')}`,
    { action, status: current.status },
  );
}

/** Applies a transition to a locked order and records it (timeline row and event) in the same transaction. */
export async function applyTransition(
  tx: Tx,
  who: Actor,
  current: HeatingOrderRow,
  name: HeatingTransitionName,
  note: string | null,
  changes: Partial<HeatingOrderRow> = {},
): Promise<HeatingOrderRow> {
  const rule = HEATING_TRANSITIONS[name];
  if (!(rule.from as readonly HeatingOrderStatus[]).includes(current.status)) refuse(current, name, rule.from, rule.action);
  const at = who.clock.now();
  const [updated] = await tx
    .update(heatingOrders)
    .set({ ...changes, status: rule.to, version: current.version + 1, updatedAt: at })
    .where(eq(heatingOrders.id, current.id))
    .returning();
  await record(tx, updated!, { action: rule.action, from: current.status, actor: who.actor, note, at });
  return updated!;
}

/** The company sends someone to inspect: REPORTED → INSPECTING. */
export function startInspection(who: Actor, id: string, note?: string | null, authorize?: Authorize) {
  const text = optionalText('note', note, LIMITS.note);
  return who.db.transaction(async (tx) => applyTransition(tx, who, await lockOrder(tx, id, authorize), 'inspect', text));
}

/** MEASURES_TAKEN → RESOLVED, only while the latest room reading meets the company's standard. */
export function resolveOrder(who: Actor, id: string, note?: string | null, authorize?: Authorize) {
  const text = optionalText('note', note, LIMITS.note);
  return who.db.transaction(async (tx) => {
    const current = await lockOrder(tx, id, authorize);
    if (current.status === 'MEASURES_TAKEN') {
      const standard = await standardOf(tx, current.companyId);
      const latest = await latestRoomReading(tx, current.id);
      if (!latest || latest.roomC === null || latest.roomC < standard) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          latest
            ? `Cannot resolve heating order ${current.number}: the latest room reading (${latest.roomC} °C at ${latest.takenAt.toISOString()}) is below the standard of ${standard} °C`
            : `Cannot resolve heating order ${current.number}: no room temperature has been recorded (the standard is ${standard} °C)`,
          { action: 'RESOLVE', status: current.status, standardRoomC: standard, latestRoomC: latest?.roomC ?? null },
        );
      }
    }
    return applyTransition(tx, who, current, 'resolve', text, { resolvedAt: who.clock.now() });
  });
}

/** The measures did not fix it: MEASURES_TAKEN → UNRESOLVED, until further measures are taken. */
export function markUnresolved(who: Actor, id: string, reason: string, authorize?: Authorize) {
  const text = requireText('reason', reason, { max: LIMITS.note });
  return who.db.transaction(async (tx) => applyTransition(tx, who, await lockOrder(tx, id, authorize), 'markUnresolved', text));
}
