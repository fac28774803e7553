import { count, sql } from 'drizzle-orm';
import { chinaDate, fixedClock, rowsOf, type Executor, type Services } from '@civicgraph/platform';
import * as orders from '../domain/heating-orders.ts';
import * as observations from '../domain/observations.ts';
import { generateHeatingOrders } from './demo-generated.ts';
import { heatingOrders } from './tables.ts';

/** True when another subgraph's table exists in this database (that subgraph is deployed here). */
export async function tableExists(db: Executor, qualifiedName: string): Promise<boolean> {
  const [row] = rowsOf<{ found: boolean }>(await db.execute(sql`select to_regclass(${qualifiedName}) is not null as found`));
  return row?.found === true;
}

export interface HeatingSeedReport {
  /** The article's Changchun story: written, or why not. */
  changchun: 'written' | 'already seeded' | 'no supervision subgraph' | 'clue not found';
  generated: number;
}

/**
 * Demo heating orders, written once while there are none: the article's Changchun story through the
 * real domain functions, answering the supervision clue of 2022-11-30; then orders for the board's
 * 供热 (heating) messages in prefectures that have a heating company, written set-based. Appeals are
 * only read; when an appeal is missing its order is skipped, not invented.
 */
export async function seedDemoHeatingOrders(services: Services): Promise<HeatingSeedReport> {
  const { db } = services.database;
  const [existing] = await db.select({ n: count() }).from(heatingOrders);
  if (Number(existing?.n) > 0) return { changchun: 'already seeded', generated: 0 };
  return db.transaction(async (tx) => {
    const changchun = await seedChangchunHeating(tx);
    const generated = (await tableExists(tx, 'board.messages')) ? await generateHeatingOrders(tx) : 0;
    return { changchun, generated };
  });
}

/**
 * The clue is the supervision subgraph's: found by what it says (供热, heating) and the day it came
 * in. Its columns are read through to_jsonb so this does not depend on their names beyond `id`.
 */
async function findChangchunClue(db: Executor): Promise<{ id: string; regionCode: string | null } | null> {
  const rows = rowsOf<{ id: string; clue: Record<string, unknown> }>(
    await db.execute(sql`select c.id, to_jsonb(c) as clue from supervision.clues c where to_jsonb(c)->>'title' like '%供热%'`),
  );
  const onTheDay = (value: unknown) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && chinaDate(new Date(value)) === '2022-11-30';
  const clue = rows.find((row) => Object.values(row.clue).some(onTheDay));
  if (!clue) return null;
  const region = Object.entries(clue.clue).find(([key, value]) => /region/i.test(key) && typeof value === 'string' && /^2201\d{2}$/.test(value));
  return { id: clue.id, regionCode: (region?.[1] as string | undefined) ?? null };
}

/**
 * 2022-11-30: Mr. Wang in Changchun reports heating that comes and goes, supply water at 20–30 °C.
 * The district housing bureau orders the heating company to act: peak-load boiler on, supply
 * parameters raised; the room reaches the standard but is still cool, so the company keeps raising
 * them until the room is warm; resolved.
 */
async function seedChangchunHeating(db: Executor): Promise<HeatingSeedReport['changchun']> {
  if (!(await tableExists(db, 'supervision.clues'))) return 'no supervision subgraph';
  const clue = await findChangchunClue(db);
  if (!clue) {
    console.warn('heating demo: the Changchun heating clue of 2022-11-30 is not in supervision.clues; its order is skipped');
    return 'clue not found';
  }
  const clock = fixedClock(new Date('2022-11-30T11:45:00+08:00'));
  const as = (actor: string, at: string): orders.Actor => {
    clock.set(new Date(at));
    return { db, clock, actor };
  };
  const bureau = 'staff:cc-chaoyang-housing';
  const company = 'staff:cc-heating-co';
  const order = await orders.createHeatingOrder(as(bureau, '2022-11-30T11:45:00+08:00'), {
    appealChannel: 'SUPERVISION',
    appealId: clue.id,
    companyId: 'cc-heating-co',
    supervisingAgencyId: 'cc-chaoyang-housing',
    regionCode: clue.regionCode ?? '220104',
    address: '长春市朝阳区（来信人住址，见督查平台登记）',
    description: '供热时断时续，进水温度始终在二三十度',
    note: '市长公开电话办公室核实后转交属地住建局，责成供热企业派人处理',
  });
  const id = order.id;
  await orders.startInspection(as(company, '2022-11-30T13:00:00+08:00'), id, '派人入户检查');
  await observations.addReading(as(company, '2022-11-30T13:40:00+08:00'), id, {
    supplyWaterC: 25, roomC: 15, takenAt: new Date('2022-11-30T13:30:00+08:00'),
  });
  await observations.addMeasure(as(company, '2022-11-30T16:10:00+08:00'), id, {
    kind: 'PEAK_LOAD_BOILER_ON', description: '启用调峰锅炉进行升温', takenAt: new Date('2022-11-30T16:00:00+08:00'),
  });
  await observations.addMeasure(as(company, '2022-11-30T16:40:00+08:00'), id, {
    kind: 'SUPPLY_PARAMETERS_RAISED', description: '提高供热参数', takenAt: new Date('2022-11-30T16:30:00+08:00'),
  });
  await observations.addReading(as(company, '2022-12-01T07:10:00+08:00'), id, {
    supplyWaterC: 45, roomC: 18.5, takenAt: new Date('2022-12-01T07:00:00+08:00'),
  });
  await observations.addMeasure(as(company, '2022-12-01T07:40:00+08:00'), id, {
    kind: 'SUPPLY_PARAMETERS_RAISED',
    description: '室温虽已达标但仍偏低，继续稳步提升供热参数，保证室外降温时室内温度只增不减',
    takenAt: new Date('2022-12-01T07:30:00+08:00'),
  });
  await observations.addReading(as(company, '2022-12-01T09:05:00+08:00'), id, {
    roomC: 20, takenAt: new Date('2022-12-01T09:00:00+08:00'),
  });
  await orders.resolveOrder(as(bureau, '2022-12-01T09:15:00+08:00'), id, '目前该问题已得到妥善解决');
  return 'written';
}
