import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventCursor, fixedClock, START_POSITION } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

const clock = fixedClock(new Date('2022-09-26T09:30:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'supervision', 'housing'], clock });
});
afterAll(() => hub?.stop());

const HOUR = 3_600_000;
// Story steps go as an administrator named like the person who acts (roles are tested in access.test.ts).
const as = (actor: string) => hub.as(actor);

const caseOf = (id: string) => hub.ok(`query($id: ID!) { case(id: $id) { status } }`, { id }).then((d) => d.case?.status ?? null);
const EVENT = `caseEvents(filter: { channel: [BOARD] }, after: $after) { cursor action to sequence
  case { number status assignee { name } message { number title } } }`;
const SUBSCRIPTION = `subscription($after: String) { ${EVENT} }`;

describe('the cross-channel ledger through the gateway', () => {
  let messageId: string;
  let number: string;
  const cursors: string[] = [];

  it('lists a board message moving through its lifecycle, with the message and the assignee resolved by their subgraphs', async () => {
    const posted = await hub.ok(`mutation { postMessage(input: { boardId: "jl-secretary", regionCode: "220000", category: "经济发展",
      title: "建议加强与浙江省对口交流", content: "探索乡镇农垦企业发展新思路" }) { id number } }`, {}, as('citizen:1'));
    ({ id: messageId, number } = posted.postMessage);
    await hub.ok('mutation($id: ID!) { acceptMessage(id: $id) { id } }', { id: messageId }, as('staff:jl-party-office'));
    clock.advance(HOUR);
    await hub.ok('mutation($id: ID!, $d: DateTime!) { forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $d) { id } }',
      { id: messageId, d: '2022-10-11T17:00:00+08:00' }, as('staff:jl-party-office'));
    await hub.ok('mutation($id: ID!) { acknowledgeMessage(id: $id) { id } }', { id: messageId }, as('staff:jl-drc'));
    await eventually(() => caseOf(messageId), (status) => status === 'IN_PROGRESS');

    const { cases } = await hub.ok(`{ cases(filter: { channel: [BOARD], agencyId: "jl-drc" }) { totalCount edges { node {
      id number channel status overdue escalationLevel region { name } message { title status board { name } } assignee { name kind } } } } }`);
    expect(cases.totalCount).toBe(1);
    expect(cases.edges[0].node).toEqual({
      id: messageId, number, channel: 'BOARD', status: 'IN_PROGRESS', overdue: false, escalationLevel: 0, region: { name: '吉林省' },
      message: { title: '建议加强与浙江省对口交流', status: 'IN_PROGRESS', board: { name: '吉林省委书记' } },
      assignee: { name: '吉林省发改委', kind: 'COMMISSION' },
    });
  });

  it('streams every change through caseEvents with the case’s fields from the board and agencies subgraphs, live and resumed', async () => {
    const replay = hub.subscribe(SUBSCRIPTION, { after: encodeEventCursor(START_POSITION) });
    const received: any[] = [];
    for (let n = 0; n < 4; n++) received.push((await replay.next()).data!.caseEvents);
    expect(received.map((e) => [e.action, e.to, e.sequence])).toEqual([
      ['POST', 'SUBMITTED', 1], ['ACCEPT', 'ACCEPTED', 2], ['FORWARD', 'ASSIGNED', 3], ['ACKNOWLEDGE', 'IN_PROGRESS', 4],
    ]);
    for (const event of received) {
      expect(event.case).toEqual({ number, status: 'IN_PROGRESS', assignee: { name: '吉林省发改委' }, message: { number, title: '建议加强与浙江省对口交流' } });
    }
    // A change made now arrives live on the same subscription.
    clock.advance(24 * HOUR);
    await hub.ok('mutation($id: ID!) { submitReply(id: $id, content: "经调查核实，答复如下") { id } }', { id: messageId }, as('staff:jl-drc'));
    const live = (await replay.next()).data!.caseEvents;
    expect(live).toMatchObject({ action: 'SUBMIT_REPLY', to: 'REPLY_SUBMITTED', sequence: 5, case: { status: 'REPLY_SUBMITTED', message: { number } } });
    cursors.push(...received.map((e) => e.cursor), live.cursor);
    await replay.close();

    // A dashboard that reconnects with the cursor of the second event misses nothing and sees nothing twice.
    const resumed = hub.subscribe(SUBSCRIPTION, { after: cursors[1] });
    const again: any[] = [];
    for (let n = 0; n < 3; n++) again.push((await resumed.next()).data!.caseEvents);
    expect(again.map((e) => [e.action, e.cursor])).toEqual([['FORWARD', cursors[2]], ['ACKNOWLEDGE', cursors[3]], ['SUBMIT_REPLY', cursors[4]]]);
    await resumed.close();
  });

  it('gives the agency’s KPIs on Agency through federation', async () => {
    clock.advance(2 * HOUR);
    await hub.ok('mutation($id: ID!) { approveReply(id: $id) { id } }', { id: messageId }, as('staff:jl-party-office'));
    clock.advance(24 * HOUR);
    await hub.ok('mutation($id: ID!) { recordReturnVisit(id: $id, satisfaction: SATISFIED, comment: "效率高，感谢") { id } }', { id: messageId }, as('staff:jl-party-office-opinion'));
    await hub.ok('mutation($id: ID!) { closeMessage(id: $id) { id } }', { id: messageId }, as('staff:jl-party-office'));
    await eventually(() => caseOf(messageId), (status) => status === 'CLOSED');

    const { agency } = await hub.ok(`{ agency(id: "jl-drc") { name kpis(from: "2022-09-01T00:00:00+08:00", to: "2022-10-01T00:00:00+08:00") {
      assigned replied closed rated satisfied completionRate feedbackRate onTimeRate satisfactionRate averageHandlingHours } } }`);
    // Forwarded at 10:30 on the 26th; the reply was published 26 hours later, well within the deadline.
    expect(agency).toEqual({
      name: '吉林省发改委',
      kpis: { assigned: 1, replied: 1, closed: 1, rated: 1, satisfied: 1, completionRate: 1, feedbackRate: 1, onTimeRate: 1, satisfactionRate: 1, averageHandlingHours: 26 },
    });
    // By channel: the Commission's one appeal is a board message; none came from the hotline.
    const period = 'from: "2022-09-01T00:00:00+08:00", to: "2022-10-01T00:00:00+08:00"';
    const byChannel = await hub.ok(`{ agency(id: "jl-drc") {
      board: kpis(${period}, channel: [BOARD]) { assigned closed }
      hotline: kpis(${period}, channel: [HOTLINE, SUPERVISION]) { assigned closed completionRate }
      both: kpis(${period}, channel: [HOTLINE, BOARD, BOARD]) { assigned closed } } }`);
    expect(byChannel.agency).toEqual({
      board: { assigned: 1, closed: 1 },
      hotline: { assigned: 0, closed: 0, completionRate: null },
      both: { assigned: 1, closed: 1 },
    });
    const refused = await hub.query(`{ agency(id: "jl-drc") { kpis(${period}, channel: []) { assigned } } }`);
    expect(refused.errors?.map((e: any) => [e.extensions.code, e.extensions.field])).toEqual([['INVALID_INPUT', 'channel']]);
  });

  it('costs the same number of SQL statements for 10 and for 100 cases with their messages, boards, assignees and work orders', async () => {
    // One mutation per 20 messages: the gateway allows 20 aliases an operation.
    const inChunks = async (count: number, field: (i: number) => string, variables?: Record<string, unknown>, declared = '') => {
      const data: Record<string, { id: string }> = {};
      for (let from = 0; from < count; from += 20) {
        const fields = Array.from({ length: Math.min(20, count - from) }, (_, k) => field(from + k)).join('\n');
        Object.assign(data, await hub.ok(`mutation${declared} { ${fields} }`, variables));
      }
      return data;
    };
    const posted = await inChunks(100, (i) => `m${i}: postMessage(input: { boardId: "${i % 2 ? 'th-mayor' : 'cc-mayor'}",
      regionCode: "${i % 2 ? '220502' : '220104'}", title: "留言${i}", content: "内容" }) { id }`);
    const ids = Array.from({ length: 100 }, (_, i) => posted[`m${i}`]!.id);
    await inChunks(100, (i) => `a${i}: acceptMessage(id: "${ids[i]}") { id }`);
    await inChunks(100, (i) => `f${i}: forwardMessage(id: "${ids[i]}", agencyId: "${i % 2 ? 'th-housing' : 'cc-housing'}", dueAt: $d) { id }`,
      { d: '2022-12-31T17:00:00+08:00' }, '($d: DateTime!)');
    await eventually(() => hub.ok(`{ cases(filter: { status: [ASSIGNED] }) { totalCount } }`), (d) => d.cases.totalCount === 100);
    // Every message gets a work order from the housing bureau it was forwarded to (the housing subgraph).
    await inChunks(100, (i) => `w${i}: createWorkOrder(input: { appealChannel: BOARD, appealId: "${ids[i]}",
      responsibleAgencyId: "${i % 2 ? 'th-housing' : 'cc-housing'}", title: "整修${i}", regionCode: "${i % 2 ? '220502' : '220104'}",
      location: "小区门前", plannedStart: "2022-10-10", plannedEnd: "2022-10-20" }) { id }`);

    const query = `query($first: Int) { cases(first: $first, filter: { channel: [BOARD] }) { edges { node {
      number status assignee { name region { name } } region { name } message { title board { name leaderTitle } assignee { name } }
      workOrders { number status plannedDays responsibleAgency { name } } } } } }`;
    const cost = async (first: number) => {
      const before = hub.services.database.statementCount();
      const { cases } = await hub.ok(query, { first });
      expect(cases.edges).toHaveLength(first);
      expect(cases.edges.every((e: any) => e.node.assignee.name && e.node.message.board.name && e.node.message.assignee.name === e.node.assignee.name)).toBe(true);
      expect(cases.edges.every((e: any) => e.node.workOrders.length === 1 && e.node.workOrders[0].plannedDays === 11
        && e.node.workOrders[0].responsibleAgency.name === e.node.assignee.name)).toBe(true);
      return hub.services.database.statementCount() - before;
    };
    const ten = await cost(10);
    expect(await cost(100)).toBe(ten);
  });
});
