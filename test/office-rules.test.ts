import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

// The separation of duties (审核关, 回访关) on all three channels, through the gateway, with the
// roles and agencies of the demo: an office never forwards within its own agency tree
// (SELF_DISPATCH); an appeal rated dissatisfied is reopened by its office or closed by a supervisor;
// an appeal an admin forwards is kept by the board's office, or, with no office keeping it, its
// office steps are a supervisor's. Every refusal is checked for its code and for nothing written.
const clock = fixedClock(new Date('2022-10-10T09:30:00+08:00'));
const HOUR = 3_600_000;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'hotline', 'supervision'], clock });
});
afterAll(() => hub?.stop());

type Role = 'citizen' | 'hotline_agent' | 'handler' | 'reviewer' | 'supervisor';
const staff = (role: Role, agency: string) => hub.as({ role, agency, subject: `${role}:${agency}` });
type Who = ReturnType<typeof staff>;

type Entity = 'message' | 'ticket' | 'clue';

/** The appeal as the administrator reads it: status, dispatcher and timeline length (what a refusal must leave alone). */
async function stateOf(entity: Entity, id: string) {
  const data = await hub.ok(`query($id: ID!) { a: ${entity}(id: $id) { status assignee { id } dispatcher { id } timeline { action } } }`, { id });
  return { status: data.a.status as string, assignee: data.a.assignee?.id ?? null, dispatcher: data.a.dispatcher?.id ?? null, steps: data.a.timeline.length as number };
}

async function step(id: string, mutation: string, who: Who) {
  clock.advance(HOUR);
  return hub.query(`mutation($id: ID!) { r: ${mutation} { status } }`, { id }, who);
}
async function ok(id: string, mutation: string, who: Who): Promise<string> {
  const { data, errors } = await step(id, mutation, who);
  expect(errors, mutation).toBeUndefined();
  return data!.r.status;
}
/** A refused step: its code (and extensions), and the appeal exactly as it was. */
async function refused(entity: Entity, id: string, mutation: string, who: Who) {
  const before = await stateOf(entity, id);
  const { data, errors } = await step(id, mutation, who);
  expect(data?.r ?? null).toBeNull();
  expect(await stateOf(entity, id)).toEqual(before);
  return errors![0]!.extensions as Record<string, unknown>;
}

async function post(boardId: string, regionCode: string, title: string): Promise<string> {
  const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
    { input: { boardId, title, content: `${title}。`, regionCode, category: '交通出行' } }, hub.as({ role: 'citizen', subject: 'citizen:li' }));
  return postMessage.id;
}

describe('an office never forwards within its own agency tree (SELF_DISPATCH)', () => {
  it('refuses the Changchun government office forwarding a message on the mayor’s board to itself or to its hotline office', async () => {
    const office = () => staff('hotline_agent', 'cc-gov-office');
    const id = await post('cc-mayor', '220102', '公交线路调整后出行不便');
    expect(await ok(id, 'acceptMessage(id: $id)', office())).toBe('ACCEPTED');
    expect(await refused('message', id, 'forwardMessage(id: $id, agencyId: "cc-gov-office")', office()))
      .toMatchObject({ code: 'SELF_DISPATCH', field: 'agencyId', agency: 'cc-gov-office', agencyId: 'cc-gov-office' });
    expect(await refused('message', id, 'forwardMessage(id: $id, agencyId: "cc-mayor-hotline")', office())).toMatchObject({ code: 'SELF_DISPATCH' });
    // Hostile input: an unknown agency is still INVALID_INPUT, not a forward to oneself.
    expect(await refused('message', id, 'forwardMessage(id: $id, agencyId: "no-such-agency")', office())).toMatchObject({ code: 'INVALID_INPUT' });
    // To the locality (属地): the Nanguan district government handles it; the office keeps it.
    expect(await ok(id, 'forwardMessage(id: $id, agencyId: "cc-nanguan-gov")', office())).toBe('ASSIGNED');
    expect(await stateOf('message', id)).toMatchObject({ assignee: 'cc-nanguan-gov', dispatcher: 'cc-gov-office' });
  });

  it('refuses 96118 assigning a ticket to its own office, and lets it forward up to the provincial government office', async () => {
    const agent = () => staff('hotline_agent', 'jl-governor-hotline');
    const { recordCall } = await hub.ok(`mutation($input: RecordCallInput!) { recordCall(input: $input) { ticket { id } } }`, {
      input: {
        hotlineId: 'jl-governor-hotline', seatId: 'jl-governor-hotline-01', agentHandle: 'agent:96118-01', durationSeconds: 120,
        callerPhone: '13943400000', outcome: 'TICKET_OPENED',
        ticket: { title: '全省高标准农田排水标准咨询', content: '希望统一排水沟标准。', categoryId: 'agriculture.farmland-water', regionCode: '220000' },
      },
    }, agent());
    const id = recordCall.ticket.id;
    await ok(id, 'acceptTicket(id: $id)', agent());
    expect(await refused('ticket', id, 'assignTicket(id: $id, agencyId: "jl-governor-hotline")', agent())).toMatchObject({ code: 'SELF_DISPATCH' });
    expect(await ok(id, 'assignTicket(id: $id, agencyId: "jl-gov-office")', agent())).toBe('ASSIGNED');
    // The general office handles it, so it may not review its reply; 96118 does.
    const gov = () => staff('handler', 'jl-gov-office');
    await ok(id, 'acknowledgeTicket(id: $id)', gov());
    await ok(id, 'submitTicketReply(id: $id, content: "已答复")', gov());
    expect(await refused('ticket', id, 'approveTicketReply(id: $id)', staff('reviewer', 'jl-gov-office'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(id, 'approveTicketReply(id: $id)', staff('reviewer', 'jl-governor-hotline'))).toBe('REPLIED');
    // The handling office reads who dispatched it to them (an office, nothing personal).
    const read = await hub.query(`query($id: ID!) { ticket(id: $id) { dispatcher { id } } }`, { id }, gov());
    expect(read.data?.ticket).toEqual({ dispatcher: { id: 'jl-governor-hotline' } });
  });

  it('refuses the Changchun mayor’s hotline office transferring a clue to itself', async () => {
    const office = () => staff('hotline_agent', 'cc-mayor-hotline');
    const { submitClue } = await hub.ok(`mutation { submitClue(input: { title: "暖气不热", regionCode: "220104", category: "供热", content: "室温十四度。" }) { id } }`,
      {}, hub.as({ role: 'citizen', subject: 'citizen:wang' }));
    const id = submitClue.id;
    await ok(id, 'acceptClue(id: $id)', office());
    expect(await refused('clue', id, 'transferClue(id: $id, agencyId: "cc-mayor-hotline")', office())).toMatchObject({ code: 'SELF_DISPATCH' });
    expect(await ok(id, 'transferClue(id: $id, agencyId: "cc-chaoyang-housing")', office())).toBe('ASSIGNED');
    const read = await hub.query(`query($id: ID!) { clue(id: $id) { dispatcher { id } } }`, { id }, staff('handler', 'cc-chaoyang-housing'));
    expect(read.data?.clue).toEqual({ dispatcher: { id: 'cc-mayor-hotline' } });
  });
});

describe('an appeal rated dissatisfied is reopened or escalated, never closed by its office or its handler', () => {
  const partyOffice = () => staff('hotline_agent', 'jl-party-office');
  const drc = () => staff('handler', 'jl-drc');

  async function dissatisfiedMessage(): Promise<string> {
    const id = await post('jl-secretary', '220000', '县域经济发展建议');
    await ok(id, 'acceptMessage(id: $id)', partyOffice());
    await ok(id, 'forwardMessage(id: $id, agencyId: "jl-drc")', partyOffice());
    await ok(id, 'acknowledgeMessage(id: $id)', drc());
    await ok(id, 'submitReply(id: $id, content: "已研究。")', drc());
    await ok(id, 'approveReply(id: $id)', staff('reviewer', 'jl-party-office'));
    await ok(id, 'recordReturnVisit(id: $id, satisfaction: DISSATISFIED, comment: "没有实质内容")', staff('hotline_agent', 'jl-party-office-opinion'));
    return id;
  }

  it('refuses the office and the handler closing it; the office reopens it', async () => {
    const id = await dissatisfiedMessage();
    expect(await refused('message', id, 'closeMessage(id: $id)', partyOffice())).toMatchObject({
      code: 'FORBIDDEN', requiredRoles: ['supervisor', 'admin'], satisfaction: 'DISSATISFIED',
    });
    expect(await refused('message', id, 'closeMessage(id: $id)', staff('hotline_agent', 'jl-party-office-opinion'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('message', id, 'closeMessage(id: $id)', drc())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(id, 'reopenMessage(id: $id, reason: "回访不满意，重新办理")', partyOffice())).toBe('IN_PROGRESS');
  });

  it('lets a supervisor close it (escalated to supervision), as the supervisor named in the timeline', async () => {
    const id = await dissatisfiedMessage();
    expect(await ok(id, 'closeMessage(id: $id, note: "经督查核实，已向网民解释说明")', staff('supervisor', 'jl-gov-supervision'))).toBe('CLOSED');
    const { message } = await hub.ok(`query($id: ID!) { message(id: $id) { timeline { action actor } } }`, { id });
    expect(message.timeline.at(-1)).toEqual({ action: 'CLOSE', actor: 'supervisor:jl-gov-supervision' });
  });

  it('refuses the Changchun office closing a clue rated dissatisfied the same way', async () => {
    const office = () => staff('hotline_agent', 'cc-mayor-hotline');
    const chaoyang = () => staff('handler', 'cc-chaoyang-housing');
    const { submitClue } = await hub.ok(`mutation { submitClue(input: { title: "供热不达标", regionCode: "220104", category: "供热", content: "室温十五度。" }) { id } }`,
      {}, hub.as({ role: 'citizen', subject: 'citizen:wang' }));
    const id = submitClue.id;
    await ok(id, 'acceptClue(id: $id)', office());
    await ok(id, 'transferClue(id: $id, agencyId: "cc-chaoyang-housing")', office());
    await ok(id, 'acknowledgeClue(id: $id)', chaoyang());
    await ok(id, 'submitResultsReport(id: $id, content: "已提温")', chaoyang());
    await ok(id, 'approveResultsReport(id: $id)', staff('reviewer', 'cc-mayor-hotline'));
    await ok(id, 'recordClueReturnVisit(id: $id, satisfaction: VERY_DISSATISFIED, comment: "还是不热")', office());
    expect(await refused('clue', id, 'closeClue(id: $id)', office())).toMatchObject({ code: 'FORBIDDEN', satisfaction: 'VERY_DISSATISFIED' });
    expect(await ok(id, 'reopenClue(id: $id, reason: "回访不满意")', office())).toBe('IN_PROGRESS');
  });
});

describe('an appeal an admin forwards has a keeping office', () => {
  it('is kept by the board’s office: it reviews, visits and closes; the handler, and the bureau above it, may not', async () => {
    const id = await post('th-secretary', '220502', '华翔雍和苑到育红小学没有人行道');
    await hub.ok(`mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id });
    await hub.ok(`mutation($id: ID!) { forwardMessage(id: $id, agencyId: "th-municipal-eng") { id } }`, { id });
    expect(await stateOf('message', id)).toMatchObject({ assignee: 'th-municipal-eng', dispatcher: 'th-party' });
    const eng = () => staff('handler', 'th-municipal-eng');
    await ok(id, 'acknowledgeMessage(id: $id)', eng());
    await ok(id, 'submitReply(id: $id, content: "人行道已于8月14日完工，用时19天。")', eng());
    expect(await refused('message', id, 'approveReply(id: $id)', staff('reviewer', 'th-municipal-eng'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('message', id, 'approveReply(id: $id)', staff('reviewer', 'th-housing'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(id, 'approveReply(id: $id)', staff('reviewer', 'th-party'))).toBe('REPLIED');
    expect(await refused('message', id, 'recordReturnVisit(id: $id, satisfaction: SATISFIED)', eng())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(id, 'recordReturnVisit(id: $id, satisfaction: VERY_SATISFIED, comment: "孩子上学安全了")', staff('hotline_agent', 'th-party'))).toBe('FOLLOWED_UP');
    expect(await ok(id, 'closeMessage(id: $id)', staff('hotline_agent', 'th-party'))).toBe('CLOSED');
  });

  it('leaves a clue an admin transferred to a supervisor: no bureau reviews what it or its sub-agency handled', async () => {
    const { submitClue } = await hub.ok(`mutation { submitClue(input: { title: "小区积水", regionCode: "220104", category: "城乡建设", content: "雨后积水。" }) { id } }`,
      {}, hub.as({ role: 'citizen', subject: 'citizen:wang' }));
    const id = submitClue.id;
    await hub.ok(`mutation($id: ID!) { acceptClue(id: $id) { id } }`, { id });
    await hub.ok(`mutation($id: ID!) { transferClue(id: $id, agencyId: "cc-chaoyang-housing") { id } }`, { id });
    expect(await stateOf('clue', id)).toMatchObject({ assignee: 'cc-chaoyang-housing', dispatcher: null });
    await ok(id, 'acknowledgeClue(id: $id)', staff('handler', 'cc-chaoyang-housing'));
    await ok(id, 'submitResultsReport(id: $id, content: "已疏通")', staff('handler', 'cc-chaoyang-housing'));
    expect(await refused('clue', id, 'approveResultsReport(id: $id)', staff('reviewer', 'cc-housing'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ok(id, 'approveResultsReport(id: $id)', staff('supervisor', 'jl-gov-supervision'))).toBe('REPLIED');
  });
});

describe('the dispatching office in the graph', () => {
  it('shows Board.office, and the dispatcher to whoever reads the appeal: the office, its division and the handler', async () => {
    const { board } = await hub.ok(`{ board(id: "jl-secretary") { office { id name } } }`, {}, hub.as({ role: 'citizen', subject: 'citizen:li' }));
    expect(board.office).toEqual({ id: 'jl-party-office', name: '吉林省委办公厅' });
    const id = await post('jl-secretary', '220000', '建议加强与浙江省对口交流');
    await ok(id, 'acceptMessage(id: $id)', staff('hotline_agent', 'jl-party-office'));
    await ok(id, 'forwardMessage(id: $id, agencyId: "jl-drc")', staff('hotline_agent', 'jl-party-office'));
    const read = (who: Who) => hub.query(`query($id: ID!) { message(id: $id) { dispatcher { id name } } }`, { id }, who);
    for (const who of [staff('handler', 'jl-drc'), staff('reviewer', 'jl-party-office'), staff('hotline_agent', 'jl-party-office-opinion')]) {
      expect((await read(who)).data?.message).toEqual({ dispatcher: { id: 'jl-party-office', name: '吉林省委办公厅' } });
    }
    // Not yet public: another city's office does not read it at all.
    expect((await read(staff('hotline_agent', 'cc-mayor-hotline'))).data?.message).toBeNull();
  });
});
