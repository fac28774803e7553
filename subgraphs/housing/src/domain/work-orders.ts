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
import {
  numberCounters,
  workOrders,
  workOrderTransitions,
  type WorkOrderRow,
  type WorkOrderStatus,
} from '../db/tables.ts';
import { requireDate } from '@civicgraph/platform';
import { calendarDaysInclusive, requireNotFuture, today } from './dates.ts';
import { APPEAL_CHANNELS } from './appeal-channels.ts';


/** Who acts, on which database, at what time. */
export interface Actor {
  db: Executor;
  clock: Clock;
  actor: string;
}

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
export interface WorkOrderEventPayload extends Record<string, unknown> {
  number: string;
  appealChannel: Channel;
  appealId: string;
  appealNumber: string;
  action: WorkOrderAction;
  from: WorkOrderStatus | null;
  to: WorkOrderStatus;
  responsibleAgencyId: string;
  executingAgencyId: string | null;
  regionCode: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  actor: string;
  note: string | null;
  sequence: number;
}

export interface Step {
  action: WorkOrderAction;
  from: WorkOrderStatus | null;
  actor: string;
  note: string | null;
  at: Date;
}

/** The timeline row and the event for a change already applied to `row`; the bulk demo seeder uses it too. */
export function recordOf(row: WorkOrderRow, step: Step) {
  const transition: typeof workOrderTransitions.$inferInsert = {
    workOrderId: row.id,
    sequence: row.version,
    action: step.action,
    fromStatus: step.from,
    toStatus: row.status,
    actor: step.actor,
    note: step.note,
    at: step.at,
  };
  const payload: WorkOrderEventPayload = {
    number: row.number,
    appealChannel: row.appealChannel,
    appealId: row.appealId,
    appealNumber: row.appealNumber,
    action: step.action,
    from: step.from,
    to: row.status,
    responsibleAgencyId: row.responsibleAgencyId,
    executingAgencyId: row.executingAgencyId,
    regionCode: row.regionCode,
    plannedStart: row.plannedStart,
    plannedEnd: row.plannedEnd,
    actualStart: row.actualStart,
    actualEnd: row.actualEnd,
    actor: step.actor,
    note: maskFreeText(step.note),
    sequence: row.version,
  };
  const event: NewEvent = {
    source: 'housing',
    aggregateType: 'WorkOrder',
    aggregateId: row.id,
    type: WORK_ORDER_EVENT,
    payload,
    occurredAt: step.at,
  };
  return { transition, event };
}

async function record(tx: Tx, row: WorkOrderRow, step: Step): Promise<void> {
  const { transition, event } = recordOf(row, step);
  await tx.insert(workOrderTransitions).values(transition);
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

export const formatNumber = (year: number, n: number) => `WO-${year}-${String(n).padStart(6, '0')}`;
/** The year of an instant in China Standard Time (numbers run per local year). */
export const yearOf = (at: Date) => Number(chinaDate(at).slice(0, 4));

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
  return who.db.transaction(async (tx) => {
    const year = yearOf(at);
    const number = formatNumber(year, await reserveNumbers(tx, year, 1));
    const [row] = await tx
      .insert(workOrders)
      .values({
        id: randomUUID(),
        number,
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
        status: 'PLANNED',
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await record(tx, row!, { action: 'CREATE', from: null, actor: who.actor, note: valid.note, at });
    return row!;
  });
}

/** A check on the row as locked inside the writing transaction (role and agency); throws to refuse. */
export type Authorize = (row: WorkOrderRow) => Promise<void>;

interface TransitionOptions {
  note?: string | null;
  /** Called right after the row is locked, before any rule: a refusal writes nothing. */
  authorize?: Authorize;
  /** Further checks on the locked row, after the status rule passed. */
  check?: (row: WorkOrderRow) => void;
  /** Column changes beside the status. */
  changes?: (row: WorkOrderRow) => Partial<WorkOrderRow>;
}

/**
 * The one way a work order changes state: lock the row, check the status rule and the dates, apply
 * the change, write the timeline row and the event, all in one transaction: a refusal writes nothing.
 */
async function transition(who: Actor, id: string, name: WorkOrderTransitionName, options: TransitionOptions = {}) {
  if (!isUuid(id)) throw notFound('WorkOrder', id);
  const note = optionalText('note', options.note, LIMITS.note);
  const rule = WORK_ORDER_TRANSITIONS[name];
  const at = who.clock.now();
  return who.db.transaction(async (tx) => {
    const [current] = await tx.select().from(workOrders).where(eq(workOrders.id, id)).for('update');
    if (!current) throw notFound('WorkOrder', id);
    await options.authorize?.(current);
    if (!(rule.from as readonly WorkOrderStatus[]).includes(current.status)) {
      throw new DomainError(
        ErrorCode.ILLEGAL_TRANSITION,
        `Cannot ${name} work order ${current.number}: it is ${current.status}; allowed from ${rule.from.join(', ')}`,
        { action: rule.action, status: current.status },
      );
    }
    options.check?.(current);
    const [updated] = await tx
      .update(workOrders)
      .set({ ...options.changes?.(current), status: rule.to, version: current.version + 1, updatedAt: at })
      .where(eq(workOrders.id, id))
      .returning();
    await record(tx, updated!, { action: rule.action, from: current.status, actor: who.actor, note, at });
    return updated!;
  });
}

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
