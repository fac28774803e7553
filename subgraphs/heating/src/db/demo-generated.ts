import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { appendEvents, insertJsonRows, orderNumbersInOrder, orderRecordOf, rowsOf, seededRandom, type Executor, type NewEvent, type SeededRandom } from '@civicgraph/platform';
import { HEATING_ORDERS, type HeatingAction } from '../domain/heating-orders.ts';
import { DEFAULT_ROOM_STANDARD_C } from '../domain/standards.ts';
import { heatingOrders, measures, orderTransitions, readings, type HeatingOrderRow, type HeatingOrderStatus, type MeasureKind } from './tables.ts';

/** A board 供热 message its housing bureau took on, with the heating company of its prefecture. */
interface AppealRow {
  id: string;
  number: string;
  title: string;
  region_code: string;
  company_id: string;
  supervising_agency_id: string;
  acknowledged_at: string | Date;
  replied_at: string | Date | null;
}

const HOUR = 3_600_000;
const MEASURES: [MeasureKind, string][] = [
  ['PEAK_LOAD_BOILER_ON', '启用调峰锅炉进行升温'],
  ['SUPPLY_PARAMETERS_RAISED', '提高供热参数'],
  ['PIPE_FLUSHED', '冲洗户内管道，清除杂质'],
  ['VALVE_ADJUSTED', '调节单元平衡阀'],
  ['RADIATOR_BLEED', '暖气片排气'],
];

/** A temperature between min and max, to the half degree as readings are taken. */
const temperature = (rnd: SeededRandom, min: number, max: number) => Math.round(rnd.between(min, max) * 2) / 2;

type Event =
  | { kind: 'transition'; action: HeatingAction; to: HeatingOrderStatus; actor: string; note: string | null; at: Date }
  | { kind: 'reading'; supplyWaterC: number | null; returnWaterC: number | null; roomC: number; actor: string; at: Date }
  | { kind: 'measure'; measure: MeasureKind; description: string; actor: string; at: Date };

/**
 * Heating orders for the board's 供热 messages that a housing bureau took on, in prefectures whose
 * heating company is in the agency directory (the demo directory has Changchun's). Each follows
 * its message: inspected and measured after the bureau acknowledged it, resolved before the reply.
 * Written set-based, with the same rows and events the domain functions write.
 */
export async function generateHeatingOrders(db: Executor): Promise<number> {
  const appeals = rowsOf<AppealRow>(
    await db.execute(sql`
      select m.id, m.number, m.title, m.region_code, c.id as company_id,
        coalesce((select p.id from agencies.agencies p where p.id = c.parent_id and p.kind = 'BUREAU'), m.assignee_id) as supervising_agency_id,
        (select min(t.at) from board.message_transitions t where t.message_id = m.id and t.action = 'ACKNOWLEDGE') as acknowledged_at,
        (select min(t.at) from board.message_transitions t where t.message_id = m.id and t.action = 'SUBMIT_REPLY') as replied_at
      from board.messages m
      join lateral (
        select a.id, a.parent_id from agencies.agencies a
        where a.kind = 'COMPANY' and a.region_code like left(m.region_code, 4) || '%' order by a.id limit 1
      ) c on true
      where m.category = '供热' and m.assignee_id is not null
        and exists (select 1 from board.message_transitions t where t.message_id = m.id and t.action = 'ACKNOWLEDGE')
      order by m.submitted_at, m.id`),
  );
  if (appeals.length === 0) return 0;
  const standards = new Map(
    rowsOf<{ company_id: string; room_min_c: number }>(await db.execute(sql`select company_id, room_min_c from heating.company_standards`))
      .map((r) => [r.company_id, Number(r.room_min_c)]),
  );
  const rnd = seededRandom(20221130);
  const plans = appeals.map((appeal) => planFor(appeal, rnd)).sort((a, b) => a.row.createdAt.getTime() - b.row.createdAt.getTime());

  const numbers = await orderNumbersInOrder(db, HEATING_ORDERS, plans.map((p) => p.row.createdAt));
  const rows: HeatingOrderRow[] = [];
  const transitionRows: Record<string, unknown>[] = [];
  const readingRows: (typeof readings.$inferInsert)[] = [];
  const measureRows: (typeof measures.$inferInsert)[] = [];
  const events: NewEvent[] = [];
  for (const [p, plan] of plans.entries()) {
    let row: HeatingOrderRow = { ...plan.row, number: numbers[p]! };
    const standard = standards.get(row.companyId) ?? DEFAULT_ROOM_STANDARD_C;
    const base = { source: 'heating', aggregateType: 'HeatingOrder', aggregateId: row.id };
    for (const step of plan.steps) {
      if (step.kind === 'transition') {
        const from = row.version === 0 ? null : row.status;
        row = { ...row, status: step.to, version: row.version + 1, updatedAt: step.at, resolvedAt: step.to === 'RESOLVED' ? step.at : row.resolvedAt };
        const recorded = orderRecordOf(HEATING_ORDERS, row, { action: step.action, from, actor: step.actor, note: step.note, at: step.at });
        transitionRows.push(recorded.transition);
        events.push(recorded.event);
      } else if (step.kind === 'reading') {
        const { supplyWaterC, returnWaterC, roomC } = step;
        readingRows.push({ orderId: row.id, supplyWaterC, returnWaterC, roomC, standardRoomC: standard, takenAt: step.at, recordedBy: step.actor, recordedAt: step.at });
        events.push({ ...base, type: 'HeatingReadingTaken', occurredAt: step.at, payload: {
          number: row.number, companyId: row.companyId, supervisingAgencyId: row.supervisingAgencyId, regionCode: row.regionCode,
          supplyWaterC, returnWaterC, roomC, standardRoomC: standard, meetsStandard: roomC >= standard, takenAt: step.at.toISOString(),
        } });
      } else {
        measureRows.push({ orderId: row.id, kind: step.measure, description: step.description, takenAt: step.at, recordedBy: step.actor, recordedAt: step.at });
        events.push({ ...base, type: 'HeatingMeasureTaken', occurredAt: step.at, payload: {
          number: row.number, companyId: row.companyId, regionCode: row.regionCode, kind: step.measure, description: step.description, takenAt: step.at.toISOString(),
        } });
      }
      row = { ...row, updatedAt: step.at };
    }
    rows.push(row);
  }
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  await insertJsonRows(db, heatingOrders, rows);
  await insertJsonRows(db, orderTransitions, transitionRows);
  await insertJsonRows(db, readings, readingRows);
  await insertJsonRows(db, measures, measureRows);
  await appendEvents(db, events);
  return rows.length;
}

/** One order for one appeal: the row before its first step, and its steps in time order. */
function planFor(appeal: AppealRow, rnd: SeededRandom) {
  const acknowledged = new Date(appeal.acknowledged_at).getTime();
  const replied = appeal.replied_at ? new Date(appeal.replied_at).getTime() : null;
  // Everything happens between the bureau taking the appeal on and its reply, when there is one.
  const span = replied ? Math.max(replied - acknowledged, 6 * HOUR) : 96 * HOUR;
  let t = acknowledged;
  const later = (share: number) => new Date((t += span * share * rnd.between(0.6, 1)));
  const bureau = `staff:${appeal.supervising_agency_id}`;
  const company = `staff:${appeal.company_id}`;
  const steps: Event[] = [
    { kind: 'transition', action: 'REPORT', to: 'REPORTED', actor: bureau, note: null, at: later(0.05) },
    { kind: 'transition', action: 'INSPECT', to: 'INSPECTING', actor: company, note: '派人入户检查', at: later(0.05) },
    { kind: 'reading', supplyWaterC: temperature(rnd, 22, 35), returnWaterC: temperature(rnd, 18, 26), roomC: temperature(rnd, 12, 16.5), actor: company, at: later(0.05) },
  ];
  const fate = replied ? 'resolve' : rnd.pick(['inspecting', 'measures', 'unresolved'] as const);
  if (fate !== 'inspecting') {
    const [measure, description] = rnd.pick(MEASURES);
    steps.push({ kind: 'measure', measure, description, actor: company, at: later(0.1) });
    steps.push({ kind: 'transition', action: 'TAKE_MEASURES', to: 'MEASURES_TAKEN', actor: company, note: `${measure}: ${description}`, at: later(0.02) });
    const warmEnough = fate === 'resolve' && rnd.next() < 0.7;
    steps.push({ kind: 'reading', supplyWaterC: temperature(rnd, 38, 50), returnWaterC: temperature(rnd, 30, 40), roomC: warmEnough ? temperature(rnd, 18, 21) : temperature(rnd, 15, 17.5), actor: company, at: later(0.15) });
    if (fate === 'unresolved' || (fate === 'resolve' && !warmEnough)) {
      steps.push({ kind: 'transition', action: 'MARK_UNRESOLVED', to: 'UNRESOLVED', actor: bureau, note: '室温仍未达标', at: later(0.05) });
    }
    if (fate === 'resolve' && !warmEnough) {
      steps.push({ kind: 'measure', measure: 'SUPPLY_PARAMETERS_RAISED', description: '继续提高供热参数', actor: company, at: later(0.1) });
      steps.push({ kind: 'transition', action: 'TAKE_MEASURES', to: 'MEASURES_TAKEN', actor: company, note: 'SUPPLY_PARAMETERS_RAISED: 继续提高供热参数', at: later(0.02) });
      steps.push({ kind: 'reading', supplyWaterC: temperature(rnd, 45, 55), returnWaterC: temperature(rnd, 35, 42), roomC: temperature(rnd, 18.5, 22), actor: company, at: later(0.15) });
    }
    if (fate === 'resolve') steps.push({ kind: 'transition', action: 'RESOLVE', to: 'RESOLVED', actor: bureau, note: '经回访室温达标', at: later(0.05) });
  }
  const createdAt = steps[0]!.at;
  const row: HeatingOrderRow = {
    id: randomUUID(),
    number: '',
    appealChannel: 'BOARD',
    appealId: appeal.id,
    appealNumber: appeal.number,
    companyId: appeal.company_id,
    supervisingAgencyId: appeal.supervising_agency_id,
    regionCode: appeal.region_code,
    address: `${appeal.number}来信人住址`,
    description: appeal.title.replace(/（\d+）$/, ''),
    status: 'REPORTED',
    version: 0,
    createdAt,
    updatedAt: createdAt,
    resolvedAt: null,
  };
  return { row, steps };
}
