import { sql } from 'drizzle-orm';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, encodeEventCursor, rowsOf, type Identity } from '@civicgraph/platform';
import { testIdentity, TEST_ADMIN, type TestSubgraph } from '@civicgraph/platform/testing';
import { waitForLedger } from './ledger/worker.ts';
import { appendBoardEvent, DAY, gql, startSupervision, writtenRows } from './test-support.ts';

/*
 * Row-level scope of every read, masking of the reporter, the audited reveal, and the event feed.
 * Six clues and one board case, each placed so that every role's view is a different exact set.
 */

let sg: TestSubgraph;
const AS = {
  supervisor: testIdentity('supervisor', { agency: 'jl-gov-supervision' }),
  handlerCity: testIdentity('handler', { agency: 'cc-housing' }),
  handlerDistrict: testIdentity('handler', { agency: 'cc-chaoyang-housing' }),
  handlerTonghua: testIdentity('handler', { agency: 'th-housing' }),
  reviewer: testIdentity('reviewer', { agency: 'cc-housing' }),
  hotline: testIdentity('hotline_agent', { agency: 'cc-mayor-hotline' }),
  wang: testIdentity('citizen', { subject: 'citizen:wang' }),
  li: testIdentity('citizen', { subject: 'citizen:li' }),
  dashboard: testIdentity('dashboard'),
  integrator: testIdentity('integrator'),
} satisfies Record<string, Identity>;

const PERSONAL = ['王先生', '13900000000', '李女士', '13800001111', '赵师傅', '13700002222'];
const ids: Record<string, string> = {};
const orders: Record<string, string> = {};
const id = (name: string) => ids[name]!;
const BOARD_CASE = '0b0a0d00-0000-4000-8000-00000000c0de';

async function clue(name: string, as: Identity, input: Record<string, unknown>, transferTo?: string): Promise<void> {
  const { submitClue } = await gql(sg, 'mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }', {
    input: { title: name, content: `${name}的情况`, sensitivity: 'IMPORTANT', ...input },
  }, as);
  ids[name] = submitClue.id;
  if (!transferTo) return;
  const due = new Date(sg.services.clock.now().getTime() + 5 * DAY).toISOString();
  await gql(sg, 'mutation($id: ID!) { acceptClue(id: $id) { id } }', { id: submitClue.id });
  await gql(sg, 'mutation($id: ID!, $g: ID!, $d: DateTime!) { transferClue(id: $id, agencyId: $g, dueAt: $d) { id } }', { id: submitClue.id, g: transferTo, d: due });
}

async function order(name: string, clueName: string, targetAgencyId: string): Promise<void> {
  const input = { appealId: ids[clueName], issuingAgencyId: 'jl-gov-supervision', targetAgencyId, requirements: '限期办结',
    dueAt: new Date(sg.services.clock.now().getTime() + 3 * DAY).toISOString() };
  orders[name] = (await gql(sg, 'mutation($input: IssueSupervisionOrderInput!) { issueSupervisionOrder(input: $input) { id } }', { input }))
    .issueSupervisionOrder.id;
}

beforeAll(async () => {
  sg = await startSupervision(new Date('2022-11-01T09:00:00+08:00'));
  // Reported online by citizens (unassigned), or entered by the supervision office and transferred.
  await clue('wangChaoyang', AS.wang, { regionCode: '220104', reporterName: '王先生', reporterPhone: '13900000000' });
  await clue('chaoyang', AS.supervisor, { regionCode: '220104', reporterName: '赵师傅', reporterPhone: '13700002222' }, 'cc-chaoyang-housing');
  await clue('nanguan', AS.supervisor, { regionCode: '220102' }, 'cc-nanguan-housing');
  await clue('dongchang', AS.supervisor, { regionCode: '220502' }, 'th-dongchang-housing');
  await clue('liTonghua', AS.li, { regionCode: '220502', reporterName: '李女士', reporterPhone: '13800001111' });
  await clue('chuanying', AS.supervisor, { regionCode: '220204' }, 'jc-chuanying-housing');
  await appendBoardEvent(sg.services.database.db, BOARD_CASE, sg.services.clock.now(), { to: 'ASSIGNED', assigneeId: 'th-housing', sequence: 1 });
  await order('chaoyang', 'chaoyang', 'cc-chaoyang-housing');
  await order('dongchang', 'dongchang', 'th-dongchang-housing');
  await waitForLedger(sg.services.database);
});
afterAll(() => sg?.stop());

const names = (list: string[]) => list.map((n) => ids[n] ?? n).sort();
const ALL = ['wangChaoyang', 'chaoyang', 'nanguan', 'dongchang', 'liTonghua', 'chuanying'];
const VIEWS: [string, Identity, string[]][] = [
  ['admin', TEST_ADMIN, ALL],
  ['supervisor', AS.supervisor, ALL],
  ['dashboard', AS.dashboard, ALL],
  ['integrator', AS.integrator, ALL],
  // The agency and its district bureaus, plus unassigned clues from the city.
  ['handler of the city bureau', AS.handlerCity, ['wangChaoyang', 'chaoyang', 'nanguan']],
  ['reviewer of the city bureau', AS.reviewer, ['wangChaoyang', 'chaoyang', 'nanguan']],
  ['handler of the district bureau', AS.handlerDistrict, ['wangChaoyang', 'chaoyang']],
  ['handler in another city', AS.handlerTonghua, ['dongchang', 'liTonghua']],
  ['hotline agent', AS.hotline, ['wangChaoyang']],
  ['citizen Wang', AS.wang, ['wangChaoyang']],
  ['citizen Li', AS.li, ['liTonghua']],
  ['anonymous', ANONYMOUS, []],
];

describe('clues are read within reach', () => {
  it.each(VIEWS)('%s: the list, by id and by reference show exactly the clues in reach', async (_who, as, expected) => {
    const { data } = await sg.query('{ clues(first: 50) { totalCount edges { node { id } } } }', {}, as);
    expect(data!.clues.totalCount).toBe(expected.length);
    expect(data!.clues.edges.map((e: any) => e.node.id).sort()).toEqual(names(expected));
    const byId = await sg.query(`query($ids: [_Any!]!) { _entities(representations: $ids) { ... on Clue { id } } }`,
      { ids: ALL.map((n) => ({ __typename: 'Clue', id: ids[n] })) }, as);
    expect(byId.data!._entities.filter(Boolean).map((c: any) => c.id).sort()).toEqual(names(expected));
    const one = await sg.query('query($id: ID!) { clue(id: $id) { id } }', { id: ids.chaoyang }, as);
    expect(one.data!.clue).toEqual(expected.includes('chaoyang') ? { id: ids.chaoyang } : null);
  });

  it('masks the reporter for every role that sees the clue, in lists and by id', async () => {
    const query = `query($id: ID!) { clue(id: $id) { reporterName reporterPhone } clues(first: 50) { edges { node { id reporterName reporterPhone } } } }`;
    for (const as of [TEST_ADMIN, AS.supervisor, AS.handlerCity, AS.handlerDistrict, AS.hotline, AS.wang, AS.dashboard, AS.integrator]) {
      const response = await sg.query(query, { id: ids.wangChaoyang }, as);
      expect(response.data!.clue).toEqual({ reporterName: '王**', reporterPhone: '139****0000' });
      const listed = response.data!.clues.edges.map((e: any) => e.node).find((c: any) => c.id === ids.wangChaoyang);
      expect(listed).toMatchObject({ reporterName: '王**', reporterPhone: '139****0000' });
      for (const value of PERSONAL) expect(JSON.stringify(response)).not.toContain(value);
    }
    expect((await gql(sg, 'query($id: ID!) { clue(id: $id) { reporterName reporterPhone } }', { id: ids.nanguan })).clue)
      .toEqual({ reporterName: null, reporterPhone: null });
  });
});

describe('the case ledger and supervision orders are read within reach', () => {
  const caseViews: [string, Identity, string[]][] = [
    ['supervisor', AS.supervisor, [...ALL, BOARD_CASE]],
    ['handler of the city bureau', AS.handlerCity, ['wangChaoyang', 'chaoyang', 'nanguan']],
    ['handler in another city', AS.handlerTonghua, ['dongchang', 'liTonghua', BOARD_CASE]],
    // No author column in the ledger: a citizen sees none of it, not even their own clue's case.
    ['citizen Wang', AS.wang, []],
    ['anonymous', ANONYMOUS, []],
  ];
  it.each(caseViews)('%s: cases, case by id and Clue.case', async (_who, as, expected) => {
    const { data } = await sg.query('{ cases(first: 50) { totalCount edges { node { id } } } }', {}, as);
    expect(data!.cases.edges.map((e: any) => e.node.id).sort()).toEqual(names(expected));
    expect(data!.cases.totalCount).toBe(expected.length);
    const byId = await sg.query('query($a: ID!, $b: ID!) { a: case(id: $a) { id } b: case(id: $b) { id } }', { a: ids.chaoyang, b: BOARD_CASE }, as);
    expect(byId.data).toEqual({
      a: expected.includes('chaoyang') ? { id: ids.chaoyang } : null,
      b: expected.includes(BOARD_CASE) ? { id: BOARD_CASE } : null,
    });
  });

  const orderViews: [string, Identity, string[]][] = [
    ['supervisor', AS.supervisor, ['chaoyang', 'dongchang']],
    ['dashboard', AS.dashboard, ['chaoyang', 'dongchang']],
    ['handler of the city bureau (the target’s parent)', AS.handlerCity, ['chaoyang']],
    ['handler of the target bureau', AS.handlerDistrict, ['chaoyang']],
    ['handler in another city', AS.handlerTonghua, ['dongchang']],
    ['hotline agent', AS.hotline, []],
    ['citizen Wang', AS.wang, []],
  ];
  it.each(orderViews)('%s: supervision orders, by id and nested', async (_who, as, expected) => {
    const { data } = await sg.query(`query($id: ID!) { supervisionOrders { totalCount edges { node { id } } }
      supervisionOrder(id: $id) { id } }`, { id: orders.chaoyang }, as);
    expect(data!.supervisionOrders.edges.map((e: any) => e.node.id).sort()).toEqual(expected.map((n) => orders[n]).sort());
    expect(data!.supervisionOrders.totalCount).toBe(expected.length);
    expect(data!.supervisionOrder).toEqual(expected.includes('chaoyang') ? { id: orders.chaoyang } : null);
  });

  it('hides nested records out of reach: another agency’s order on a visible clue, a clue’s case for its citizen', async () => {
    const nested = `query($id: ID!) { clue(id: $id) { supervisionOrders { id } case { id } } }`;
    expect((await gql(sg, nested, { id: ids.wangChaoyang }, AS.wang)).clue).toEqual({ supervisionOrders: [], case: null });
    expect((await gql(sg, nested, { id: ids.chaoyang }, AS.handlerDistrict)).clue).toEqual({ supervisionOrders: [{ id: orders.chaoyang }], case: { id: ids.chaoyang } });
    expect((await gql(sg, nested, { id: ids.chaoyang }, AS.hotline)).clue).toBeNull();
  });

  it('leaves the KPIs public and refuses anonymous reads of campaigns and the policy', async () => {
    const kpis = await sg.query(`{ _entities(representations: [{ __typename: "Agency", id: "cc-chaoyang-housing" }]) {
      ... on Agency { kpis(from: "2022-10-01T00:00:00+08:00", to: "2022-12-01T00:00:00+08:00") { assigned } } } }`, {}, ANONYMOUS);
    expect(kpis.data!._entities).toEqual([{ kpis: { assigned: 1 } }]);
    for (const query of ['{ inspectionCampaigns { totalCount } }', '{ escalationPolicy { orderAfterWorkingDays } }']) {
      expect((await sg.query(query, {}, ANONYMOUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await sg.query(query, {}, AS.wang)).errors).toBeUndefined();
    }
  });
});

describe('revealing the reporter', () => {
  const REVEAL = 'mutation($id: ID!, $reason: String!) { revealClueReporter(id: $id, reason: $reason) { recordType recordId name phone address } }';
  const audit = async () => rowsOf<Record<string, unknown>>(await sg.services.database.db.execute(sql`
    select subject, agency_id, roles, subgraph, record_type, record_id, fields, reason from access.personal_data_reveals order by id`));

  it('refuses the wrong role, another agency, the reporter and a short reason, writing no audit row', async () => {
    const before = await writtenRows(sg.services.database.db);
    const attempts: [Identity, string, string][] = [
      [AS.reviewer, id('chaoyang'), 'FORBIDDEN'],
      [AS.dashboard, id('chaoyang'), 'FORBIDDEN'],
      [AS.handlerTonghua, id('chaoyang'), 'FORBIDDEN'],
      [AS.wang, id('wangChaoyang'), 'FORBIDDEN'],
      [AS.handlerDistrict, id('chaoyang'), 'INVALID_INPUT'],
    ];
    for (const [as, clueId, code] of attempts) {
      const response = await sg.query(REVEAL, { id: clueId, reason: code === 'INVALID_INPUT' ? '回访' : '回访需要联系举报人' }, as);
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(response.data).toBeNull();
    }
    expect(await writtenRows(sg.services.database.db)).toEqual(before);
  });

  it('shows the handling agency the full values and writes exactly one audit row', async () => {
    const before = (await audit()).length;
    const { revealClueReporter } = await gql(sg, REVEAL, { id: ids.chaoyang, reason: '回访需要联系举报人' }, AS.handlerDistrict);
    expect(revealClueReporter).toEqual({ recordType: 'Clue', recordId: ids.chaoyang, name: '赵师傅', phone: '13700002222', address: null });
    const rows = await audit();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({
      subject: AS.handlerDistrict.subject, agency_id: 'cc-chaoyang-housing', roles: ['handler'], subgraph: 'supervision',
      record_type: 'Clue', record_id: ids.chaoyang, fields: ['reporterName', 'reporterPhone'], reason: '回访需要联系举报人',
    });
  });
});

describe('events', () => {
  it('carry none of the reporters’ personal data (the clues’ events; the ledger writes none)', async () => {
    const log = rowsOf<{ type: string; payload: unknown }>(await sg.services.database.db.execute(sql`select type, payload from events.event_log`));
    expect(new Set(log.map((e) => e.type))).toEqual(new Set(['AppealTransitioned']));
    const text = JSON.stringify(log);
    const authors = rowsOf<{ id: string; reporter_subject: string | null }>(await sg.services.database.db.execute(sql`
      select id, reporter_subject from supervision.clues where reporter_subject is not null order by reporter_subject`));
    expect(authors).toEqual([{ id: id('liTonghua'), reporter_subject: 'citizen:li' }, { id: id('wangChaoyang'), reporter_subject: 'citizen:wang' }]);
    // Nor the citizens' account ids: those stay in the clue's author column.
    for (const value of [...PERSONAL, '王**', '139****0000', 'citizen:wang', 'citizen:li']) expect(text).not.toContain(value);
  });

  const clients: Client[] = [];
  afterAll(async () => Promise.all(clients.map((c) => c.dispose())));
  /** Replays the feed from the start as `as`; the first result (an event, or the refusal). */
  async function firstEvents(as: Identity, count: number) {
    const client = createClient({ url: sg.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: await sg.connectionParamsFor(as), lazy: true });
    clients.push(client);
    const after = encodeEventCursor({ txId: '0', seq: '0' }); // before the first event
    const iterator = client.iterate<{ caseEvents: { case: { id: string } } }>({ query: `subscription($after: String) { caseEvents(after: $after) { case { id } } }`, variables: { after } });
    const results: { data?: { caseEvents: { case: { id: string } } } | null; errors?: readonly { extensions?: Record<string, unknown> }[] }[] = [];
    try {
      for (let n = 0; n < count; n++) results.push((await iterator.next()).value);
    } catch (error) {
      // A refusal before the stream starts may come as an error message rather than a result.
      results.push({ errors: Array.isArray(error) ? error : [error as never] });
    }
    await iterator.return?.();
    return results;
  }

  it('streams caseEvents to events:read holders only, and only for cases in their reach', async () => {
    const all = await firstEvents(AS.dashboard, 3);
    expect(all.every((r) => r.data?.caseEvents.case.id)).toBe(true);
    const [refused] = await firstEvents(AS.handlerCity, 1);
    expect(refused?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A handler whose token also carries events:read sees the feed of their reach alone.
    const feeder = { ...AS.handlerTonghua, scopes: [...AS.handlerTonghua.scopes, 'events:read'] };
    const own = await firstEvents(feeder, 5);
    expect(own.map((r) => r.data!.caseEvents.case.id)).toEqual([ids.dongchang, ids.dongchang, ids.dongchang, ids.liTonghua, BOARD_CASE]);
  });
});
