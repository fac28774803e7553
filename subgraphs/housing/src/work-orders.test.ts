import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Identity } from '@civicgraph/platform';
import { TEST_ADMIN, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { callsAs, itRefusesWritingNothing, startWithBoard, type BoardForTests, type RefusalCase } from '@civicgraph/board/testing';

let sg: TestSubgraph;
let appeals: BoardForTests;
beforeAll(async () => void ({ sg, appeals } = await startWithBoard(subgraph, new Date('2022-06-30T10:00:00+08:00'))));
afterAll(() => sg?.stop());

const FIELDS = `id number status appealChannel appealId appealNumber message { id } ticket { id }
  responsibleAgency { id } executingUnit { id } contractor region { code } location
  plannedStart plannedEnd actualStart actualEnd plannedDays actualDays daysAheadOfPlan acceptedAt acceptedBy
  timeline { sequence action from to actor note }`;

/** The Tonghua bureau's handler (the default caller), its engineering office's handler, its reviewer. */
const BUREAU = testIdentity('handler', { agency: 'th-housing', subject: 'staff:th-housing' });
const ENGINEERING = testIdentity('handler', { agency: 'th-municipal-eng', subject: 'staff:th-municipal-eng' });
const REVIEWER = testIdentity('reviewer', { agency: 'th-housing', subject: 'reviewer:th-housing' });

const { at, gql, ok } = callsAs(() => sg, BUREAU);

const sidewalk = (appealId: string, overrides: Record<string, unknown> = {}) => ({
  appealChannel: 'BOARD',
  appealId,
  responsibleAgencyId: 'th-housing',
  executingAgencyId: 'th-municipal-eng',
  title: '人行道恢复工程',
  regionCode: '220502',
  location: '华翔雍和苑东南门至育红小学',
  plannedStart: '2022-07-25',
  plannedEnd: '2022-08-23',
  ...overrides,
});

const create = (input: Record<string, unknown>, actor?: Identity) =>
  ok(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${FIELDS} } }`, { input }, actor);
/** Variable types for the short names the tests use. */
const TYPES: Record<string, string> = { id: 'ID!', date: 'Date', text: 'String' };
const operation = (mutation: string, variables: Record<string, unknown>, selection: string) =>
  `mutation(${Object.keys(variables).map((k) => `$${k}: ${TYPES[k]}`).join(', ')}) { r: ${mutation} { ${selection} } }`;
const step = (mutation: string, variables: Record<string, unknown>, actor?: Identity) =>
  ok(operation(mutation, variables, FIELDS), variables, actor);

/** Everything this subgraph writes, with a checksum of the orders, so a refused request that wrote anything shows. */
async function written() {
  const [row] = rowsOf<Record<string, number | string>>(
    await sg.services.database.db.execute(sql`select
      (select count(*)::int from housing.work_orders) as orders,
      (select md5(coalesce(string_agg(w::text, ',' order by w.id), '')) from housing.work_orders w) as checksum,
      (select count(*)::int from housing.work_order_transitions) as transitions,
      (select count(*)::int from events.event_log) as events`),
  );
  return row!;
}

describe('work order lifecycle', () => {
  it('plans, starts, completes and accepts the Tonghua sidewalk: planned 30 days, built in 21 (07-25 to 08-14)', async () => {
    const [appealId] = await appeals.post(1);
    const before = await written();
    at('2022-06-30T10:00:00+08:00');
    const created = await create(sidewalk(appealId!, { note: '计划工期30天' }));
    expect(created).toMatchObject({
      number: 'WO-2022-000001', status: 'PLANNED', appealChannel: 'BOARD', appealId, message: { id: appealId }, ticket: null,
      responsibleAgency: { id: 'th-housing' }, executingUnit: { id: 'th-municipal-eng' }, region: { code: '220502' },
      plannedDays: 30, actualDays: null, daysAheadOfPlan: null,
    });
    expect(created.appealNumber).toMatch(/^BRD-2022-\d{6}$/);

    at('2022-07-25T08:00:00+08:00');
    const started = await step('startWorkOrder(id: $id, actualStart: $date, note: $text)', { id: created.id, date: '2022-07-25', text: '进场施工' }, ENGINEERING);
    expect(started).toMatchObject({ status: 'IN_PROGRESS', actualStart: '2022-07-25', actualEnd: null, actualDays: null });
    at('2022-08-14T17:00:00+08:00');
    // No date given: the work was finished today (by the business clock).
    const completed = await step('completeWorkOrder(id: $id)', { id: created.id }, ENGINEERING);
    expect(completed).toMatchObject({ status: 'COMPLETED', actualEnd: '2022-08-14', plannedDays: 30, actualDays: 21, daysAheadOfPlan: 9 });
    at('2022-08-15T09:00:00+08:00');
    const accepted = await step('acceptWorkOrder(id: $id, note: $text)', { id: created.id, text: '验收合格' }, REVIEWER);
    expect(accepted).toMatchObject({ status: 'ACCEPTED', acceptedAt: '2022-08-15T01:00:00.000Z', acceptedBy: 'reviewer:th-housing' });
    expect(accepted.timeline).toEqual([
      { sequence: 1, action: 'CREATE', from: null, to: 'PLANNED', actor: 'staff:th-housing', note: '计划工期30天' },
      { sequence: 2, action: 'START', from: 'PLANNED', to: 'IN_PROGRESS', actor: 'staff:th-municipal-eng', note: '进场施工' },
      { sequence: 3, action: 'COMPLETE', from: 'IN_PROGRESS', to: 'COMPLETED', actor: 'staff:th-municipal-eng', note: null },
      { sequence: 4, action: 'ACCEPT', from: 'COMPLETED', to: 'ACCEPTED', actor: 'reviewer:th-housing', note: '验收合格' },
    ]);

    const after = await written();
    expect(after.transitions as number - (before.transitions as number)).toBe(4);
    expect(after.events as number - (before.events as number)).toBe(4);
    const events = rowsOf<{ source: string; aggregate_type: string; type: string; payload: Record<string, unknown> }>(
      await sg.services.database.db.execute(sql`select source, aggregate_type, type, payload from events.event_log
        where aggregate_id = ${created.id} order by seq`),
    );
    expect(events.map((e) => [e.source, e.aggregate_type, e.type, e.payload.action, e.payload.to])).toEqual([
      ['housing', 'WorkOrder', 'WorkOrderTransitioned', 'CREATE', 'PLANNED'],
      ['housing', 'WorkOrder', 'WorkOrderTransitioned', 'START', 'IN_PROGRESS'],
      ['housing', 'WorkOrder', 'WorkOrderTransitioned', 'COMPLETE', 'COMPLETED'],
      ['housing', 'WorkOrder', 'WorkOrderTransitioned', 'ACCEPT', 'ACCEPTED'],
    ]);
    expect(events[2]!.payload).toMatchObject({ appealId, appealChannel: 'BOARD', actualStart: '2022-07-25', actualEnd: '2022-08-14', sequence: 3 });
    expect(events[0]!.payload).not.toHaveProperty('location');
  });

  it('counts a one-day job as 1 day and a late one as behind plan', async () => {
    const [appealId] = await appeals.post(1);
    at('2022-09-01T09:00:00+08:00');
    const order = await create(sidewalk(appealId!, { plannedStart: '2022-09-05', plannedEnd: '2022-09-06' }));
    at('2022-09-20T09:00:00+08:00');
    await step('startWorkOrder(id: $id, actualStart: $date)', { id: order.id, date: '2022-09-05' });
    const late = await step('completeWorkOrder(id: $id, actualEnd: $date)', { id: order.id, date: '2022-09-10' });
    expect(late).toMatchObject({ plannedDays: 2, actualDays: 6, daysAheadOfPlan: -4 });
    const [other] = await appeals.post(1);
    const oneDay = await create(sidewalk(other!, { plannedStart: '2022-09-12', plannedEnd: '2022-09-12' }));
    await step('startWorkOrder(id: $id, actualStart: $date)', { id: oneDay.id, date: '2022-09-12' });
    expect(await step('completeWorkOrder(id: $id, actualEnd: $date)', { id: oneDay.id, date: '2022-09-12' }))
      .toMatchObject({ plannedDays: 1, actualDays: 1, daysAheadOfPlan: 0 });
  });

  it('cancels from PLANNED and from IN_PROGRESS, with the reason in the timeline', async () => {
    const [a, b] = await appeals.post(2);
    at('2022-09-01T09:00:00+08:00');
    const planned = await create(sidewalk(a!, { contractor: '通化市政工程有限公司' }));
    expect(planned.contractor).toBe('通化市政工程有限公司');
    const cancelled = await step('cancelWorkOrder(id: $id, reason: "并入片区改造")', { id: planned.id });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.timeline.at(-1)).toMatchObject({ action: 'CANCEL', from: 'PLANNED', to: 'CANCELLED', note: '并入片区改造' });
    const inProgress = await create(sidewalk(b!));
    await step('startWorkOrder(id: $id, actualStart: $date)', { id: inProgress.id, date: '2022-09-01' });
    expect((await step('cancelWorkOrder(id: $id, reason: "设计变更")', { id: inProgress.id })).status).toBe('CANCELLED');
  });
});

describe('refusals: a stable code, and nothing written', () => {
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  const attempt = (mutation: string, variables: Record<string, unknown>, as?: Identity) => gql(operation(mutation, variables, 'id'), variables, as);
  // As an admin, who may plan works for any bureau: these are about the input, not the caller.
  const creating = (input: Record<string, unknown>) =>
    gql('mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', { input }, TEST_ADMIN);

  /** A fresh order on a fresh appeal, taken through the given steps at 2022-09-01. */
  async function orderAfter(...steps: ('start' | 'complete')[]) {
    const [appealId] = await appeals.post(1);
    at('2022-09-01T09:00:00+08:00');
    const order = await create(sidewalk(appealId!, { plannedStart: '2022-08-20', plannedEnd: '2022-08-30' }));
    if (steps.includes('start')) await step('startWorkOrder(id: $id, actualStart: $date)', { id: order.id, date: '2022-08-25' });
    if (steps.includes('complete')) await step('completeWorkOrder(id: $id, actualEnd: $date)', { id: order.id, date: '2022-08-31' });
    return order.id as string;
  }
  const appeal = async () => (await appeals.post(1))[0]!;

  const cases: RefusalCase[] = [
    ['accepting works that have not started', () => orderAfter(), (id) => attempt('acceptWorkOrder(id: $id)', { id }, REVIEWER), 'ILLEGAL_TRANSITION'],
    ['completing works that have not started', () => orderAfter(), (id) => attempt('completeWorkOrder(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['starting works twice', () => orderAfter('start'), (id) => attempt('startWorkOrder(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['cancelling completed works', () => orderAfter('start', 'complete'), (id) => attempt('cancelWorkOrder(id: $id, reason: "x")', { id }), 'ILLEGAL_TRANSITION'],
    ['an actual start in the future', () => orderAfter(), (id) => attempt('startWorkOrder(id: $id, actualStart: $date)', { id, date: '2022-09-02' }), 'INVALID_INPUT'],
    ['an actual end before the actual start', () => orderAfter('start'), (id) => attempt('completeWorkOrder(id: $id, actualEnd: $date)', { id, date: '2022-08-24' }), 'INVALID_INPUT'],
    ['an actual end in the future', () => orderAfter('start'), (id) => attempt('completeWorkOrder(id: $id, actualEnd: $date)', { id, date: '2022-09-30' }), 'INVALID_INPUT'],
    ['a date that does not exist', () => orderAfter(), (id) => attempt('startWorkOrder(id: $id, actualStart: $date)', { id, date: '2022-02-30' }), 'INVALID_INPUT'],
    ['a cancellation without a reason', () => orderAfter(), (id) => attempt('cancelWorkOrder(id: $id, reason: "  ")', { id }), 'INVALID_INPUT'],
    ['an unknown work order', async () => UNKNOWN, (id) => attempt('startWorkOrder(id: $id)', { id }), 'NOT_FOUND'],
    ['a planned end before the planned start', appeal, (id) => creating(sidewalk(id, { plannedEnd: '2022-07-24' })), 'INVALID_INPUT'],
    ['an empty title', appeal, (id) => creating(sidewalk(id, { title: ' ' })), 'INVALID_INPUT'],
    ['a malformed region code', appeal, (id) => creating(sidewalk(id, { regionCode: '2205' })), 'INVALID_INPUT'],
    ['a responsible agency that is not a bureau', appeal, (id) => creating(sidewalk(id, { responsibleAgencyId: 'jl-drc' })), 'INVALID_INPUT'],
    ['an unknown executing unit', appeal, (id) => creating(sidewalk(id, { executingAgencyId: 'no-such-office' })), 'INVALID_INPUT'],
    ['an appeal that does not exist', async () => UNKNOWN, (id) => creating(sidewalk(id)), 'NOT_FOUND'],
    ['an appeal id that is not an id', async () => "1' or '1'='1", (id) => creating(sidewalk(id)), 'NOT_FOUND'],
    ['a board message named as a hotline ticket (no hotline here)', appeal, (id) => creating(sidewalk(id, { appealChannel: 'HOTLINE' })), 'NOT_FOUND'],
    ['a malformed cursor', async () => '', () => gql('{ workOrders(after: "bm9wZQ") { totalCount } }'), 'INVALID_CURSOR'],
  ];

  itRefusesWritingNothing(cases, written);
});

describe('queries', () => {
  it('filters by agency (responsible or executing), status, region subtree and appeal, and pages without gaps', async () => {
    const [tonghua, changchun] = [await appeals.post(3), await appeals.post(2, { boardId: 'cc-mayor', regionCode: '220104' })];
    at('2023-03-01T09:00:00+08:00');
    const made: string[] = [];
    for (const id of tonghua) {
      made.push((await create(sidewalk(id, { regionCode: '220581', plannedStart: '2023-03-10', plannedEnd: '2023-03-20' }))).id);
      sg.services.clock.advance(60_000);
    }
    for (const id of changchun) {
      made.push((await create(sidewalk(id, { responsibleAgencyId: 'cc-chaoyang-housing', executingAgencyId: null, regionCode: '220104' }), TEST_ADMIN)).id);
      sg.services.clock.advance(60_000);
    }
    await step('startWorkOrder(id: $id)', { id: made[0] });
    const list = async (filter: Record<string, unknown>, first = 20, after?: string) =>
      ok(`query($f: WorkOrderFilter, $first: Int, $after: String) { workOrders(filter: $f, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }`, { f: filter, first, after }, TEST_ADMIN);

    expect((await list({ agencyId: 'cc-chaoyang-housing' })).totalCount).toBe(2);
    expect((await list({ regionCode: '220100' })).edges.map((e: any) => e.node.id)).toEqual([made[4], made[3]]);
    expect((await list({ appealId: tonghua[1] })).edges.map((e: any) => e.node.id)).toEqual([made[1]]);
    const mine = await list({ agencyId: 'th-municipal-eng', regionCode: '220581', status: ['IN_PROGRESS'] });
    expect(mine.edges.map((e: any) => e.node.id)).toEqual([made[0]]);

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list({ regionCode: '220000' }, 2, after);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.slice(0, 5)).toEqual([...made].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    const byNumber = await ok('query($n: String!) { workOrderByNumber(number: $n) { id } }', {
      n: (await ok('query($id: ID!) { workOrder(id: $id) { number } }', { id: made[2] }, TEST_ADMIN)).number,
    }, TEST_ADMIN);
    expect(byNumber).toEqual({ id: made[2] });
  });
});
