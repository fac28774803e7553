import { randomUUID } from 'node:crypto';
import {
  requireDirectory, requireAppealNumber, insertOrder, invalidInput, isRegionCode, isUuid, optionalText,
  orderTransition, requireDate, requireText, type Actor, type Authorize as OrderAuthorize, type Channel,
  type OrderEventPayload, type OrderSpec, type OrderStep, type OrderTransitionOptions,
} from '@civicgraph/platform';
import { numberCounters, workOrders, workOrderTransitions, type WorkOrderRow, type WorkOrderStatus } from '../db/tables.ts';
import { calendarDaysInclusive, requireNotFuture, today } from './dates.ts';
import { APPEAL_CHANNELS } from './appeal-channels.ts';

export type { Actor };

export const WORK_ORDER_EVENT = 'WorkOrderTransitioned';
export const LIMITS = { title: 200, scope: 2000, location: 500, contractor: 200, note: 2000 } as const;
// Kept as this module's export so existing imports stay; the check itself lives in platform.
export { isUuid };

/** The work-order status machine: each action, the states it may start from, and where it leads. */
export const WORK_ORDER_TRANSITIONS = {
  start: { action: 'START', from: ['PLANNED'], to: 'IN_PROGRESS' },
  complete: { action: 'COMPLETE', from: ['IN_PROGRESS'], to: 'COMPLETED' },
  accept: { action: 'ACCEPT', from: ['COMPLETED'], to: 'ACCEPTED' },
  cancel: { action: 'CANCEL', from: ['PLANNED', 'IN_PROGRESS'], to: 'CANCELLED' },
} as const satisfies Record<string, { action: string; from: readonly WorkOrderStatus[]; to: WorkOrderStatus }>;
export type WorkOrderTransitionName = keyof typeof WORK_ORDER_TRANSITIONS;
export type WorkOrderAction = 'CREATE' | (typeof WORK_ORDER_TRANSITIONS)[WorkOrderTransitionName]['action'];

/** Durations in calendar days, both ends counted (see calendarDaysInclusive). */
export function durations(row: Pick<WorkOrderRow, 'plannedStart' | 'plannedEnd' | 'actualStart' | 'actualEnd'>) {
  const plannedDays = calendarDaysInclusive(row.plannedStart, row.plannedEnd);
  const actualDays = row.actualStart && row.actualEnd ? calendarDaysInclusive(row.actualStart, row.actualEnd) : null;
  return { plannedDays, actualDays, daysAheadOfPlan: actualDays === null ? null : plannedDays - actualDays };
}

/** What a WorkOrderTransitioned event says: no personal data, and not the location (it may be an address). */
export interface WorkOrderEventPayload extends OrderEventPayload<WorkOrderStatus, WorkOrderAction> {
  responsibleAgencyId: string;
  executingAgencyId: string | null;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
}

export type Step = OrderStep<WorkOrderStatus> & { action: WorkOrderAction };

/** Work orders for the kit's lower half: status machine, timeline and events (the outbox). */
export const WORK_ORDERS: OrderSpec<WorkOrderRow, WorkOrderTransitionName> = {
  entity: 'WorkOrder',
  noun: 'work order',
  source: 'housing',
  eventType: WORK_ORDER_EVENT,
  table: workOrders,
  timeline: { table: workOrderTransitions, orderKey: 'workOrderId' },
  numbers: { table: numberCounters, prefix: 'WO' },
  noteLimit: LIMITS.note,
  transitions: WORK_ORDER_TRANSITIONS,
  eventFields: (row): Partial<WorkOrderEventPayload> => ({
    responsibleAgencyId: row.responsibleAgencyId,
    executingAgencyId: row.executingAgencyId,
    plannedStart: row.plannedStart,
    plannedEnd: row.plannedEnd,
    actualStart: row.actualStart,
    actualEnd: row.actualEnd,
  }),
};

export interface CreateWorkOrderInput {
  appealChannel: Channel;
  appealId: string;
  responsibleAgencyId: string;
  executingAgencyId?: string | null;
  contractor?: string | null;
  title: string;
  scope?: string | null;
  regionCode: string;
  location: string;
  plannedStart: string;
  plannedEnd: string;
  note?: string | null;
}

/** Agencies that may answer for municipal works, and that may do them. */
const RESPONSIBLE_KINDS = ['BUREAU'] as const;
const EXECUTING_KINDS = ['BUREAU', 'INSTITUTION', 'COMPANY', 'TOWNSHIP'] as const;

/** Every check that needs no database: refused before anything is read or written. */
function validateCreate(input: CreateWorkOrderInput) {
  const title = requireText('title', input.title, { max: LIMITS.title });
  const location = requireText('location', input.location, { max: LIMITS.location, multiline: false });
  const scope = optionalText('scope', input.scope, LIMITS.scope);
  const contractor = optionalText('contractor', input.contractor, LIMITS.contractor);
  const note = optionalText('note', input.note, LIMITS.note);
  if (!isRegionCode(input.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
  const plannedStart = requireDate('plannedStart', input.plannedStart);
  const plannedEnd = requireDate('plannedEnd', input.plannedEnd);
  if (plannedEnd < plannedStart) throw invalidInput('plannedEnd', `${plannedEnd} is before plannedStart ${plannedStart}`);
  return { title, location, scope, contractor, note, plannedStart, plannedEnd };
}

export async function createWorkOrder(who: Actor, input: CreateWorkOrderInput): Promise<WorkOrderRow> {
  const valid = validateCreate(input);
  if (!APPEAL_CHANNELS.includes(input.appealChannel)) throw invalidInput('appealChannel', `must be one of ${APPEAL_CHANNELS.join(', ')}`);
  const appealNumber = await requireAppealNumber(who.db, input.appealChannel, input.appealId);
  await requireDirectory(who.db, {
    regions: [{ field: 'regionCode', code: input.regionCode }],
    agencies: [
      { field: 'responsibleAgencyId', id: input.responsibleAgencyId, kinds: RESPONSIBLE_KINDS },
      ...(input.executingAgencyId ? [{ field: 'executingAgencyId', id: input.executingAgencyId, kinds: EXECUTING_KINDS }] : []),
    ],
  });
  const at = who.clock.now();
  return who.db.transaction((tx) =>
    insertOrder(
      WORK_ORDERS,
      tx,
      {
        id: randomUUID(),
        appealChannel: input.appealChannel,
        appealId: input.appealId,
        appealNumber,
        responsibleAgencyId: input.responsibleAgencyId,
        executingAgencyId: input.executingAgencyId ?? null,
        contractor: valid.contractor,
        title: valid.title,
        scope: valid.scope,
        regionCode: input.regionCode,
        location: valid.location,
        plannedStart: valid.plannedStart,
        plannedEnd: valid.plannedEnd,
        actualStart: null,
        actualEnd: null,
        status: 'PLANNED',
        acceptedAt: null,
        acceptedBy: null,
      },
      { action: 'CREATE', from: null, actor: who.actor, note: valid.note, at },
    ),
  );
}

/** A check on the row as locked inside the writing transaction (role and agency); throws to refuse. */
export type Authorize = OrderAuthorize<WorkOrderRow>;

/** A step of the status machine through the kit: one transaction, a refusal writes nothing. */
const transition = (who: Actor, id: string, name: WorkOrderTransitionName, options: OrderTransitionOptions<WorkOrderRow> = {}) =>
  orderTransition(WORK_ORDERS, who, id, name, options);

/** Work starts on site (today unless the actual start date is given; never a future date). */
export function startWorkOrder(who: Actor, id: string, actualStart?: string | null, note?: string | null, authorize?: Authorize) {
  const now = who.clock.now();
  const date = requireNotFuture('actualStart', actualStart ? requireDate('actualStart', actualStart) : today(now), now);
  return transition(who, id, 'start', { note, authorize, changes: () => ({ actualStart: date }) });
}

/** Work is finished (today unless given; not in the future, not before it started). */
export function completeWorkOrder(who: Actor, id: string, actualEnd?: string | null, note?: string | null, authorize?: Authorize) {
  const now = who.clock.now();
  const date = requireNotFuture('actualEnd', actualEnd ? requireDate('actualEnd', actualEnd) : today(now), now);
  return transition(who, id, 'complete', {
    note,
    authorize,
    check: (row) => {
      if (row.actualStart && date < row.actualStart) {
        throw invalidInput('actualEnd', `${date} is before the actual start ${row.actualStart}`);
      }
    },
    changes: () => ({ actualEnd: date }),
  });
}

/** The responsible bureau inspects and accepts the finished works (验收). */
export function acceptWorkOrder(who: Actor, id: string, note?: string | null, authorize?: Authorize) {
  return transition(who, id, 'accept', { note, authorize, changes: () => ({ acceptedAt: who.clock.now(), acceptedBy: who.actor }) });
}

export function cancelWorkOrder(who: Actor, id: string, reason: string, authorize?: Authorize) {
  return transition(who, id, 'cancel', { note: requireText('reason', reason, { max: LIMITS.note }), authorize });
}
