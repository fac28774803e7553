import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Identity } from '@civicgraph/platform';
import { testIdentity, TEST_ADMIN, type TestSubgraph } from '@civicgraph/platform/testing';
import { DAY, gql, startSupervision, writtenRows } from './test-support.ts';

/*
 * Every mutation, three ways: a role that may not take it (FORBIDDEN), an anonymous caller
 * (UNAUTHENTICATED) — neither writes anything — and then a role that may, which succeeds on the same
 * prepared row (so a refusal above is the check at work, not a row in the wrong state).
 */

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision(new Date('2022-11-01T09:00:00+08:00'));
});
afterAll(() => sg?.stop());

const AS = {
  admin: TEST_ADMIN,
  supervisor: testIdentity('supervisor', { agency: 'jl-gov-supervision' }),
  // cc-housing is the parent of cc-chaoyang-housing, where the clues below are transferred.
  handlerCity: testIdentity('handler', { agency: 'cc-housing' }),
  handlerDistrict: testIdentity('handler', { agency: 'cc-chaoyang-housing' }),
  handlerTonghua: testIdentity('handler', { agency: 'th-housing' }),
  reviewer: testIdentity('reviewer', { agency: 'cc-housing' }),
  hotline: testIdentity('hotline_agent', { agency: 'cc-mayor-hotline' }),
  citizen: testIdentity('citizen', { subject: 'citizen:wang' }),
  dashboard: testIdentity('dashboard'),
  integrator: testIdentity('integrator'),
} satisfies Record<string, Identity>;

const future = (days = 5) => new Date(sg.services.clock.now().getTime() + days * DAY).toISOString();
const past = () => new Date(sg.services.clock.now().getTime() - DAY).toISOString();

type Step = 'accept' | 'transfer' | 'acknowledge' | 'report' | 'approve' | 'visit' | 'return';
const STEPS: Record<Step, string> = {
  accept: 'acceptClue(id: $id) { id }',
  transfer: 'transferClue(id: $id, agencyId: "cc-chaoyang-housing", dueAt: $due) { id }',
  acknowledge: 'acknowledgeClue(id: $id) { id }',
  report: 'submitResultsReport(id: $id, content: "已处理") { id }',
  approve: 'approveResultsReport(id: $id) { id }',
  visit: 'recordClueReturnVisit(id: $id, satisfaction: DISSATISFIED) { id }',
  return: 'returnClue(id: $id, reason: "不属于本单位职责") { id }',
};

/** A clue about Chaoyang district (220104), entered by the supervision office, taken through `steps` as admin. */
async function clueAfter(steps: Step[], sensitivity = 'IMPORTANT'): Promise<string> {
  const input = { title: '供热不达标', content: '室温十四度', regionCode: '220104', sensitivity, reporterName: '王先生', reporterPhone: '13900000000' };
  const { submitClue } = await gql(sg, 'mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }', { input });
  for (const step of steps) {
    await gql(sg, `mutation($id: ID!${step === 'transfer' ? ', $due: DateTime!' : ''}) { ${STEPS[step]} }`, { id: submitClue.id, due: future() });
  }
  return submitClue.id;
}

const ORDER = 'mutation($input: IssueSupervisionOrderInput!) { issueSupervisionOrder(input: $input) { id } }';
async function orderFor(answered: boolean): Promise<string> {
  const appealId = await clueAfter(['accept', 'transfer']);
  const input = { appealId, issuingAgencyId: 'jl-gov-supervision', targetAgencyId: 'cc-chaoyang-housing', requirements: '限期整改', dueAt: future() };
  const { issueSupervisionOrder: order } = await gql(sg, ORDER, { input });
  if (answered) await gql(sg, 'mutation($id: ID!) { answerSupervisionOrder(id: $id, content: "已整改") { id } }', { id: order.id });
  return order.id;
}

async function campaign(): Promise<string> {
  const input = { name: '专项督查', organizerAgencyId: 'jl-gov-supervision', team: [{ name: '督查组', role: '牵头' }], regionCodes: ['220100'],
    startsAt: '2022-10-01T00:00:00+08:00', endsAt: '2022-10-20T00:00:00+08:00' };
  return (await gql(sg, 'mutation($input: CreateInspectionCampaignInput!) { createInspectionCampaign(input: $input) { id } }', { input }))
    .createInspectionCampaign.id;
}

interface Case {
  /** Builds the variables the operation needs (fresh rows in the right state). */
  prepare: () => Promise<Record<string, unknown>>;
  operation: string;
  refused: Identity;
  allowed: Identity;
}

const CLUE_INPUT = { title: '路灯不亮', content: '小区路灯坏了一个月', regionCode: '220104', reporterName: '李女士', reporterPhone: '13800001111' };
const at = (steps: Step[], sensitivity?: string) => async () => ({ id: await clueAfter(steps, sensitivity) });

// The clues are transferred by the admin, so no office keeps them: their review, return visit,
// reopening and closing are a supervisor's, never the handling bureau's nor the one above it.
const CASES: Record<string, Case> = {
  submitClue: { prepare: async () => ({ input: CLUE_INPUT }), operation: 'mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }',
    refused: AS.handlerCity, allowed: AS.citizen },
  acceptClue: { prepare: at([]), operation: 'mutation($id: ID!) { acceptClue(id: $id) { id } }', refused: AS.reviewer, allowed: AS.hotline },
  rejectClue: { prepare: at([]), operation: 'mutation($id: ID!) { rejectClue(id: $id, reason: "不属于督查范围") { id } }',
    refused: AS.dashboard, allowed: AS.handlerCity },
  transferClue: { prepare: async () => ({ id: await clueAfter(['accept']), due: future() }),
    operation: 'mutation($id: ID!, $due: DateTime!) { transferClue(id: $id, agencyId: "cc-chaoyang-housing", dueAt: $due) { id } }',
    refused: AS.handlerCity, allowed: AS.supervisor },
  acknowledgeClue: { prepare: at(['accept', 'transfer']), operation: 'mutation($id: ID!) { acknowledgeClue(id: $id) { id } }',
    refused: AS.supervisor, allowed: AS.handlerCity },
  returnClue: { prepare: at(['accept', 'transfer']), operation: 'mutation($id: ID!) { returnClue(id: $id, reason: "不属于本单位") { id } }',
    refused: AS.hotline, allowed: AS.handlerDistrict },
  reassignClue: { prepare: at(['accept', 'transfer', 'return']), operation: 'mutation($id: ID!) { reassignClue(id: $id) { id } }',
    refused: AS.reviewer, allowed: AS.supervisor },
  submitResultsReport: { prepare: at(['accept', 'transfer', 'acknowledge']),
    operation: 'mutation($id: ID!) { submitResultsReport(id: $id, content: "已提温") { id } }', refused: AS.reviewer, allowed: AS.handlerDistrict },
  approveResultsReport: { prepare: at(['accept', 'transfer', 'acknowledge', 'report']),
    operation: 'mutation($id: ID!) { approveResultsReport(id: $id) { id } }', refused: AS.handlerDistrict, allowed: AS.supervisor },
  sendBackResultsReport: { prepare: at(['accept', 'transfer', 'acknowledge', 'report']),
    operation: 'mutation($id: ID!) { sendBackResultsReport(id: $id, reason: "请补充措施") { id } }', refused: AS.handlerDistrict, allowed: AS.supervisor },
  recordClueReturnVisit: { prepare: at(['accept', 'transfer', 'acknowledge', 'report', 'approve']),
    operation: 'mutation($id: ID!) { recordClueReturnVisit(id: $id, satisfaction: SATISFIED) { id } }', refused: AS.reviewer, allowed: AS.supervisor },
  closeClue: { prepare: at(['accept', 'transfer', 'acknowledge', 'report', 'approve', 'visit']),
    operation: 'mutation($id: ID!) { closeClue(id: $id) { id } }', refused: AS.citizen, allowed: AS.supervisor },
  reopenClue: { prepare: at(['accept', 'transfer', 'acknowledge', 'report', 'approve', 'visit']),
    operation: 'mutation($id: ID!) { reopenClue(id: $id, reason: "回访不满意") { id } }', refused: AS.handlerDistrict, allowed: AS.supervisor },
  mergeClue: { prepare: async () => ({ id: await clueAfter([]), into: await clueAfter([]) }),
    operation: 'mutation($id: ID!, $into: ID!) { mergeClue(id: $id, intoId: $into) { id } }', refused: AS.citizen, allowed: AS.hotline },
  setClueSensitivity: { prepare: at(['accept'], 'GENERAL'), operation: 'mutation($id: ID!) { setClueSensitivity(id: $id, sensitivity: SENSITIVE) { id } }',
    refused: AS.handlerCity, allowed: AS.supervisor },
  recordOnSiteVisit: { prepare: async () => ({ id: await clueAfter(['accept']), held: past() }),
    operation: 'mutation($id: ID!, $held: DateTime!) { recordOnSiteVisit(clueId: $id, input: { heldAt: $held, agencyIds: ["cc-housing"], summary: "现场查看" }) { id } }',
    refused: AS.handlerCity, allowed: AS.supervisor },
  recordCoordinationMeeting: { prepare: async () => ({ id: await clueAfter(['accept']), held: past() }),
    operation: 'mutation($id: ID!, $held: DateTime!) { recordCoordinationMeeting(clueId: $id, input: { heldAt: $held, agencyIds: ["cc-housing"], summary: "协调会" }) { id } }',
    refused: AS.hotline, allowed: AS.admin },
  issueSupervisionOrder: { prepare: async () => ({ input: { appealId: await clueAfter(['accept']), issuingAgencyId: 'jl-gov-supervision',
    targetAgencyId: 'cc-chaoyang-housing', requirements: '限期整改', dueAt: future() } }), operation: ORDER, refused: AS.handlerCity, allowed: AS.supervisor },
  answerSupervisionOrder: { prepare: async () => ({ id: await orderFor(false) }),
    operation: 'mutation($id: ID!) { answerSupervisionOrder(id: $id, content: "已整改完毕") { id } }', refused: AS.supervisor, allowed: AS.handlerCity },
  closeSupervisionOrder: { prepare: async () => ({ id: await orderFor(true) }),
    operation: 'mutation($id: ID!) { closeSupervisionOrder(id: $id) { id } }', refused: AS.handlerDistrict, allowed: AS.supervisor },
  createInspectionCampaign: { prepare: async () => ({ input: { name: '回头看', organizerAgencyId: 'jl-gov-supervision', team: [{ name: '组', role: '员' }],
    regionCodes: ['220100'], startsAt: '2022-10-01T00:00:00+08:00', endsAt: '2022-10-09T00:00:00+08:00' } }),
    operation: 'mutation($input: CreateInspectionCampaignInput!) { createInspectionCampaign(input: $input) { id } }', refused: AS.handlerCity, allowed: AS.supervisor },
  addInspectionFinding: { prepare: async () => ({ id: await campaign() }),
    operation: 'mutation($id: ID!) { addInspectionFinding(campaignId: $id, input: { regionCode: "220104", summary: "答复简单" }) { id } }',
    refused: AS.reviewer, allowed: AS.supervisor },
  updateEscalationPolicy: { prepare: async () => ({}), operation: `mutation { updateEscalationPolicy(input: { orderAfterWorkingDays: 4,
    noticeAfterWorkingDays: 12, orderDueWorkingDays: 5, issuingAgencyId: "jl-gov-supervision" }) { updatedBy } }`, refused: AS.supervisor, allowed: AS.admin },
  revealClueReporter: { prepare: at(['accept', 'transfer']),
    operation: 'mutation($id: ID!) { revealClueReporter(id: $id, reason: "回访需要联系举报人") { phone } }', refused: AS.reviewer, allowed: AS.handlerDistrict },
};

describe('every mutation checks the caller itself', () => {
  it.each(Object.entries(CASES))('%s: refused role FORBIDDEN, anonymous UNAUTHENTICATED, nothing written; the allowed role succeeds', async (_name, c) => {
    const variables = await c.prepare();
    const before = await writtenRows(sg.services.database.db);
    const refused = await sg.query(c.operation, variables, c.refused);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await sg.query(c.operation, variables, ANONYMOUS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await writtenRows(sg.services.database.db)).toEqual(before);

    const allowed = await sg.query(c.operation, variables, c.allowed);
    expect(allowed.errors).toBeUndefined();
    expect(await writtenRows(sg.services.database.db)).not.toEqual(before);
  });

  it('covers every mutation in the schema', async () => {
    const { __type } = await gql(sg, '{ __type(name: "Mutation") { fields { name } } }');
    expect(__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(Object.keys(CASES).sort());
  });
});

describe('agency reach on actions', () => {
  it('lets handlers of the clue’s agency and of the agency above it act, and refuses another city’s handler, writing nothing', async () => {
    const id = await clueAfter(['accept', 'transfer']);
    const acknowledge = 'mutation($id: ID!) { acknowledgeClue(id: $id) { status } }';
    const before = await writtenRows(sg.services.database.db);
    const refused = await sg.query(acknowledge, { id }, AS.handlerTonghua);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', agency: 'th-housing' });
    expect(await writtenRows(sg.services.database.db)).toEqual(before);
    expect((await gql(sg, acknowledge, { id }, AS.handlerDistrict)).acknowledgeClue.status).toBe('IN_PROGRESS');
    const report = 'mutation($id: ID!) { submitResultsReport(id: $id, content: "已处理") { status } }';
    expect((await sg.query(report, { id }, AS.handlerTonghua)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(sg, report, { id }, AS.handlerCity)).submitResultsReport.status).toBe('REPLY_SUBMITTED');
  });

  it('refuses a merge into a clue outside the caller’s reach', async () => {
    const inReach = await clueAfter([]);
    const { submitClue: elsewhere } = await gql(sg, 'mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }', {
      input: { title: '人行道破损', content: '东昌区', regionCode: '220502' },
    });
    const before = await writtenRows(sg.services.database.db);
    const merge = 'mutation($id: ID!, $into: ID!) { mergeClue(id: $id, intoId: $into) { id } }';
    // Clues are never public: one outside the caller's reach is, to them, one that does not exist (as in every channel).
    expect((await sg.query(merge, { id: inReach, into: elsewhere.id }, AS.hotline)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await writtenRows(sg.services.database.db)).toEqual(before);
  });

  it('lets only the target agency’s handlers answer an order', async () => {
    const id = await orderFor(false);
    const answer = 'mutation($id: ID!) { answerSupervisionOrder(id: $id, content: "已整改") { status answer { by } } }';
    const before = await writtenRows(sg.services.database.db);
    expect((await sg.query(answer, { id }, AS.handlerTonghua)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await writtenRows(sg.services.database.db)).toEqual(before);
    expect((await gql(sg, answer, { id }, AS.handlerDistrict)).answerSupervisionOrder).toEqual({
      status: 'ANSWERED', answer: { by: AS.handlerDistrict.subject },
    });
  });
});
