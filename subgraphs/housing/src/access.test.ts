import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, rowsOf, type Identity } from '@civicgraph/platform';
import { TEST_ADMIN, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { POSTER, startWithBoard, type BoardForTests } from '@civicgraph/board/testing';

let sg: TestSubgraph;
let appeals: BoardForTests;
beforeAll(async () => void ({ sg, appeals } = await startWithBoard(subgraph, new Date('2022-09-01T09:00:00+08:00'))));
afterAll(() => sg?.stop());

// Tonghua: th-housing has th-municipal-eng and th-dongchang-housing below it. Changchun: cc-chaoyang-housing.
const TH_HANDLER = testIdentity('handler', { agency: 'th-housing' });
const ENG_HANDLER = testIdentity('handler', { agency: 'th-municipal-eng' });
const CC_HANDLER = testIdentity('handler', { agency: 'cc-chaoyang-housing' });
const TH_REVIEWER = testIdentity('reviewer', { agency: 'th-housing' });
const CC_REVIEWER = testIdentity('reviewer', { agency: 'cc-chaoyang-housing' });
const SUPERVISOR = testIdentity('supervisor');
const HOTLINE = testIdentity('hotline_agent', { agency: 'th-mayor-hotline' });
const DASHBOARD = testIdentity('dashboard');
const CITIZEN = testIdentity('citizen', { subject: 'citizen:someone-else' });

/** Everything this subgraph writes, with a checksum of the orders, so a refused request that wrote anything shows. */
async function written() {
  const [row] = rowsOf<Record<string, number | string>>(
    await sg.services.database.db.execute(sql`select
      (select md5(coalesce(string_agg(w::text, ',' order by w.id), '')) from housing.work_orders w) as orders,
      (select count(*)::int from housing.work_order_transitions) as transitions,
      (select count(*)::int from events.event_log where source = 'housing') as events`),
  );
  return row!;
}

const input = (appealId: string, responsibleAgencyId: string, executingAgencyId: string | null = null) => ({
  appealChannel: 'BOARD', appealId, responsibleAgencyId, executingAgencyId, title: '人行道恢复工程',
  regionCode: responsibleAgencyId.startsWith('cc-') ? '220104' : '220502', location: '育红小学门前', plannedStart: '2022-08-20', plannedEnd: '2022-08-30',
});
const CREATE = 'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id status timeline { actor } } }';
const MUTATIONS = {
  start: 'mutation($id: ID!) { r: startWorkOrder(id: $id, actualStart: "2022-08-25") { id status } }',
  complete: 'mutation($id: ID!) { r: completeWorkOrder(id: $id, actualEnd: "2022-08-31") { id status } }',
  accept: 'mutation($id: ID!) { r: acceptWorkOrder(id: $id, note: "验收合格") { id status acceptedBy } }',
  cancel: 'mutation($id: ID!) { r: cancelWorkOrder(id: $id, reason: "设计变更") { id status } }',
};
type Step = keyof typeof MUTATIONS;

async function ok(query: string, variables: Record<string, unknown>, as: Identity = TEST_ADMIN) {
  const response = await sg.query(query, variables, as);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return Object.values(response.data!)[0] as Record<string, any>;
}

/** A fresh order (on a fresh appeal) of `responsible`, taken by an admin through `steps`. */
async function order(responsible: string, executing: string | null = null, ...steps: Step[]): Promise<string> {
  const [appealId] = await appeals.post(1);
  const { id } = await ok(CREATE, { input: input(appealId!, responsible, executing) });
  for (const s of steps) await ok(MUTATIONS[s], { id });
  return id as string;
}

describe('who may plan works', () => {
  const refusals: [string, Identity, string, string][] = [
    ['anonymous', ANONYMOUS, 'th-housing', 'UNAUTHENTICATED'],
    ['a citizen', CITIZEN, 'th-housing', 'FORBIDDEN'],
    ['a reviewer of the bureau', TH_REVIEWER, 'th-housing', 'FORBIDDEN'],
    ['a supervisor (planning is the bureau’s)', SUPERVISOR, 'th-housing', 'FORBIDDEN'],
    ['a hotline agent', HOTLINE, 'th-housing', 'FORBIDDEN'],
    ['a handler of another city’s bureau', CC_HANDLER, 'th-housing', 'FORBIDDEN'],
    ['a handler of the unit below the bureau, for the bureau', ENG_HANDLER, 'th-housing', 'FORBIDDEN'],
  ];
  it.each(refusals)('refuses %s, writing nothing', async (_who, as, responsible, code) => {
    const [appealId] = await appeals.post(1);
    const before = await written();
    const response = await sg.query(CREATE, { input: input(appealId!, responsible) }, as);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.data).toBeNull();
    expect(await written()).toEqual(before);
  });

  it('lets a handler plan for the bureau and for a bureau below it, recording who', async () => {
    const [a, b] = await appeals.post(2);
    const own = await ok(CREATE, { input: input(a!, 'th-housing', 'th-municipal-eng') }, TH_HANDLER);
    const below = await ok(CREATE, { input: input(b!, 'th-dongchang-housing') }, TH_HANDLER);
    expect([own.status, below.status]).toEqual(['PLANNED', 'PLANNED']);
    expect(below.timeline).toEqual([{ actor: TH_HANDLER.subject }]);
  });
});

describe('who may move a work order', () => {
  // [who, identity, order's responsible bureau, its executing unit, steps before, the step, code]
  const refusals: [string, Identity, string, string | null, Step[], Step, string][] = [
    ['anonymous starting', ANONYMOUS, 'th-housing', null, [], 'start', 'UNAUTHENTICATED'],
    ['a citizen starting', CITIZEN, 'th-housing', null, [], 'start', 'FORBIDDEN'],
    ['a reviewer starting', TH_REVIEWER, 'th-housing', null, [], 'start', 'FORBIDDEN'],
    ['another city’s handler starting', CC_HANDLER, 'th-housing', 'th-municipal-eng', [], 'start', 'FORBIDDEN'],
    ['another city’s handler completing', CC_HANDLER, 'th-housing', null, ['start'], 'complete', 'FORBIDDEN'],
    ['the bureau’s handler accepting (a review)', TH_HANDLER, 'th-housing', null, ['start', 'complete'], 'accept', 'FORBIDDEN'],
    ['another city’s reviewer accepting', CC_REVIEWER, 'th-housing', null, ['start', 'complete'], 'accept', 'FORBIDDEN'],
    ['anonymous accepting', ANONYMOUS, 'th-housing', null, ['start', 'complete'], 'accept', 'UNAUTHENTICATED'],
    ['the executing unit accepting its own works', testIdentity('reviewer', { agency: 'th-municipal-eng' }), 'th-housing', 'th-municipal-eng', ['start', 'complete'], 'accept', 'FORBIDDEN'],
    ['a reviewer cancelling', TH_REVIEWER, 'th-housing', null, [], 'cancel', 'FORBIDDEN'],
    ['the executing unit cancelling', ENG_HANDLER, 'th-housing', 'th-municipal-eng', [], 'cancel', 'FORBIDDEN'],
    ['another city’s handler cancelling', CC_HANDLER, 'th-housing', null, ['start'], 'cancel', 'FORBIDDEN'],
    ['anonymous cancelling', ANONYMOUS, 'th-housing', null, [], 'cancel', 'UNAUTHENTICATED'],
    ['a dashboard cancelling', DASHBOARD, 'th-housing', null, [], 'cancel', 'FORBIDDEN'],
  ];
  it.each(refusals)('refuses %s, writing nothing', async (_who, as, responsible, executing, before, stepName, code) => {
    const id = await order(responsible, executing, ...before);
    const snapshot = await written();
    const response = await sg.query(MUTATIONS[stepName], { id }, as);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await written()).toEqual(snapshot);
  });

  it('lets the executing unit start and complete, the bureau’s reviewer accept', async () => {
    const id = await order('th-housing', 'th-municipal-eng');
    expect(await ok(MUTATIONS.start, { id }, ENG_HANDLER)).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await ok(MUTATIONS.complete, { id }, ENG_HANDLER)).toMatchObject({ status: 'COMPLETED' });
    expect(await ok(MUTATIONS.accept, { id }, TH_REVIEWER)).toMatchObject({ status: 'ACCEPTED', acceptedBy: TH_REVIEWER.subject });
  });

  it('lets the bureau act on orders of the bureaus below it, and supervisors accept and cancel anywhere', async () => {
    const below = await order('th-dongchang-housing');
    expect(await ok(MUTATIONS.start, { id: below }, TH_HANDLER)).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await ok(MUTATIONS.complete, { id: below }, TH_HANDLER)).toMatchObject({ status: 'COMPLETED' });
    expect(await ok(MUTATIONS.accept, { id: below }, SUPERVISOR)).toMatchObject({ status: 'ACCEPTED' });
    const changchun = await order('cc-chaoyang-housing');
    expect(await ok(MUTATIONS.cancel, { id: changchun }, SUPERVISOR)).toMatchObject({ status: 'CANCELLED' });
    expect(await ok(MUTATIONS.cancel, { id: await order('th-housing') }, TH_HANDLER)).toMatchObject({ status: 'CANCELLED' });
  });
});

describe('who may read work orders', () => {
  let ids: { th: string; eng: string; dongchang: string; cc: string };
  let appealOf: Record<string, string>;
  beforeAll(async () => {
    // A fresh region: the Tonghua orders above stay out of these lists by the filter below.
    await sg.services.database.db.execute(sql`delete from housing.work_order_transitions`);
    await sg.services.database.db.execute(sql`delete from housing.work_orders`);
    ids = {
      th: await order('th-housing'),
      eng: await order('th-housing', 'th-municipal-eng'),
      dongchang: await order('th-dongchang-housing'),
      cc: await order('cc-chaoyang-housing'),
    };
    const rows = rowsOf<{ id: string; appeal_id: string }>(await sg.services.database.db.execute(sql`select id, appeal_id from housing.work_orders`));
    appealOf = Object.fromEntries(rows.map((r) => [r.id, r.appeal_id]));
  });

  const LIST = '{ workOrders(first: 50) { totalCount edges { node { id } } } }';
  const listed = async (as: Identity) => {
    const data = await ok(LIST, {}, as);
    return { total: data.totalCount as number, ids: new Set((data.edges as any[]).map((e) => e.node.id as string)) };
  };

  it('lists only the orders of the caller’s agency subtree (responsible or executing)', async () => {
    expect(await listed(TH_HANDLER)).toEqual({ total: 3, ids: new Set([ids.th, ids.eng, ids.dongchang]) });
    expect(await listed(ENG_HANDLER)).toEqual({ total: 1, ids: new Set([ids.eng]) });
    expect(await listed(CC_REVIEWER)).toEqual({ total: 1, ids: new Set([ids.cc]) });
    expect(await listed(HOTLINE)).toEqual({ total: 0, ids: new Set() });
    expect(await listed(CITIZEN)).toEqual({ total: 0, ids: new Set() });
    expect(await listed(ANONYMOUS)).toEqual({ total: 0, ids: new Set() });
    expect((await listed(DASHBOARD)).total).toBe(4);
    expect((await listed(SUPERVISOR)).total).toBe(4);
    // A filter naming another agency cannot widen the scope.
    expect((await ok('{ workOrders(filter: { agencyId: "cc-chaoyang-housing" }) { totalCount } }', {}, TH_HANDLER)).totalCount).toBe(0);
  });

  it('answers by id, by number and by reference with null outside the caller’s reach', async () => {
    const number = (await ok('query($id: ID!) { workOrder(id: $id) { number } }', { id: ids.cc })).number;
    const lookups = async (as: Identity) => {
      const response = await sg.query(`query($id: ID!, $n: String!, $reps: [_Any!]!) {
        byId: workOrder(id: $id) { id } byNumber: workOrderByNumber(number: $n) { id }
        refs: _entities(representations: $reps) { ... on WorkOrder { id } } }`,
      { id: ids.cc, n: number, reps: [{ __typename: 'WorkOrder', id: ids.cc }, { __typename: 'WorkOrder', id: ids.dongchang }] }, as);
      expect(response.errors).toBeUndefined();
      return response.data;
    };
    expect(await lookups(TH_HANDLER)).toEqual({ byId: null, byNumber: null, refs: [null, { id: ids.dongchang }] });
    expect(await lookups(CC_HANDLER)).toEqual({ byId: { id: ids.cc }, byNumber: { id: ids.cc }, refs: [{ id: ids.cc }, null] });
    expect(await lookups(ANONYMOUS)).toEqual({ byId: null, byNumber: null, refs: [null, null] });
  });

  it('shows an appeal’s work orders to whoever sees the appeal: they hold no personal data', async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Message { workOrders { id title location } } } }`;
    for (const as of [TH_HANDLER, CITIZEN, POSTER, ANONYMOUS]) {
      const response = await sg.query(query, { reps: [{ __typename: 'Message', id: appealOf[ids.cc] }] }, as);
      expect(response.data!._entities).toEqual([{ workOrders: [{ id: ids.cc, title: '人行道恢复工程', location: '育红小学门前' }] }]);
    }
  });
});
