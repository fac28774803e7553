import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { invalidInput, requireAgencies, type Clock, type Executor } from '@civicgraph/platform';
import { companyStandards, readings, type CompanyStandardRow, type ReadingRow } from '../db/tables.ts';


/** The room temperature a heated home must reach, unless a company is configured otherwise (°C). */
export const DEFAULT_ROOM_STANDARD_C = 18;
/** Bounds for a configured standard: anything outside is a typo, not a policy. */
const STANDARD_RANGE = { min: 12, max: 26 } as const;

export async function standardOf(db: Executor, companyId: string): Promise<number> {
  const [row] = await db.select().from(companyStandards).where(eq(companyStandards.companyId, companyId));
  return row?.roomMinC ?? DEFAULT_ROOM_STANDARD_C;
}

/** The latest reading of an order that has a room temperature (by when it was taken). */
export async function latestRoomReading(db: Executor, orderId: string): Promise<ReadingRow | null> {
  const [row] = await db
    .select()
    .from(readings)
    .where(and(eq(readings.orderId, orderId), isNotNull(readings.roomC)))
    .orderBy(desc(readings.takenAt), desc(readings.id))
    .limit(1);
  return row ?? null;
}

/** The standard a company's customers' rooms are judged against, as the graph shows it. */
export interface HeatingStandard {
  companyId: string;
  roomMinC: number;
  isDefault: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export const standardView = (companyId: string, row: CompanyStandardRow | null): HeatingStandard =>
  row
    ? { companyId, roomMinC: row.roomMinC, isDefault: false, updatedAt: row.updatedAt, updatedBy: row.updatedBy }
    : { companyId, roomMinC: DEFAULT_ROOM_STANDARD_C, isDefault: true, updatedAt: null, updatedBy: null };

/** Configures a heating company's room standard. Readings already taken keep the standard they were judged by. */
export async function setHeatingStandard(
  who: { db: Executor; clock: Clock; actor: string },
  companyId: string,
  roomMinC: number,
): Promise<HeatingStandard> {
  if (!Number.isFinite(roomMinC) || roomMinC < STANDARD_RANGE.min || roomMinC > STANDARD_RANGE.max) {
    throw invalidInput('roomMinC', `must be between ${STANDARD_RANGE.min} and ${STANDARD_RANGE.max} °C`);
  }
  await requireAgencies(who.db, [{ field: 'companyId', id: companyId, kinds: ['COMPANY'] }]);
  const values = { companyId, roomMinC, updatedAt: who.clock.now(), updatedBy: who.actor };
  const [row] = await who.db
    .insert(companyStandards)
    .values(values)
    .onConflictDoUpdate({ target: companyStandards.companyId, set: values })
    .returning();
  return standardView(companyId, row!);
}
