import { eq } from 'drizzle-orm';
import { appendEvent, invalidInput, requireText } from '@civicgraph/platform';
import { heatingOrders, measures, readings, type HeatingOrderRow, type HeatingOrderStatus, type MeasureKind } from '../db/tables.ts';
import { applyTransition, lockOrder, refuse, type Actor, type Authorize } from './heating-orders.ts';
import { standardOf } from './standards.ts';

/** Plausible bounds (°C): a value outside is a typing error, not a measurement. */
const RANGES = {
  supplyWaterC: { min: 0, max: 150 },
  returnWaterC: { min: 0, max: 150 },
  roomC: { min: -30, max: 45 },
} as const;

export interface ReadingInput {
  supplyWaterC?: number | null;
  returnWaterC?: number | null;
  roomC?: number | null;
  takenAt: Date;
}

export interface MeasureInput {
  kind: MeasureKind;
  description: string;
  takenAt: Date;
}

function requireTakenAt(takenAt: Date, now: Date): Date {
  if (Number.isNaN(takenAt.getTime())) throw invalidInput('takenAt', 'is not a valid date-time');
  if (takenAt.getTime() > now.getTime()) throw invalidInput('takenAt', `${takenAt.toISOString()} is in the future`);
  return takenAt;
}

function temperature(field: keyof typeof RANGES, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const { min, max } = RANGES[field];
  if (!Number.isFinite(value) || value < min || value > max) throw invalidInput(field, `must be between ${min} and ${max} °C`);
  return value;
}

const touch = (who: Actor, order: HeatingOrderRow) => ({ ...order, updatedAt: who.clock.now() });

/**
 * Records temperatures measured at the household, judged against the company's current standard.
 * Allowed until the order is RESOLVED; a resolved order is final.
 */
export async function addReading(who: Actor, id: string, input: ReadingInput, authorize?: Authorize): Promise<HeatingOrderRow> {
  const supplyWaterC = temperature('supplyWaterC', input.supplyWaterC);
  const returnWaterC = temperature('returnWaterC', input.returnWaterC);
  const roomC = temperature('roomC', input.roomC);
  if (supplyWaterC === null && returnWaterC === null && roomC === null) {
    throw invalidInput('roomC', 'a reading needs at least one temperature');
  }
  const takenAt = requireTakenAt(input.takenAt, who.clock.now());
  return who.db.transaction(async (tx) => {
    const order = await lockOrder(tx, id, authorize);
    if (order.status === 'RESOLVED') refuse(order, 'add a reading to', ['REPORTED', 'INSPECTING', 'MEASURES_TAKEN', 'UNRESOLVED'], 'ADD_READING');
    const standardRoomC = await standardOf(tx, order.companyId);
    const recordedAt = who.clock.now();
    await tx.insert(readings).values({ orderId: order.id, supplyWaterC, returnWaterC, roomC, standardRoomC, takenAt, recordedBy: who.actor, recordedAt });
    await tx.update(heatingOrders).set({ updatedAt: recordedAt }).where(eq(heatingOrders.id, order.id));
    await appendEvent(tx, {
      source: 'heating',
      aggregateType: 'HeatingOrder',
      aggregateId: order.id,
      type: 'HeatingReadingTaken',
      occurredAt: takenAt,
      payload: {
        number: order.number,
        companyId: order.companyId,
        supervisingAgencyId: order.supervisingAgencyId,
        regionCode: order.regionCode,
        supplyWaterC,
        returnWaterC,
        roomC,
        standardRoomC,
        meetsStandard: roomC === null ? null : roomC >= standardRoomC,
        takenAt: takenAt.toISOString(),
      },
    });
    return touch(who, order);
  });
}

/** States in which the company can act; from INSPECTING and UNRESOLVED, acting moves the order to MEASURES_TAKEN. */
const MEASURE_STATES: readonly HeatingOrderStatus[] = ['INSPECTING', 'MEASURES_TAKEN', 'UNRESOLVED'];

/** Records a measure the company took (peak-load boiler on, supply parameters raised...). */
export async function addMeasure(who: Actor, id: string, input: MeasureInput, authorize?: Authorize): Promise<HeatingOrderRow> {
  const description = requireText('description', input.description, { max: 2000 });
  const takenAt = requireTakenAt(input.takenAt, who.clock.now());
  return who.db.transaction(async (tx) => {
    const order = await lockOrder(tx, id, authorize);
    if (!MEASURE_STATES.includes(order.status)) refuse(order, 'take measures on', MEASURE_STATES, 'TAKE_MEASURES');
    const recordedAt = who.clock.now();
    await tx.insert(measures).values({ orderId: order.id, kind: input.kind, description, takenAt, recordedBy: who.actor, recordedAt });
    await appendEvent(tx, {
      source: 'heating',
      aggregateType: 'HeatingOrder',
      aggregateId: order.id,
      type: 'HeatingMeasureTaken',
      occurredAt: takenAt,
      payload: { number: order.number, companyId: order.companyId, regionCode: order.regionCode, kind: input.kind, description, takenAt: takenAt.toISOString() },
    });
    if (order.status === 'MEASURES_TAKEN') {
      await tx.update(heatingOrders).set({ updatedAt: recordedAt }).where(eq(heatingOrders.id, order.id));
      return touch(who, order);
    }
    return applyTransition(tx, who, order, 'takeMeasures', `${input.kind}: ${description}`);
  });
}
