import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, rowsOf } from '@civicgraph/platform';
import type { TestSubgraph } from '@civicgraph/platform/testing';
import { runEscalation } from './ledger/escalation.ts';
import { waitForLedger } from './ledger/worker.ts';
import { appendBoardEvent, gql, startSupervision } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision(new Date('2022-09-26T09:00:00+08:00'));
});
afterAll(() => sg?.stop());

const db = () => sg.services.database.db;
const id = (group: number, n: number) => `00000000-0000-4000-${8000 + group}-${String(n).padStart(12, '0')}`;
const cst = (local: string) => new Date(`${local}+08:00`);

/** An appeal the board forwarded to `assigneeId`, due at `dueAt`, and where it has got to since. */
async function forwarded(caseId: string, dueAt: Date, { assigneeId = 'th-housing', repliedAt }: { assigneeId?: string; repliedAt?: Date } = {}) {
  const at = cst('2022-09-20T09:00:00');
  const common = { assigneeId, dueAt: dueAt.toISOString(), submittedAt: at.toISOString(), number: `BRD-2022-${caseId.slice(-6)}` };
  await appendBoardEvent(db(), caseId, at, { ...common, to: 'ASSIGNED', action: 'FORWARD', sequence: 1 });
  if (repliedAt) await appendBoardEvent(db(), caseId, repliedAt, { ...common, to: 'REPLIED', action: 'APPROVE_REPLY', sequence: 2 });
}

const escalate = (local: string) => runEscalation(sg.services, cst(local));

describe('overdue escalation', () => {
  it('reminds at the deadline, orders after 3 working days and notifies after 10, counting working days across National Day', async () => {
    const late = id(1, 1);
    const onTime = id(1, 2);
    await forwarded(late, cst('2022-09-29T17:00:00'));
    await forwarded(onTime, cst('2022-09-29T17:00:00'), { repliedAt: cst('2022-09-29T10:00:00') });
    await waitForLedger(sg.services.database);

    expect(await escalate('2022-09-29T16:59:00')).toEqual({ reminders: 0, orders: 0, notices: 0 });
    expect(await escalate('2022-09-30T09:00:00')).toEqual({ reminders: 1, orders: 0, notices: 0 });
    expect(await escalate('2022-09-30T09:05:00')).toEqual({ reminders: 0, orders: 0, notices: 0 });
    // 1–7 October are holidays: only 30 September has passed as a working day, not the six weekdays a naive count sees.
    expect(await escalate('2022-10-07T23:00:00')).toEqual({ reminders: 0, orders: 0, notices: 0 });
    // Saturday 8 and Sunday 9 October are make-up working days: the third working day ends on the 9th at 17:00.
    expect(await escalate('2022-10-09T16:59:00')).toEqual({ reminders: 0, orders: 0, notices: 0 });
    expect(await escalate('2022-10-09T17:30:00')).toEqual({ reminders: 0, orders: 1, notices: 0 });
    expect(await escalate('2022-10-18T16:00:00')).toEqual({ reminders: 0, orders: 0, notices: 0 });
    expect(await escalate('2022-10-18T17:30:00')).toEqual({ reminders: 0, orders: 0, notices: 1 });
    expect(await escalate('2022-12-01T09:00:00')).toEqual({ reminders: 0, orders: 0, notices: 0 });

    sg.services.clock.set(cst('2022-10-19T09:00:00'));
    const read = await gql(sg, `query($late: ID!, $onTime: ID!) {
      late: case(id: $late) { overdue workingDaysOverdue escalationLevel escalations { level kind at workingDaysOverdue dueAt
        supervisionOrder { number origin status channel issuingAgency { id } targetAgency { id } dueAt requirements case { id } clue { id } } } }
      onTime: case(id: $onTime) { overdue escalationLevel escalations { level } } }`, { late, onTime });
    expect(read.onTime).toEqual({ overdue: false, escalationLevel: 0, escalations: [] });
    // The tenth working day past the deadline ended on 18 October at 17:00.
    expect(read.late).toMatchObject({ overdue: true, workingDaysOverdue: 10, escalationLevel: 3 });
    const [reminder, order, notice] = read.late.escalations;
    expect(reminder).toMatchObject({ level: 1, kind: 'REMINDER', at: cst('2022-09-30T09:00:00').toISOString(), workingDaysOverdue: 0, supervisionOrder: null });
    expect(notice).toMatchObject({ level: 3, kind: 'PUBLIC_NOTICE', workingDaysOverdue: 10, supervisionOrder: null });
    expect(order).toMatchObject({ level: 2, kind: 'SUPERVISION_ORDER', workingDaysOverdue: 3, dueAt: cst('2022-09-29T17:00:00').toISOString() });
    expect(order.supervisionOrder).toMatchObject({
      origin: 'ESCALATION', status: 'ISSUED', channel: 'BOARD', issuingAgency: { id: 'jl-gov-supervision' }, targetAgency: { id: 'th-housing' },
      dueAt: addWorkingDays(cst('2022-10-09T17:30:00'), 5).toISOString(), case: { id: late }, clue: null,
    });
    expect(order.supervisionOrder.requirements).toContain('已超过办理期限3个工作日');
    const events = rowsOf<{ level: number; kind: string }>(await db().execute(sql`select (payload->>'level')::int as level, payload->>'kind' as kind
      from events.event_log where type = 'CaseEscalated' and aggregate_id = ${late} order by seq`));
    expect(events).toEqual([{ level: 1, kind: 'REMINDER' }, { level: 2, kind: 'SUPERVISION_ORDER' }, { level: 3, kind: 'PUBLIC_NOTICE' }]);
  });

  it('takes every step exactly once when several replicas run the same pass at the same moment', async () => {
    // Twelve cases each far enough overdue for one, two or three levels at once.
    const dues = ['2022-11-01T09:00:00', '2022-11-08T09:00:00', '2022-11-14T09:00:00'];
    const ids = Array.from({ length: 12 }, (_, n) => id(2, n));
    for (const [n, caseId] of ids.entries()) await forwarded(caseId, cst(dues[n % 3]!), { assigneeId: n % 2 ? 'cc-housing' : 'jc-housing' });
    await waitForLedger(sg.services.database);
    const now = cst('2022-11-15T10:00:00');
    // 1 Nov: 10 working days by 15 Nov (level 3); 8 Nov: 5 (level 2); 14 Nov: 1 (level 1).
    const runs = await Promise.all(Array.from({ length: 6 }, () => runEscalation(sg.services, now)));
    const total = runs.reduce((sum, r) => ({ reminders: sum.reminders + r.reminders, orders: sum.orders + r.orders, notices: sum.notices + r.notices }));
    expect(total).toEqual({ reminders: 12, orders: 8, notices: 4 });
    const [row] = rowsOf<Record<string, number>>(await db().execute(sql`select
      (select count(*)::int from supervision.case_escalations where case_id::text like '00000000-0000-4000-8002-%') as steps,
      (select count(distinct (case_id, level))::int from supervision.case_escalations where case_id::text like '00000000-0000-4000-8002-%') as distinct_steps,
      (select count(*)::int from supervision.supervision_orders where origin = 'ESCALATION' and appeal_id::text like '00000000-0000-4000-8002-%') as orders,
      (select count(distinct number)::int from supervision.supervision_orders) as numbers,
      (select count(*)::int from supervision.supervision_orders) as all_orders,
      (select count(*)::int from events.event_log where type = 'CaseEscalated' and aggregate_id like '00000000-0000-4000-8002-%') as events`));
    expect(row).toEqual({ steps: 24, distinct_steps: 24, orders: 8, numbers: row!.all_orders, all_orders: row!.all_orders, events: 24 });
  });

  it('follows the policy as updated, for every replica', async () => {
    const updated = await gql(sg, `mutation { updateEscalationPolicy(input: { orderAfterWorkingDays: 1, noticeAfterWorkingDays: 2,
      orderDueWorkingDays: 3, issuingAgencyId: "jl-gov-office" }) { orderAfterWorkingDays noticeAfterWorkingDays issuingAgency { id } updatedBy } }`);
    expect(updated.updateEscalationPolicy).toEqual({ orderAfterWorkingDays: 1, noticeAfterWorkingDays: 2, issuingAgency: { id: 'jl-gov-office' }, updatedBy: 'staff:test' });
    const caseId = id(3, 1);
    await forwarded(caseId, cst('2022-12-05T17:00:00'));
    await waitForLedger(sg.services.database);
    try {
      // Two working days past the deadline (6 and 7 December): all three levels in one pass.
      await escalate('2022-12-07T18:00:00');
      const steps = rowsOf<{ level: number; issuing_agency_id: string | null }>(await db().execute(sql`
        select e.level, o.issuing_agency_id from supervision.case_escalations e
        left join supervision.supervision_orders o on o.id = e.order_id where e.case_id = ${caseId} order by e.level`));
      expect(steps).toEqual([{ level: 1, issuing_agency_id: null }, { level: 2, issuing_agency_id: 'jl-gov-office' }, { level: 3, issuing_agency_id: null }]);
    } finally {
      await gql(sg, `mutation { updateEscalationPolicy(input: { orderAfterWorkingDays: 3, noticeAfterWorkingDays: 10,
        orderDueWorkingDays: 5, issuingAgencyId: "jl-gov-supervision" }) { updatedAt } }`);
    }
  });
  it('takes the overdue cases a batch at a time, one transaction per batch, missing none', async () => {
    // Five cases one working day overdue (level 1 each), in batches of two: three transactions.
    const ids = Array.from({ length: 5 }, (_, n) => id(4, n));
    for (const caseId of ids) await forwarded(caseId, cst('2023-02-01T17:00:00'));
    await waitForLedger(sg.services.database);
    expect(await runEscalation(sg.services, cst('2023-02-02T18:00:00'), { batchSize: 2 })).toEqual({ reminders: 5, orders: 0, notices: 0 });
    const [row] = rowsOf<{ events: number; transactions: number; steps: number }>(await db().execute(sql`select
      count(*)::int as events, count(distinct tx_id)::int as transactions,
      (select count(*)::int from supervision.case_escalations where case_id::text like '00000000-0000-4000-8004-%') as steps
      from events.event_log where type = 'CaseEscalated' and aggregate_id like '00000000-0000-4000-8004-%'`));
    expect(row).toEqual({ events: 5, transactions: 3, steps: 5 });
  });
});
