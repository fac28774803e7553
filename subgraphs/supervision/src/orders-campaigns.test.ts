import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSubgraph } from '@civicgraph/platform/testing';
import { waitForLedger } from './ledger/worker.ts';
import { appendBoardEvent, DAY, gql, identityOf, startSupervision, writtenRows } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision(new Date('2022-10-20T09:00:00+08:00'));
});
afterAll(() => sg?.stop());

const at = (offsetDays: number) => new Date(sg.services.clock.now().getTime() + offsetDays * DAY).toISOString();

async function clue(sensitivity = 'IMPORTANT') {
  const input = { title: '供热管网改造停工', content: '沟槽未回填，入冬无法供暖', regionCode: '220204', sensitivity };
  const { submitClue } = await gql(sg, 'mutation($input: SubmitClueInput!) { submitClue(input: $input) { id number sensitivity } }', { input });
  await gql(sg, 'mutation($id: ID!) { acceptClue(id: $id) { id } }', { id: submitClue.id });
  return submitClue as { id: string; number: string; sensitivity: string };
}

const ORDER = `id number channel status origin requirements dueAt issuedBy issuingAgency { id } targetAgency { id }
  clue { number } answer { content by } closingNote overdue`;
const issue = (input: Record<string, unknown>) =>
  sg.query(`mutation($input: IssueSupervisionOrderInput!) { issueSupervisionOrder(input: $input) { ${ORDER} } }`, { input }, identityOf('staff:jl-gov-supervision'));
const orderInput = (appealId: string, overrides: Record<string, unknown> = {}) => ({
  appealId, issuingAgencyId: 'jl-gov-supervision', targetAgencyId: 'jc-housing', requirements: '11月5日前复工并报送进度', dueAt: at(10), ...overrides,
});
const intervention = (kind: 'recordOnSiteVisit' | 'recordCoordinationMeeting', clueId: string, input: Record<string, unknown>) =>
  sg.query(`mutation($c: ID!, $input: InterventionInput!) { r: ${kind}(clueId: $c, input: $input) { id kind heldAt summary agencies { id } recordedBy } }`, { c: clueId, input }, identityOf('staff:jl-gov-supervision'));

describe('important and sensitive clues', () => {
  it('records on-site visits and coordination meetings, and a supervision order from ISSUED to CLOSED', async () => {
    const c = await clue();
    const visit = await intervention('recordOnSiteVisit', c.id, { heldAt: at(0), agencyIds: ['jl-gov-supervision', 'jc-chuanying-housing'], summary: '现场查看停工工程' });
    expect(visit.data!.r).toMatchObject({ kind: 'ON_SITE_VISIT', summary: '现场查看停工工程', agencies: [{ id: 'jl-gov-supervision' }, { id: 'jc-chuanying-housing' }], recordedBy: 'staff:jl-gov-supervision' });
    const meeting = await intervention('recordCoordinationMeeting', c.id, { heldAt: at(0), agencyIds: ['jc-housing'], summary: '协调资金，限期复工' });
    expect(meeting.data!.r.kind).toBe('COORDINATION_MEETING');

    const issued = (await issue(orderInput(c.id))).data!.issueSupervisionOrder;
    expect(issued).toMatchObject({ channel: 'SUPERVISION', status: 'ISSUED', origin: 'MANUAL', issuingAgency: { id: 'jl-gov-supervision' }, targetAgency: { id: 'jc-housing' }, clue: { number: c.number }, overdue: false });
    expect(issued.number).toMatch(/^DBD-2022-\d{6}$/);
    const answered = await gql(sg, `mutation($id: ID!) { answerSupervisionOrder(id: $id, content: "已于11月3日复工") { ${ORDER} } }`, { id: issued.id }, 'staff:jc-housing');
    expect(answered.answerSupervisionOrder).toMatchObject({ status: 'ANSWERED', answer: { content: '已于11月3日复工', by: 'staff:jc-housing' } });
    const closed = await gql(sg, `mutation($id: ID!) { closeSupervisionOrder(id: $id, note: "督办事项办结") { ${ORDER} } }`, { id: issued.id });
    expect(closed.closeSupervisionOrder).toMatchObject({ status: 'CLOSED', closingNote: '督办事项办结' });

    const read = await gql(sg, `query($id: ID!) { clue(id: $id) { sensitivity interventions { kind } supervisionOrders { number status } } }`, { id: c.id });
    expect(read.clue).toEqual({ sensitivity: 'IMPORTANT', interventions: [{ kind: 'ON_SITE_VISIT' }, { kind: 'COORDINATION_MEETING' }], supervisionOrders: [{ number: issued.number, status: 'CLOSED' }] });
    const listed = await gql(sg, `{ supervisionOrders(filter: { status: [CLOSED], targetAgencyId: "jc-housing" }) { totalCount edges { node { id } } } }`);
    expect(listed.supervisionOrders).toEqual({ totalCount: 1, edges: [{ node: { id: issued.id } }] });
  });

  it('issues an order about another channel’s open case in the ledger, and flags it overdue after its deadline', async () => {
    const caseId = '0b0a0d00-0000-4000-8000-00000000b0a1';
    await appendBoardEvent(sg.services.database.db, caseId, new Date(at(0)), { to: 'SUBMITTED', sequence: 1 });
    await waitForLedger(sg.services.database);
    const issued = (await issue(orderInput(caseId, { targetAgencyId: 'th-housing', dueAt: at(2) }))).data!.issueSupervisionOrder;
    expect(issued).toMatchObject({ channel: 'BOARD', clue: null, status: 'ISSUED' });
    sg.services.clock.advance(3 * DAY);
    try {
      expect((await gql(sg, `query($id: ID!) { supervisionOrder(id: $id) { overdue } }`, { id: issued.id })).supervisionOrder.overdue).toBe(true);
    } finally {
      sg.services.clock.advance(-3 * DAY);
    }
  });

  it('marks a clue sensitive, after which a visit can be recorded', async () => {
    const c = await clue('GENERAL');
    expect((await intervention('recordOnSiteVisit', c.id, { heldAt: at(0), agencyIds: ['jc-housing'], summary: '走访' })).errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const marked = await gql(sg, 'mutation($id: ID!) { setClueSensitivity(id: $id, sensitivity: SENSITIVE) { sensitivity } }', { id: c.id });
    expect(marked.setClueSensitivity.sensitivity).toBe('SENSITIVE');
    expect((await intervention('recordOnSiteVisit', c.id, { heldAt: at(0), agencyIds: ['jc-housing'], summary: '走访' })).data!.r.kind).toBe('ON_SITE_VISIT');
  });
});

describe('inspection campaigns', () => {
  const PREFECTURES = ['220100', '220200', '220300', '220400', '220500', '220600', '220700', '220800', '222400'];
  const campaign = (overrides: Record<string, unknown> = {}) => ({
    name: '网民留言办理工作专项督查', organizerAgencyId: 'jl-party-office',
    team: [{ name: '督查组', role: '牵头单位', agencyId: 'jl-party-office-opinion' }, { name: '互联网督查处', role: '成员单位', agencyId: 'jl-gov-supervision' }],
    regionCodes: PREFECTURES, startsAt: '2022-07-11T08:30:00+08:00', endsAt: '2022-07-29T17:30:00+08:00', ...overrides,
  });
  const create = (input: Record<string, unknown>) => sg.query(`mutation($input: CreateInspectionCampaignInput!) {
    createInspectionCampaign(input: $input) { id name organizer { id } team { name role agency { id } } regions { code } startsAt endsAt findings { summary } } }`, { input });
  const find = (campaignId: string, input: Record<string, unknown>) => sg.query(`mutation($c: ID!, $input: InspectionFindingInput!) {
    addInspectionFinding(campaignId: $c, input: $input) { summary region { code } agency { id } rectificationRequired } }`, { c: campaignId, input });

  it('records the two July–August rounds over all nine prefectures, with findings, and filters them', async () => {
    const first = (await create(campaign({ name: '第一轮' }))).data!.createInspectionCampaign;
    expect(first.regions.map((r: { code: string }) => r.code)).toEqual(PREFECTURES);
    expect(first.team[0]).toEqual({ name: '督查组', role: '牵头单位', agency: { id: 'jl-party-office-opinion' } });
    const second = (await create(campaign({ name: '第二轮', startsAt: '2022-08-15T08:30:00+08:00', endsAt: '2022-08-31T17:30:00+08:00' }))).data!.createInspectionCampaign;
    const finding = await find(first.id, { regionCode: '220322', agencyId: 'sp-mayor-hotline', summary: '答复内容简单', rectificationRequired: true });
    expect(finding.data!.addInspectionFinding).toEqual({ summary: '答复内容简单', region: { code: '220322' }, agency: { id: 'sp-mayor-hotline' }, rectificationRequired: true });
    await find(first.id, { regionCode: '220500', summary: '跟踪到位' });

    const query = `query($f: InspectionCampaignFilter) { inspectionCampaigns(filter: $f) { totalCount edges { node { name findings { summary } } } } }`;
    const all = (await gql(sg, query, { f: {} })).inspectionCampaigns;
    expect(all.edges.map((e: any) => e.node.name)).toEqual(['第二轮', '第一轮']);
    expect(all.edges[1].node.findings.map((f: any) => f.summary)).toEqual(['答复内容简单', '跟踪到位']);
    expect((await gql(sg, query, { f: { from: '2022-08-01T00:00:00+08:00' } })).inspectionCampaigns.totalCount).toBe(1);
    expect((await gql(sg, query, { f: { regionCode: '220322', to: '2022-07-31T00:00:00+08:00' } })).inspectionCampaigns.edges.map((e: any) => e.node.name)).toEqual(['第一轮']);
    expect((await gql(sg, query, { f: { regionCode: '220000' } })).inspectionCampaigns.totalCount).toBe(2);
    expect(second.findings).toEqual([]);
  });
});

describe('bad input for orders, interventions and campaigns is refused and writes nothing', () => {
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  const campaignMutation = (fields: string) => sg.query(`mutation { createInspectionCampaign(input: { name: "n",
    organizerAgencyId: "jl-party-office", ${fields} }) { id } }`);
  const withinJuly = 'startsAt: "2022-07-01T00:00:00Z", endsAt: "2022-08-01T00:00:00Z"';
  async function mergedClue() {
    const c = await clue();
    await gql(sg, 'mutation($id: ID!, $into: ID!) { mergeClue(id: $id, intoId: $into) { id } }', { id: c.id, into: (await clue()).id });
    return c;
  }
  type Refusal = { errors?: { extensions?: { code?: string } }[] };
  const none = async () => null;
  const cases: [string, () => Promise<any>, (prepared: any) => Promise<Refusal>, string][] = [
    ['an order for a general clue', () => clue('GENERAL'), (c) => issue(orderInput(c.id)), 'INVALID_INPUT'],
    ['an order for an unknown appeal', none, () => issue(orderInput(UNKNOWN)), 'NOT_FOUND'],
    ['an order to an unknown agency', () => clue(), (c) => issue(orderInput(c.id, { targetAgencyId: 'nope' })), 'INVALID_INPUT'],
    ['an order due in the past', () => clue(), (c) => issue(orderInput(c.id, { dueAt: '2022-01-01T00:00:00Z' })), 'DEADLINE_IN_PAST'],
    ['an order with empty requirements', () => clue(), (c) => issue(orderInput(c.id, { requirements: ' ' })), 'INVALID_INPUT'],
    ['an order for a merged appeal', mergedClue, (c) => issue(orderInput(c.id)), 'ILLEGAL_TRANSITION'],
    ['closing an order that was not answered', async () => (await issue(orderInput((await clue()).id))).data!.issueSupervisionOrder,
      (order) => sg.query('mutation($id: ID!) { closeSupervisionOrder(id: $id) { id } }', { id: order.id }), 'ILLEGAL_TRANSITION'],
    ['a visit in the future', () => clue(), (c) => intervention('recordOnSiteVisit', c.id, { heldAt: at(2), agencyIds: ['jc-housing'], summary: '走访' }), 'INVALID_INPUT'],
    ['a meeting with an unknown agency', () => clue(), (c) => intervention('recordCoordinationMeeting', c.id, { heldAt: at(0), agencyIds: ['nope'], summary: '会' }), 'INVALID_INPUT'],
    ['a campaign ending before it starts', none, () => campaignMutation(`team: [{ name: "a", role: "b" }], regionCodes: ["220100"],
      startsAt: "2022-08-01T00:00:00Z", endsAt: "2022-07-01T00:00:00Z"`), 'INVALID_INPUT'],
    ['a campaign over an unknown region', none, () => campaignMutation(`team: [{ name: "a", role: "b" }], regionCodes: ["220999"], ${withinJuly}`), 'INVALID_INPUT'],
    ['a campaign without a team', none, () => campaignMutation(`team: [], regionCodes: ["220100"], ${withinJuly}`), 'INVALID_INPUT'],
    ['a finding outside the campaign’s regions',
      async () => (await campaignMutation(`team: [{ name: "a", role: "b" }], regionCodes: ["220100"], ${withinJuly}`)).data!.createInspectionCampaign,
      (campaign) => sg.query('mutation($c: ID!) { addInspectionFinding(campaignId: $c, input: { regionCode: "220500", summary: "s" }) { summary } }', { c: campaign.id }),
      'INVALID_INPUT'],
    ['a policy whose notice comes before its order', none, () => sg.query(`mutation { updateEscalationPolicy(input: {
      orderAfterWorkingDays: 5, noticeAfterWorkingDays: 5, orderDueWorkingDays: 3, issuingAgencyId: "jl-gov-supervision" }) { updatedAt } }`), 'INVALID_INPUT'],
  ];

  it.each(cases)('%s', async (_name, prepare, refused, code) => {
    const prepared = await prepare();
    const before = await writtenRows(sg.services.database.db);
    const response = await refused(prepared);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await writtenRows(sg.services.database.db)).toEqual(before);
  });
});
