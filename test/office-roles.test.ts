import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

// The article's offices in their roles, through the gateway, each caller with the role and agency
// a real office would have: the office that dispatched an appeal keeps it (review, return visit,
// close); the handling agency may not approve its own reply, rate it or close it.
const clock = fixedClock(new Date('2022-09-26T09:30:00+08:00'));
const HOUR = 3_600_000;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'supervision'], clock });
});
afterAll(() => hub?.stop());

type Role = 'citizen' | 'hotline_agent' | 'handler' | 'reviewer' | 'supervisor';
const staff = (role: Role, agency: string) => hub.as({ role, agency, subject: `${role}:${agency}` });
// The provincial party committee's general office, its online-opinion division, the Commission.
const partyOffice = () => staff('hotline_agent', 'jl-party-office');
const partyReviewer = () => staff('reviewer', 'jl-party-office');
const opinionDivision = () => staff('hotline_agent', 'jl-party-office-opinion');
const drcHandler = () => staff('handler', 'jl-drc');
const drcReviewer = () => staff('reviewer', 'jl-drc');

/** One step on a message an hour after the last, as `who`; returns the raw response. */
async function onMessage(id: string, mutation: string, who: Promise<Record<string, string>>) {
  clock.advance(HOUR);
  return hub.query(`mutation($id: ID!) { r: ${mutation} { status } }`, { id }, who);
}
const ok = async (response: Promise<{ data?: any; errors?: readonly any[] }>) => {
  const { data, errors } = await response;
  expect(errors).toBeUndefined();
  return data.r.status as string;
};
const codeOf = async (response: Promise<{ errors?: readonly any[] }>) => (await response).errors?.[0]?.extensions?.code;

/** The message as the administrator reads it: its status and how many steps its timeline has. */
const messageState = async (id: string) => {
  const { message } = await hub.ok(`query($id: ID!) { message(id: $id) { status timeline { action actor } } }`, { id });
  return { status: message.status as string, steps: message.timeline.length as number, timeline: message.timeline };
};

/** A refused step: FORBIDDEN, and the message is as it was (no status change, no timeline row). */
async function refused(id: string, mutation: string, who: Promise<Record<string, string>>) {
  const before = await messageState(id);
  expect(await codeOf(onMessage(id, mutation, who)), mutation).toBe('FORBIDDEN');
  expect(await messageState(id)).toEqual(before);
}

async function post(title: string, regionCode = '220000') {
  const { postMessage } = await hub.ok(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { id number } }`,
    { input: { boardId: 'jl-secretary', title, content: `${title}。`, regionCode, category: '经济发展' } },
    hub.as({ role: 'citizen', subject: 'citizen:zhao' }),
  );
  return postMessage.id as string;
}

describe('the party secretary’s board: the party committee office dispatches, reviews and visits', () => {
  let id: string;

  it('takes the message in and forwards it to the Development and Reform Commission, and keeps it in reach', async () => {
    id = await post('建议加强与浙江省对口交流，探索乡镇农垦企业发展新思路');
    expect(await ok(onMessage(id, 'acceptMessage(id: $id)', partyOffice()))).toBe('ACCEPTED');
    const due = new Date(clock.now().getTime() + 15 * 24 * HOUR).toISOString();
    clock.advance(HOUR);
    const forwarded = await hub.query(`mutation($id: ID!, $due: DateTime!) { r: forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $due) { status assignee { id } } }`,
      { id, due }, partyOffice());
    expect(forwarded.data?.r).toEqual({ status: 'ASSIGNED', assignee: { id: 'jl-drc' } });
    // Forwarded, it is no longer the office's by region, yet the office and its division still read it; another city's office does not.
    const read = (who: Promise<Record<string, string>>) => hub.query(`query($id: ID!) { message(id: $id) { status } }`, { id }, who);
    expect((await read(partyReviewer())).data?.message).toEqual({ status: 'ASSIGNED' });
    expect((await read(opinionDivision())).data?.message).toEqual({ status: 'ASSIGNED' });
    expect((await read(staff('hotline_agent', 'cc-mayor-hotline'))).data?.message).toBeNull();
  });

  it('has the Commission reply; the office sends it back once, then approves; the Commission may not approve its own reply', async () => {
    expect(await ok(onMessage(id, 'acknowledgeMessage(id: $id)', drcHandler()))).toBe('IN_PROGRESS');
    expect(await ok(onMessage(id, 'submitReply(id: $id, content: "经调查核实，答复如下。")', drcHandler()))).toBe('REPLY_SUBMITTED');
    await refused(id, 'approveReply(id: $id)', drcReviewer());
    await refused(id, 'sendBackReply(id: $id, reason: "自己退回")', drcReviewer());
    expect(await ok(onMessage(id, 'sendBackReply(id: $id, reason: "请补充具体措施和时间安排")', partyReviewer()))).toBe('IN_PROGRESS');
    expect(await ok(onMessage(id, 'submitReply(id: $id, content: "经调查核实，已与浙江省对接，具体措施如下，并已电话沟通。")', drcHandler()))).toBe('REPLY_SUBMITTED');
    expect(await ok(onMessage(id, 'approveReply(id: $id)', partyReviewer()))).toBe('REPLIED');
  });

  it('has the online-opinion division make the return visit and close; the Commission may neither visit nor close', async () => {
    await refused(id, 'recordReturnVisit(id: $id, satisfaction: VERY_SATISFIED, comment: "自评满意")', drcHandler());
    expect(await ok(onMessage(id, 'recordReturnVisit(id: $id, satisfaction: VERY_SATISFIED, comment: "问题已经得到解决，效率高，感谢！")', opinionDivision()))).toBe('FOLLOWED_UP');
    await refused(id, 'closeMessage(id: $id)', drcHandler());
    expect(await ok(onMessage(id, 'closeMessage(id: $id)', opinionDivision()))).toBe('CLOSED');
    const { timeline } = await messageState(id);
    expect(timeline.map((t: { action: string }) => t.action)).toEqual([
      'POST', 'ACCEPT', 'FORWARD', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'SEND_BACK_REPLY', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE',
    ]);
    expect(timeline.map((t: { actor: string }) => t.actor).slice(-4)).toEqual([
      'handler:jl-drc', 'reviewer:jl-party-office', 'hotline_agent:jl-party-office-opinion', 'hotline_agent:jl-party-office-opinion',
    ]);
  });

  it('reassigns after a return, and reopens a message rated dissatisfied, which the handler may not close', async () => {
    const second = await post('县域经济发展建议，盼回复');
    await ok(onMessage(second, 'acceptMessage(id: $id)', partyOffice()));
    await ok(onMessage(second, 'forwardMessage(id: $id, agencyId: "jl-agriculture")', partyOffice()));
    const agriculture = () => staff('handler', 'jl-agriculture');
    expect(await ok(onMessage(second, 'returnMessage(id: $id, reason: "不属于本单位职责")', agriculture()))).toBe('RETURNED');
    await refused(second, 'reassignMessage(id: $id)', agriculture());
    expect(await ok(onMessage(second, 'reassignMessage(id: $id)', partyOffice()))).toBe('ACCEPTED');
    expect(await ok(onMessage(second, 'forwardMessage(id: $id, agencyId: "jl-drc")', partyOffice()))).toBe('ASSIGNED');
    await ok(onMessage(second, 'acknowledgeMessage(id: $id)', drcHandler()));
    await ok(onMessage(second, 'submitReply(id: $id, content: "已研究，将纳入规划。")', drcHandler()));
    await ok(onMessage(second, 'approveReply(id: $id)', partyReviewer()));
    expect(await ok(onMessage(second, 'recordReturnVisit(id: $id, satisfaction: DISSATISFIED, comment: "没有实质内容")', opinionDivision()))).toBe('FOLLOWED_UP');
    await refused(second, 'closeMessage(id: $id)', drcHandler());
    await refused(second, 'reopenMessage(id: $id, reason: "自行重办")', drcHandler());
    expect(await ok(onMessage(second, 'reopenMessage(id: $id, reason: "回访不满意，重新办理")', partyOffice()))).toBe('IN_PROGRESS');
  });

  it('lets only the board’s office (or a supervisor) reject at review, not a handler elsewhere in the region', async () => {
    const local = await post('长春市朝阳区小区门前道路破损', '220104');
    const changchunHandler = () => staff('handler', 'cc-housing');
    // The Changchun bureau has the unassigned message from its region in reach, and could take it in, but not reject it.
    expect((await hub.query(`query($id: ID!) { message(id: $id) { status } }`, { id: local }, changchunHandler())).data?.message).toEqual({ status: 'SUBMITTED' });
    await refused(local, 'rejectMessage(id: $id, reason: "不予受理")', changchunHandler());
    await refused(local, 'rejectMessage(id: $id, reason: "不予受理")', staff('hotline_agent', 'cc-mayor-hotline'));
    expect(await ok(onMessage(local, 'rejectMessage(id: $id, reason: "请通过长春市长信箱反映")', partyOffice()))).toBe('REJECTED');
    const another = await post('另一条留言');
    expect(await ok(onMessage(another, 'rejectMessage(id: $id, reason: "重复留言")', staff('supervisor', 'jl-gov-supervision')))).toBe('REJECTED');
  });
});

describe('the Changchun heating clue: the mayor’s hotline office forwards it to the district and keeps it', () => {
  let id: string;
  const office = () => staff('hotline_agent', 'cc-mayor-hotline');
  const officeReviewer = () => staff('reviewer', 'cc-mayor-hotline');
  const chaoyang = () => staff('handler', 'cc-chaoyang-housing');
  const onClue = (mutation: string, who: Promise<Record<string, string>>) => {
    clock.advance(HOUR);
    return hub.query(`mutation($id: ID!) { r: ${mutation} { status } }`, { id }, who);
  };
  const clueState = async () => {
    const { clue } = await hub.ok(`query($id: ID!) { clue(id: $id) { status timeline { action } } }`, { id });
    return { status: clue.status as string, steps: clue.timeline.length as number };
  };
  const refusedOnClue = async (mutation: string, who: Promise<Record<string, string>>) => {
    const before = await clueState();
    expect(await codeOf(onClue(mutation, who)), mutation).toBe('FORBIDDEN');
    expect(await clueState()).toEqual(before);
  };

  it('transfers it to the Chaoyang district housing bureau (转交属地); another bureau’s handler may not', async () => {
    clock.set(new Date('2022-11-30T09:12:00+08:00'));
    const { submitClue } = await hub.ok(`mutation { submitClue(input: { title: "供热时断时续，进水温度始终在二三十度", regionCode: "220104",
      category: "供热", content: "供热时断时续，请政府解决。" }) { id } }`, {}, hub.as({ role: 'citizen', subject: 'citizen:wang' }));
    id = submitClue.id;
    expect(await ok(onClue('acceptClue(id: $id, note: "经核实，情况属实")', office()))).toBe('ACCEPTED');
    await refusedOnClue('transferClue(id: $id, agencyId: "cc-chaoyang-housing")', staff('handler', 'cc-housing'));
    expect(await ok(onClue('transferClue(id: $id, agencyId: "cc-chaoyang-housing", note: "请于24小时内核查处理")', office()))).toBe('ASSIGNED');
  });

  it('has the bureau report; the office approves the results, visits and closes; the bureau may do none of these', async () => {
    await ok(onClue('acknowledgeClue(id: $id)', chaoyang()));
    await ok(onClue('submitResultsReport(id: $id, content: "已责令供热公司提温，室温达标")', chaoyang()));
    await refusedOnClue('approveResultsReport(id: $id)', staff('reviewer', 'cc-chaoyang-housing'));
    expect(await ok(onClue('approveResultsReport(id: $id)', officeReviewer()))).toBe('REPLIED');
    await refusedOnClue('recordClueReturnVisit(id: $id, satisfaction: SATISFIED)', chaoyang());
    expect(await ok(onClue('recordClueReturnVisit(id: $id, satisfaction: SATISFIED, comment: "暖心，效率高")', office()))).toBe('FOLLOWED_UP');
    await refusedOnClue('closeClue(id: $id)', chaoyang());
    expect(await ok(onClue('closeClue(id: $id)', office()))).toBe('CLOSED');
  });
});

describe('KPIs credit both the handling agency and the dispatching office', () => {
  const kpis = (agency: string, from: string, to: string) =>
    hub.ok(`query($a: ID!, $from: DateTime!, $to: DateTime!) { agency(id: $a) { kpis(from: $from, to: $to) {
      assigned dispatched replied closed rated satisfied completionRate satisfactionRate } } }`, { a: agency, from, to }).then((d) => d.agency.kpis);

  it('counts the clue for the Chaoyang bureau and for the mayor’s hotline office, and the messages for the Commission and the party office', async () => {
    const [from, to] = ['2022-11-01T00:00:00+08:00', '2023-01-01T00:00:00+08:00'];
    const office = await eventually(() => kpis('cc-mayor-hotline', from, to), (k) => k.closed === 1);
    expect(office).toEqual({ assigned: 1, dispatched: 1, replied: 1, closed: 1, rated: 1, satisfied: 1, completionRate: 1, satisfactionRate: 1 });
    expect(await kpis('cc-chaoyang-housing', from, to)).toEqual({
      assigned: 1, dispatched: 0, replied: 1, closed: 1, rated: 1, satisfied: 1, completionRate: 1, satisfactionRate: 1,
    });

    const [sept, oct] = ['2022-09-01T00:00:00+08:00', '2022-11-01T00:00:00+08:00'];
    // Two messages forwarded by the office in September, both replied and visited: one closed very
    // satisfied, one reopened after a dissatisfied visit (its latest rating, until it is visited again).
    const party = await eventually(() => kpis('jl-party-office', sept, oct), (k) => k.assigned === 2);
    expect(party).toEqual({ assigned: 2, dispatched: 2, replied: 2, closed: 1, rated: 2, satisfied: 1, completionRate: 0.5, satisfactionRate: 0.5 });
    expect(await kpis('jl-drc', sept, oct)).toEqual({ ...party, dispatched: 0 });
    // The bureau that returned the second message is not credited with it.
    expect(await kpis('jl-agriculture', sept, oct)).toMatchObject({ assigned: 0, dispatched: 0 });
  });
});
