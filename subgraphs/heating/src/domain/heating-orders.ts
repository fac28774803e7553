import { randomUUID } from 'node:crypto';
import {
  requireDirectory, requireAppealNumber, applyOrderTransition, DomainError, ErrorCode, insertOrder, invalidInput,
  isRegionCode, isUuid, lockOrder as lockAnyOrder, optionalText, orderTransition, refuseOrderStep, requireText,
  type Actor, type Authorize as OrderAuthorize, type Channel, type OrderEventPayload, type OrderSpec, type OrderStep,
  type Tx,
} from '@civicgraph/platform';
import { APPEAL_CHANNELS } from './appeal-channels.ts';
import { heatingOrders, numberCounters, orderTransitions, type HeatingOrderRow, type HeatingOrderStatus } from '../db/tables.ts';
import { latestRoomReading, standardOf } from './standards.ts';

export type { Actor };

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
export interface HeatingOrderEventPayload extends OrderEventPayload<HeatingOrderStatus, HeatingAction> {
  companyId: string;
  supervisingAgencyId: string;
}

export type Step = OrderStep<HeatingOrderStatus> & { action: HeatingAction };

/** Heating orders for the kit's lower half: status machine, timeline and events (the outbox). */
export const HEATING_ORDERS: OrderSpec<HeatingOrderRow, HeatingTransitionName> = {
  entity: 'HeatingOrder',
  noun: 'heating order',
  source: 'heating',
  eventType: 'HeatingOrderTransitioned',
  table: heatingOrders,
  timeline: { table: orderTransitions, orderKey: 'orderId' },
  numbers: { table: numberCounters, prefix: 'HT' },
  noteLimit: LIMITS.note,
  transitions: HEATING_TRANSITIONS,
  eventFields: (row): Partial<HeatingOrderEventPayload> => ({ companyId: row.companyId, supervisingAgencyId: row.supervisingAgencyId }),
};

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
  return who.db.transaction((tx) =>
    insertOrder(
      HEATING_ORDERS,
      tx,
      {
        id: randomUUID(),
        appealChannel: input.appealChannel,
        appealId: input.appealId,
        appealNumber,
        companyId: input.companyId,
        supervisingAgencyId: input.supervisingAgencyId,
        regionCode: input.regionCode,
        address,
        description,
        status: 'REPORTED',
        resolvedAt: null,
      },
      { action: 'REPORT', from: null, actor: who.actor, note, at },
    ),
  );
}

/** A check on the order as locked inside the writing transaction (role and company); throws to refuse. */
export type Authorize = OrderAuthorize<HeatingOrderRow>;

/** Locks the order for the rest of the transaction (NOT_FOUND when there is none), then `authorize` runs on it. */
export const lockOrder = (tx: Tx, id: string, authorize?: Authorize) => lockAnyOrder(HEATING_ORDERS, tx, id, authorize);

export const refuse = (current: HeatingOrderRow, what: string, allowed: readonly string[], action: string): never =>
  refuseOrderStep(HEATING_ORDERS, current, what, allowed, action);

/** Applies a transition to a locked order and records it (timeline row and event) in the same transaction. */
export const applyTransition = (tx: Tx, who: Actor, current: HeatingOrderRow, name: HeatingTransitionName, note: string | null, changes: Partial<HeatingOrderRow> = {}) =>
  applyOrderTransition(HEATING_ORDERS, tx, who, current, name, note, changes);

/** The company sends someone to inspect: REPORTED → INSPECTING. */
export function startInspection(who: Actor, id: string, note?: string | null, authorize?: Authorize) {
  return orderTransition(HEATING_ORDERS, who, id, 'inspect', { note, authorize });
}

/** MEASURES_TAKEN → RESOLVED, only while the latest room reading meets the company's standard. */
export function resolveOrder(who: Actor, id: string, note?: string | null, authorize?: Authorize) {
  return orderTransition(HEATING_ORDERS, who, id, 'resolve', {
    note,
    authorize,
    check: async (current, tx) => {
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
    },
    changes: () => ({ resolvedAt: who.clock.now() }),
  });
}

/** The measures did not fix it: MEASURES_TAKEN → UNRESOLVED, until further measures are taken. */
export function markUnresolved(who: Actor, id: string, reason: string, authorize?: Authorize) {
  return orderTransition(HEATING_ORDERS, who, id, 'markUnresolved', { note: requireText('reason', reason, { max: LIMITS.note }), authorize });
}
