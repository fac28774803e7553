import { count, sql } from 'drizzle-orm';
import { fixedClock, rowsOf, type Executor, type Services } from '@civicgraph/platform';
import * as domain from '../domain/work-orders.ts';
import { generateWorkOrders } from './demo-generated.ts';
import { workOrders } from './tables.ts';

/** The board message of the article's Tonghua story (seeded by the board subgraph's demo). */
export const TONGHUA_MESSAGE_TITLE = '华翔雍和苑东南门到育红小学的道路没有人行道';

/** True when another subgraph's table exists in this database (that subgraph is deployed here). */
export async function tableExists(db: Executor, qualifiedName: string): Promise<boolean> {
  const [row] = rowsOf<{ found: boolean }>(await db.execute(sql`select to_regclass(${qualifiedName}) is not null as found`));
  return row?.found === true;
}

/**
 * Demo work orders, written once while there are none: the article's Tonghua sidewalk through the
 * real domain functions, then work orders for the board's other 城乡建设 (urban construction)
 * messages, written set-based. Appeals are only read, never written; without the board's demo
 * messages there is nothing to answer and nothing is written.
 */
export async function seedDemoWorkOrders(services: Services): Promise<{ story: boolean; generated: number }> {
  const { db } = services.database;
  const [existing] = await db.select({ n: count() }).from(workOrders);
  if (Number(existing?.n) > 0 || !(await tableExists(db, 'board.messages'))) return { story: false, generated: 0 };
  return db.transaction(async (tx) => {
    const story = await seedTonghuaSidewalk(tx);
    const generated = await generateWorkOrders(tx, services.clock.now(), { exceptTitle: TONGHUA_MESSAGE_TITLE });
    return { story, generated };
  });
}

/**
 * 2022: the city committee has the Tonghua housing & construction bureau's municipal engineering
 * office restore the sidewalk; planned for 30 days, built from 07-25 to 08-14, then accepted.
 */
async function seedTonghuaSidewalk(db: Executor): Promise<boolean> {
  const [message] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from board.messages where title = ${TONGHUA_MESSAGE_TITLE} order by submitted_at limit 1`),
  );
  if (!message) return false;
  const clock = fixedClock(new Date('2022-06-30T10:00:00+08:00'));
  const as = (actor: string, at: string): domain.Actor => {
    clock.set(new Date(at));
    return { db, clock, actor };
  };
  const order = await domain.createWorkOrder(as('staff:th-housing', '2022-06-30T10:00:00+08:00'), {
    appealChannel: 'BOARD',
    appealId: message.id,
    responsibleAgencyId: 'th-housing',
    executingAgencyId: 'th-municipal-eng',
    title: '华翔雍和苑东南门至育红小学路段人行道恢复工程',
    scope: '恢复该路段人行道。该路段原为清华园小区开发企业建设，因企业资金周转问题未能完成，市委市政府决定由市住建局先行组织施工。',
    regionCode: '220502',
    location: '通化市东昌区华翔雍和苑东南门至育红小学',
    plannedStart: '2022-07-25',
    plannedEnd: '2022-08-23',
    note: '由市住建局组织市政工程管理处进场施工，计划工期30天',
  });
  await domain.startWorkOrder(as('staff:th-municipal-eng', '2022-07-25T08:00:00+08:00'), order.id, '2022-07-25', '进场施工');
  await domain.completeWorkOrder(as('staff:th-municipal-eng', '2022-08-14T17:00:00+08:00'), order.id, '2022-08-14', '完工');
  await domain.acceptWorkOrder(as('staff:th-housing', '2022-08-15T09:00:00+08:00'), order.id, '验收合格');
  return true;
}
