import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, rowsOf, type Identity } from '@civicgraph/platform';
import { TEST_ADMIN, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { writtenByHeating } from './test-support.ts';
import { startWithBoard, type BoardForTests } from '@civicgraph/board/testing';

let sg: TestSubgraph;
let appeals: BoardForTests;
const run = (query: ReturnType<typeof sql>) => sg.services.database.db.execute(query);
beforeAll(async () => {
  ({ sg, appeals } = await startWithBoard(subgraph, new Date('2022-12-05T10:00:00+08:00')));
  // A second heating company, in Jilin City under its district bureau: another agency subtree.
  await run(sql`insert into agencies.agencies (id, name, name_en, kind, region_code, parent_id)
    values ('jc-heating-co', '船营区供热公司', 'Chuanying District Heating Company', 'COMPANY', '220204', 'jc-chuanying-housing')`);
});
afterAll(() => sg?.stop());

// cc-heating-co sits below cc-chaoyang-housing, which sits below cc-housing.
const CO = testIdentity('handler', { agency: 'cc-heating-co' });
const DISTRICT = testIdentity('handler', { agency: 'cc-chaoyang-housing' });
const CITY = testIdentity('handler', { agency: 'cc-housing' });
const JC = testIdentity('handler', { agency: 'jc-chuanying-housing' });
const JC_CO = testIdentity('handler', { agency: 'jc-heating-co' });
const REVIEWER = testIdentity('reviewer', { agency: 'cc-heating-co' });
const HOTLINE = testIdentity('hotline_agent', { agency: 'cc-mayor-hotline' });
const SUPERVISOR = testIdentity('supervisor');
const DASHBOARD = testIdentity('dashboard');
const CITIZEN = testIdentity('citizen');

const ADDRESS = '长春市朝阳区某小区3栋2单元501室';
const MASKED = '长春市朝阳区****';
const NOW = '2022-12-05T09:00:00+08:00';

async function ok(query: string, variables: Record<string, unknown> = {}, as: Identity = TEST_ADMIN) {
  const response = await sg.query(query, variables, as);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

const createInput = (appealId: string, company = 'cc-heating-co') => ({
  appealChannel: 'BOARD', appealId, companyId: company, supervisingAgencyId: company === 'cc-heating-co' ? 'cc-chaoyang-housing' : 'jc-chuanying-housing',
  regionCode: company === 'cc-heating-co' ? '220104' : '220204', address: ADDRESS, description: '暖气不热',
});
const CREATE = 'mutation($input: CreateHeatingOrderInput!) { r: createHeatingOrder(input: $input) { id number address } }';
const STEPS = {
  inspect: 'mutation($id: ID!) { r: startHeatingInspection(id: $id) { id status address } }',
  reading: `mutation($id: ID!) { r: addHeatingReading(id: $id, input: { roomC: 19, takenAt: "${NOW}" }) { id status address } }`,
  measure: `mutation($id: ID!) { r: addHeatingMeasure(id: $id, input: { kind: VALVE_ADJUSTED, description: "调节阀门", takenAt: "${NOW}" }) { id status address } }`,
  resolve: 'mutation($id: ID!) { r: resolveHeatingOrder(id: $id) { id status address } }',
  unresolved: 'mutation($id: ID!) { r: markHeatingOrderUnresolved(id: $id, reason: "仍不热") { id status address } }',
};
type Step = keyof typeof STEPS;
/** What must have happened before each step may run. */
const BEFORE: Record<Step, Step[]> = { inspect: [], reading: [], measure: ['inspect'], resolve: ['inspect', 'measure', 'reading'], unresolved: ['inspect', 'measure'] };

/** A fresh order of `company` on a fresh appeal, taken by an admin through `steps`. */
async function order(company = 'cc-heating-co', ...steps: Step[]): Promise<{ id: string; appealId: string }> {
  const [appealId] = await appeals.post(1, { boardId: 'cc-mayor', regionCode: '220104', category: '供热', title: '暖气不热' });
  const { id } = (await ok(CREATE, { input: createInput(appealId!, company) })).r;
  for (const s of steps) await ok(STEPS[s], { id });
  return { id, appealId: appealId! };
}

const written = () => writtenByHeating(sg.services.database.db);

describe('who may work on heating orders', () => {
  const refusers: [string, Identity, string][] = [
    ['anonymous', ANONYMOUS, 'UNAUTHENTICATED'],
    ['a citizen', CITIZEN, 'FORBIDDEN'],
    ['a reviewer of the company', REVIEWER, 'FORBIDDEN'],
    ['a supervisor', SUPERVISOR, 'FORBIDDEN'],
    ['a handler of another city’s bureau', JC, 'FORBIDDEN'],
    ['a handler of another heating company', JC_CO, 'FORBIDDEN'],
  ];
  const cases = refusers.flatMap(([who, as, code]) => [
    ...(Object.keys(STEPS) as Step[]).map((s) => [`${s} by ${who}`, as, s, code] as const),
    [`create by ${who}`, as, 'create', code] as const,
  ]);
  it.each(cases)('refuses %s, writing nothing', async (_name, as, stepName, code) => {
    const prepared = stepName === 'create' ? null : await order('cc-heating-co', ...BEFORE[stepName]);
    const [appealId] = stepName === 'create' ? await appeals.post(1, { boardId: 'cc-mayor', regionCode: '220104' }) : [];
    const before = await written();
    const response = stepName === 'create'
      ? await sg.query(CREATE, { input: createInput(appealId!) }, as)
      : await sg.query(STEPS[stepName], { id: prepared!.id }, as);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await written()).toEqual(before);
  });

  it('lets the company’s handlers and the bureaus above it do the work, each on their own company', async () => {
    const created = (await ok(CREATE, { input: createInput((await order()).appealId) }, DISTRICT)).r;
    expect(created.address).toBe(MASKED);
    for (const [s, as] of [['inspect', CO], ['measure', CO], ['reading', CITY], ['unresolved', DISTRICT], ['measure', CO], ['resolve', CO]] as [Step, Identity][]) {
      expect((await ok(STEPS[s], { id: created.id }, as)).r).toMatchObject({ id: created.id, address: MASKED });
    }
    const jc = await order('jc-heating-co');
    expect((await ok(STEPS.inspect, { id: jc.id }, JC_CO)).r.status).toBe('INSPECTING');
    expect((await sg.query(STEPS.inspect, { id: (await order()).id }, JC_CO)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('leaves company standards to admins', async () => {
    const SET = 'mutation { setHeatingStandard(companyId: "cc-heating-co", roomMinC: 19) { roomMinC } }';
    for (const [as, code] of [[ANONYMOUS, 'UNAUTHENTICATED'], [CO, 'FORBIDDEN'], [CITY, 'FORBIDDEN'], [SUPERVISOR, 'FORBIDDEN']] as const) {
      const before = await written();
      expect((await sg.query(SET, {}, as)).errors?.[0]?.extensions?.code).toBe(code);
      expect(await written()).toEqual(before);
    }
    expect((await ok(SET)).setHeatingStandard).toEqual({ roomMinC: 19 });
    await ok('mutation { setHeatingStandard(companyId: "cc-heating-co", roomMinC: 18) { roomMinC } }');
  });
});

describe('who may read heating orders, and the address masked for all', () => {
  let cc: { id: string; appealId: string };
  let jc: { id: string; appealId: string };
  beforeAll(async () => {
    for (const table of ['readings', 'measures', 'order_transitions', 'heating_orders']) await run(sql.raw(`delete from heating.${table}`));
    cc = await order('cc-heating-co', 'inspect');
    jc = await order('jc-heating-co');
    await ok(`mutation { r: addHeatingReading(id: "${cc.id}", input: { roomC: 15, takenAt: "${NOW}" }) { id } }`);
  });

  const READ = `query($id: ID!, $reps: [_Any!]!) {
    list: heatingOrders { totalCount edges { node { id address } } }
    byId: heatingOrder(id: $id) { id address }
    refs: _entities(representations: $reps) {
      ... on HeatingOrder { id address }
      ... on Message { heatingOrders { id address } }
      ... on Agency { openHeatingOrders { id address } roomsBelowStandard }
    } }`;
  const read = async (as: Identity, id: string) => {
    const response = await sg.query(READ, { id, reps: [
      { __typename: 'HeatingOrder', id: cc.id }, { __typename: 'Message', id: cc.appealId }, { __typename: 'Agency', id: 'cc-heating-co' },
    ] }, as);
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response)).not.toContain('某小区');
    return response.data!;
  };

  it('shows the company’s and its bureaus’ staff their orders only, masked', async () => {
    for (const as of [CO, DISTRICT, CITY]) {
      const data = await read(as, jc.id);
      expect(data.list).toEqual({ totalCount: 1, edges: [{ node: { id: cc.id, address: MASKED } }] });
      expect(data.byId).toBeNull();
      expect(data.refs).toEqual([
        { id: cc.id, address: MASKED }, { heatingOrders: [{ id: cc.id, address: MASKED }] },
        { openHeatingOrders: [{ id: cc.id, address: MASKED }], roomsBelowStandard: 1 },
      ]);
    }
    const other = await read(JC, jc.id);
    expect(other.list).toEqual({ totalCount: 1, edges: [{ node: { id: jc.id, address: MASKED } }] });
    expect(other.byId).toEqual({ id: jc.id, address: MASKED });
    expect(other.refs).toEqual([null, { heatingOrders: [] }, { openHeatingOrders: [], roomsBelowStandard: 1 }]);
  });

  it('shows admins, supervisors and dashboards every order, masked; others none, but the public count', async () => {
    for (const as of [TEST_ADMIN, SUPERVISOR, DASHBOARD]) {
      const data = await read(as, jc.id);
      expect(data.list.totalCount).toBe(2);
      expect(data.list.edges.map((e: any) => e.node.address)).toEqual([MASKED, MASKED]);
      expect(data.byId).toEqual({ id: jc.id, address: MASKED });
    }
    for (const as of [CITIZEN, ANONYMOUS, HOTLINE, testIdentity('reviewer', { agency: 'th-housing' })]) {
      const data = await read(as, cc.id);
      expect(data).toEqual({
        list: { totalCount: 0, edges: [] }, byId: null,
        refs: [null, { heatingOrders: [] }, { openHeatingOrders: [], roomsBelowStandard: 1 }],
      });
    }
  });
});

describe('revealing the address', () => {
  const REVEAL = 'mutation($id: ID!, $reason: String!) { revealHeatingAddress(id: $id, reason: $reason) { recordType recordId name phone address revealedAt } }';
  const audit = async () => rowsOf<Record<string, unknown>>(await run(sql`select subject, agency_id, roles, subgraph, record_type, record_id, fields, reason
    from access.personal_data_reveals order by id`));

  it('gives the company’s handler the address in full and writes exactly one audit row', async () => {
    const { id } = await order();
    const before = (await audit()).length;
    const revealed = (await ok(REVEAL, { id, reason: '入户测温需要地址' }, CO)).revealHeatingAddress;
    expect(revealed).toEqual({ recordType: 'HeatingOrder', recordId: id, name: null, phone: null, address: ADDRESS, revealedAt: '2022-12-05T02:00:00.000Z' });
    const rows = await audit();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      subject: CO.subject, agency_id: 'cc-heating-co', roles: ['handler'], subgraph: 'heating', record_type: 'HeatingOrder',
      record_id: id, fields: ['address'], reason: '入户测温需要地址',
    });
    expect((await ok(REVEAL, { id, reason: '督办回访核实地址' }, SUPERVISOR)).revealHeatingAddress.address).toBe(ADDRESS);
    expect((await ok(REVEAL, { id, reason: '区住建局督办核实' }, DISTRICT)).revealHeatingAddress.address).toBe(ADDRESS);
    expect((await audit()).slice(-2).map((r) => r.subject)).toEqual([SUPERVISOR.subject, DISTRICT.subject]);
  });

  const NO_SCOPE: Identity = { ...CO, subject: 'handler:no-reveal-scope', scopes: CO.scopes.filter((s) => s !== 'personal-data:reveal') };
  const refusals: [string, Identity, string, string][] = [
    ['anonymous', ANONYMOUS, '入户测温需要地址', 'UNAUTHENTICATED'],
    ['a handler of another city’s bureau', JC, '入户测温需要地址', 'FORBIDDEN'],
    ['a handler of another heating company', JC_CO, '入户测温需要地址', 'FORBIDDEN'],
    ['a reviewer of the company', REVIEWER, '入户测温需要地址', 'FORBIDDEN'],
    ['a hotline agent outside the company', HOTLINE, '入户测温需要地址', 'FORBIDDEN'],
    ['a dashboard', DASHBOARD, '入户测温需要地址', 'FORBIDDEN'],
    ['a handler without the reveal scope', NO_SCOPE, '入户测温需要地址', 'FORBIDDEN'],
    ['a reason too short', CO, '测温', 'INVALID_INPUT'],
  ];
  it.each(refusals)('refuses %s, writing no audit row and showing no address', async (_who, as, reason, code) => {
    const { id } = await order();
    const before = await written();
    const response = await sg.query(REVEAL, { id, reason }, as);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(response)).not.toContain('某小区');
    expect(await written()).toEqual(before);
  });

  it('answers an unknown order with NOT_FOUND and no audit row', async () => {
    const before = await written();
    const response = await sg.query(REVEAL, { id: '00000000-0000-4000-8000-000000000000', reason: '入户测温需要地址' }, CO);
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await written()).toEqual(before);
  });
});

describe('events', () => {
  it('never carry the household address, through a whole lifecycle', async () => {
    const { id } = await order('cc-heating-co', 'inspect', 'measure', 'reading', 'resolve');
    const payloads = rowsOf<{ type: string; payload: Record<string, unknown> }>(await run(sql`select type, payload from events.event_log
      where source = 'heating' and aggregate_id = ${id} order by seq`));
    expect(payloads.map((p) => p.type)).toEqual([
      'HeatingOrderTransitioned', 'HeatingOrderTransitioned', 'HeatingMeasureTaken', 'HeatingOrderTransitioned', 'HeatingReadingTaken', 'HeatingOrderTransitioned',
    ]);
    const all = JSON.stringify(rowsOf(await run(sql`select payload from events.event_log where source = 'heating'`)));
    expect(all).not.toContain('某小区');
    expect(all).not.toContain(ADDRESS);
  });
});
