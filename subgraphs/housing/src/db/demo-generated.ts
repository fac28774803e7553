import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { appendEvents, chinaDate, insertJsonRows, orderNumbersInOrder, orderRecordOf, rowsOf, seededRandom, type Executor, type NewEvent, type SeededRandom } from '@civicgraph/platform';
import { WORK_ORDERS, type Step } from '../domain/work-orders.ts';
import { workOrders, workOrderTransitions, type WorkOrderRow } from './tables.ts';

/** A board message of category 城乡建设 that its housing bureau has taken on. */
interface AppealRow {
  id: string;
  number: string;
  title: string;
  region_code: string;
  assignee_id: string;
  acknowledged_at: string | Date;
  replied_at: string | Date | null;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CONTRACTORS = ['吉林省市政建设集团', '长春建工集团', '通化市政工程有限公司', '延边路桥工程有限公司', null, null];
const SCOPES = ['人行道铺装及路缘石更换', '破损路面修补及排水口疏通', '小区道路硬化', '老旧小区外墙保温及管网改造'];


const dateAfter = (at: Date, days: number) => chinaDate(new Date(at.getTime() + days * DAY));
const atChinaTime = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/**
 * Work orders for the board's urban-construction messages that a housing bureau has taken on,
 * consistent with each message: created after the bureau acknowledged it, completed before it
 * replied. Written set-based (a few multi-row statements, events included) with the same rows and
 * events the domain functions write. Returns how many orders were written.
 */
export async function generateWorkOrders(db: Executor, now: Date, { exceptTitle }: { exceptTitle: string }): Promise<number> {
  const appeals = rowsOf<AppealRow>(
    await db.execute(sql`
      select m.id, m.number, m.title, m.region_code, m.assignee_id,
        (select min(t.at) from board.message_transitions t where t.message_id = m.id and t.action = 'ACKNOWLEDGE') as acknowledged_at,
        (select min(t.at) from board.message_transitions t where t.message_id = m.id and t.action = 'SUBMIT_REPLY') as replied_at
      from board.messages m
      where m.category = '城乡建设' and m.title <> ${exceptTitle} and m.assignee_id like '%-housing'
        and exists (select 1 from board.message_transitions t where t.message_id = m.id and t.action = 'ACKNOWLEDGE')
      order by m.submitted_at, m.id`),
  );
  const rnd = seededRandom(20220725);
  const plans = appeals.map((appeal) => planFor(appeal, rnd, now)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  if (plans.length === 0) return 0;

  const numbers = await orderNumbersInOrder(db, WORK_ORDERS, plans.map((p) => p.createdAt));
  const rows: WorkOrderRow[] = [];
  const transitions: Record<string, unknown>[] = [];
  const events: NewEvent[] = [];
  for (const [p, plan] of plans.entries()) {
    let row: WorkOrderRow = { ...plan.row, number: numbers[p]! };
    // Replay the steps on the row, recording each exactly as the domain functions would.
    for (const [i, step] of plan.steps.entries()) {
      row = { ...row, ...step.changes, version: i + 1, updatedAt: step.at };
      const recorded = orderRecordOf(WORK_ORDERS, row, { action: step.action, from: step.from, actor: step.actor, note: step.note, at: step.at });
      transitions.push(recorded.transition);
      events.push(recorded.event);
    }
    rows.push(row);
  }
  // The log in the order things happened (stable, so each order's own steps stay in sequence).
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  await insertJsonRows(db, workOrders, rows);
  await insertJsonRows(db, workOrderTransitions, transitions);
  await appendEvents(db, events);
  return rows.length;
}

interface PlannedStep extends Step {
  changes: Partial<WorkOrderRow>;
}

/** One work order for one appeal: its row as created, and the steps it went through. */
function planFor(appeal: AppealRow, rnd: SeededRandom, now: Date) {
  const acknowledged = new Date(appeal.acknowledged_at);
  const replied = appeal.replied_at ? new Date(appeal.replied_at) : null;
  const createdAt = new Date(acknowledged.getTime() + rnd.int(1, 6) * HOUR);
  const bureau = appeal.assignee_id;
  const staff = `staff:${bureau}`;
  const today = chinaDate(now);
  const plannedStart = dateAfter(createdAt, rnd.int(1, 3));
  const steps: PlannedStep[] = [
    { action: 'CREATE', from: null, actor: staff, note: null, at: createdAt, changes: { status: 'PLANNED' } },
  ];
  let plannedEnd: string;
  if (replied) {
    // The bureau replied once the works were done: build before the reply, accept it the day after.
    const actualEnd = chinaDate(new Date(Math.max(replied.getTime() - DAY, createdAt.getTime() + DAY)));
    const actualStart = plannedStart <= actualEnd ? plannedStart : actualEnd;
    const actualLength = Math.round((Date.parse(actualEnd) - Date.parse(actualStart)) / DAY) + 1;
    plannedEnd = dateAfter(atChinaTime(plannedStart, 12), Math.max(0, actualLength - 1 + rnd.int(-2, 8)));
    steps.push(
      { action: 'START', from: 'PLANNED', actor: staff, note: null, at: atChinaTime(actualStart, 8), changes: { status: 'IN_PROGRESS', actualStart } },
      { action: 'COMPLETE', from: 'IN_PROGRESS', actor: staff, note: null, at: atChinaTime(actualEnd, 17), changes: { status: 'COMPLETED', actualEnd } },
    );
    if (rnd.next() < 0.7) {
      const at = atChinaTime(dateAfter(atChinaTime(actualEnd, 12), 1), 10);
      steps.push({ action: 'ACCEPT', from: 'COMPLETED', actor: staff, note: '验收合格', at, changes: { status: 'ACCEPTED', acceptedAt: at, acceptedBy: staff } });
    }
  } else {
    plannedEnd = dateAfter(atChinaTime(plannedStart, 12), rnd.int(7, 40));
    const fate = rnd.next();
    if (fate < 0.1) {
      const at = new Date(createdAt.getTime() + rnd.int(24, 96) * HOUR);
      steps.push({ action: 'CANCEL', from: 'PLANNED', actor: staff, note: '并入片区改造项目统一实施', at, changes: { status: 'CANCELLED' } });
    } else if (fate < 0.8 && plannedStart <= today) {
      steps.push({ action: 'START', from: 'PLANNED', actor: staff, note: null, at: atChinaTime(plannedStart, 8), changes: { status: 'IN_PROGRESS', actualStart: plannedStart } });
    }
  }
  const row: WorkOrderRow = {
    id: randomUUID(),
    number: '',
    appealChannel: 'BOARD',
    appealId: appeal.id,
    appealNumber: appeal.number,
    responsibleAgencyId: bureau,
    executingAgencyId: bureau === 'th-housing' ? 'th-municipal-eng' : null,
    contractor: rnd.pick(CONTRACTORS),
    title: `${appeal.title.replace(/（\d+）$/, '')}整治工程`,
    scope: rnd.pick(SCOPES),
    regionCode: appeal.region_code,
    location: `${appeal.number}所反映路段`,
    plannedStart,
    plannedEnd,
    actualStart: null,
    actualEnd: null,
    status: 'PLANNED',
    version: 0,
    createdAt,
    updatedAt: createdAt,
    acceptedAt: null,
    acceptedBy: null,
  };
  return { row, steps, createdAt };
}
