import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
});
afterAll(() => sg?.stop());

const DAY = 86_400_000;
const FIELDS = `id number status assignee { id } dueAt reply { content publishedAt } returnVisit { satisfaction comment }
  mergedInto { number } timeline { sequence action from to actor agency { id } note }`;

/** Variable types for the short names the tests use. */
const TYPES: Record<string, string> = { id: 'ID!', into: 'ID!', a: 'String', d: 'DateTime!', s: 'Satisfaction!' };
const operation = (field: string, variables: Record<string, unknown>, selection: string) =>
  `mutation(${Object.keys(variables).map((k) => `$${k}: ${TYPES[k]}`).join(', ')}) { r: ${field} { ${selection} } }`;

/** Runs a mutation as an admin named `actor` and returns its result, failing loudly on errors. */
async function act(field: string, variables: Record<string, unknown>, actor = 'staff:test') {
  const response = await sg.query(operation(field, variables, FIELDS), variables, testIdentity('admin', { subject: actor }));
  if (response.errors) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
  return response.data!.r;
}

const attempt = (field: string, variables: Record<string, unknown>) => sg.query(operation(field, variables, 'id status'), variables);

async function post(overrides: Record<string, unknown> = {}) {
  const input = { boardId: 'jl-secretary', title: '建议加强与浙江省对口交流', content: '探索乡镇农垦企业发展思路', regionCode: '220000', ...overrides };
  const response = await sg.query(`mutation($input: PostMessageInput!) { postMessage(input: $input) { ${FIELDS} } }`, { input }, testIdentity('citizen', { subject: 'citizen:1' }));
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.postMessage;
}

/** How many rows the writes of this subgraph have left: anything a refused request wrote would show here. */
async function writtenRows() {
  const [row] = rowsOf<{ messages: number; transitions: number; events: number }>(
    await sg.services.database.db.execute(sql`select
      (select count(*)::int from board.messages) as messages,
      (select count(*)::int from board.message_transitions) as transitions,
      (select count(*)::int from events.event_log) as events`),
  );
  return row!;
}

const future = () => new Date(sg.services.clock.now().getTime() + 15 * DAY).toISOString();

describe('message lifecycle', () => {
  it('runs the whole lifecycle, one mutation per transition, each in the timeline and the event log', async () => {
    const before = await writtenRows();
    const m = await post();
    expect(m.number).toMatch(/^BRD-2022-\d{6}$/);
    expect(m.status).toBe('SUBMITTED');
    await act('acceptMessage(id: $id)', { id: m.id }, 'staff:jl-party-office');
    const forwarded = await act('forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $d, note: $a)', { id: m.id, d: future(), a: '请认真核实' });
    expect(forwarded.assignee).toEqual({ id: 'jl-drc' });
    await act('acknowledgeMessage(id: $id)', { id: m.id }, 'staff:jl-drc');
    await act('submitReply(id: $id, content: "初稿")', { id: m.id }, 'staff:jl-drc');
    await act('sendBackReply(id: $id, reason: "请补充具体措施")', { id: m.id });
    await act('submitReply(id: $id, content: "经调查核实，答复如下")', { id: m.id }, 'staff:jl-drc');
    const replied = await act('approveReply(id: $id)', { id: m.id });
    expect(replied.reply.publishedAt).not.toBeNull();
    await act('recordReturnVisit(id: $id, satisfaction: $s, comment: $a)', { id: m.id, s: 'DISSATISFIED', a: '没有解决' });
    await act('reopenMessage(id: $id, reason: "回访不满意")', { id: m.id });
    await act('submitReply(id: $id, content: "已进一步落实")', { id: m.id }, 'staff:jl-drc');
    await act('approveReply(id: $id)', { id: m.id });
    await act('recordReturnVisit(id: $id, satisfaction: $s, comment: $a)', { id: m.id, s: 'SATISFIED', a: '效率高，感谢' }, 'staff:jl-party-office-opinion');
    const closed = await act('closeMessage(id: $id)', { id: m.id });

    expect(closed.status).toBe('CLOSED');
    expect(closed.returnVisit).toEqual({ satisfaction: 'SATISFIED', comment: '效率高，感谢' });
    expect(closed.timeline.map((t: { action: string }) => t.action)).toEqual([
      'POST', 'ACCEPT', 'FORWARD', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'SEND_BACK_REPLY', 'SUBMIT_REPLY', 'APPROVE_REPLY',
      'RETURN_VISIT', 'REOPEN', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE',
    ]);
    expect(closed.timeline.map((t: { sequence: number }) => t.sequence)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(closed.timeline[2]).toMatchObject({ from: 'ACCEPTED', to: 'ASSIGNED', actor: 'staff:test', agency: { id: 'jl-drc' }, note: '请认真核实' });
    expect(closed.timeline[0]).toMatchObject({ from: null, to: 'SUBMITTED', actor: 'citizen' }); // a citizen's login stays out of timelines and events
    expect(closed.timeline[12].actor).toBe('staff:jl-party-office-opinion');
    const after = await writtenRows();
    expect(after.transitions - before.transitions).toBe(14);
    expect(after.events - before.events).toBe(14);
  });

  it('returns a message that is not the agency’s remit and reassigns it', async () => {
    const m = await post({ boardId: 'th-secretary', regionCode: '220502', title: '人行道' });
    await act('acceptMessage(id: $id)', { id: m.id });
    await act('forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $d)', { id: m.id, d: future() });
    const returned = await act('returnMessage(id: $id, reason: "不属于本单位职责")', { id: m.id }, 'staff:jl-drc');
    expect(returned.status).toBe('RETURNED');
    const reaccepted = await act('reassignMessage(id: $id)', { id: m.id });
    expect(reaccepted).toMatchObject({ status: 'ACCEPTED', assignee: null, dueAt: null });
    const forwarded = await act('forwardMessage(id: $id, agencyId: "th-housing", dueAt: $d)', { id: m.id, d: future() });
    expect(forwarded).toMatchObject({ status: 'ASSIGNED', assignee: { id: 'th-housing' } });
  });

  it('rejects on review, and merges a duplicate into another message', async () => {
    const rejected = await act('rejectMessage(id: $id, reason: "内容不实")', { id: (await post()).id });
    expect(rejected.status).toBe('REJECTED');
    const original = await post({ title: '原始留言' });
    const duplicate = await post({ title: '重复留言' });
    const merged = await act('mergeMessage(id: $id, intoId: $into)', { id: duplicate.id, into: original.id });
    expect(merged).toMatchObject({ status: 'MERGED', mergedInto: { number: original.number } });
  });
});

describe('bad input is refused with a stable code and writes nothing', () => {
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  /** A message taken through the lifecycle up to (and including) the given steps. */
  async function messageAfter(...steps: string[]) {
    const m = await post();
    for (const step of steps) {
      if (step === 'forward') await act('forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $d)', { id: m.id, d: future() });
      else if (step === 'returnVisit') await act('recordReturnVisit(id: $id, satisfaction: $s)', { id: m.id, s: 'SATISFIED' });
      else await act(step, { id: m.id });
    }
    return m.id as string;
  }
  const posting = (input: string, variables: { c?: string } = {}) =>
    sg.query(`mutation${variables.c ? '($c: String!)' : ''} { postMessage(input: {${input}}) { id } }`, variables);

  const cases: [string, () => Promise<unknown>, (prepared: any) => Promise<{ errors?: { extensions?: { code?: string } }[] }>, string][] = [
    ['an illegal transition', () => messageAfter(), (id) => attempt('acknowledgeMessage(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['an unknown message id', async () => UNKNOWN, (id) => attempt('acceptMessage(id: $id)', { id }), 'NOT_FOUND'],
    ['an id that is not an id at all', async () => "1' or '1'='1", (id) => attempt('acceptMessage(id: $id)', { id }), 'NOT_FOUND'],
    ['an unknown board', async () => null, () => posting('boardId: "nope", title: "t", content: "c", regionCode: "220000"'), 'INVALID_INPUT'],
    ['an empty title', async () => null, () => posting('boardId: "jl-governor", title: "   ", content: "c", regionCode: "220000"'), 'INVALID_INPUT'],
    ['an over-long content', async () => null, () => posting('boardId: "jl-governor", title: "t", content: $c, regionCode: "220000"', { c: '长'.repeat(5001) }), 'INVALID_INPUT'],
    ['a malformed region code', async () => null, () => posting('boardId: "jl-governor", title: "t", content: "c", regionCode: "22"'), 'INVALID_INPUT'],
    ['an unknown agency', () => messageAfter('acceptMessage(id: $id)'), (id) => attempt('forwardMessage(id: $id, agencyId: "no-such-agency", dueAt: $d)', { id, d: future() }), 'INVALID_INPUT'],
    ['a deadline in the past', () => messageAfter('acceptMessage(id: $id)'), (id) => attempt('forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $d)', { id, d: '2022-01-01T00:00:00Z' }), 'DEADLINE_IN_PAST'],
    ['a reopen when the citizen was satisfied',
      () => messageAfter('acceptMessage(id: $id)', 'forward', 'acknowledgeMessage(id: $id)', 'submitReply(id: $id, content: "答复")', 'approveReply(id: $id)', 'returnVisit'),
      (id) => attempt('reopenMessage(id: $id, reason: "再看看")', { id }), 'ILLEGAL_TRANSITION'],
    ['a merge into itself', () => messageAfter(), (id) => attempt('mergeMessage(id: $id, intoId: $into)', { id, into: id }), 'INVALID_INPUT'],
    ['a malformed cursor', async () => null, () => sg.query('{ messages(after: "bm90LWEtY3Vyc29y") { totalCount } }'), 'INVALID_CURSOR'],
    ['a page size over the limit', async () => null, () => sg.query('{ messages(first: 1000) { totalCount } }'), 'INVALID_INPUT'],
  ];

  it.each(cases)('%s', async (_name, prepare, refused, code) => {
    const prepared = await prepare();
    const before = await writtenRows();
    const response = await refused(prepared);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await writtenRows()).toEqual(before);
  });
});

describe('queries', () => {
  it('filters by board, status, region subtree and date range, and pages newest first without gaps', async () => {
    const clock = sg.services.clock;
    const start = new Date('2023-03-01T08:00:00+08:00');
    const posted: { id: string; boardId: string }[] = [];
    for (let i = 0; i < 7; i++) {
      clock.set(new Date(start.getTime() + i * DAY));
      const boardId = i % 2 === 0 ? 'th-mayor' : 'cc-mayor';
      const m = await post({ boardId, regionCode: i % 2 === 0 ? '220502' : '220104', title: `第${i}条` });
      posted.push({ id: m.id, boardId });
    }
    await act('acceptMessage(id: $id)', { id: posted[0]!.id });
    const query = `query($f: MessageFilter, $first: Int, $after: String) { messages(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id title status submittedAt board { id } } } } }`;
    const list = async (filter: Record<string, unknown>, first = 20, after?: string) =>
      (await sg.query(query, { f: filter, first, after })).data!.messages;

    const inMarch = { submittedFrom: '2023-03-01T00:00:00+08:00', submittedTo: '2023-03-31T00:00:00+08:00' };
    expect((await list(inMarch)).totalCount).toBe(7);
    expect((await list({ ...inMarch, boardId: 'th-mayor' })).totalCount).toBe(4);
    expect((await list({ ...inMarch, regionCode: '220100' })).edges.map((e: any) => e.node.board.id)).toEqual(['cc-mayor', 'cc-mayor', 'cc-mayor']);
    expect((await list({ ...inMarch, regionCode: '220000' })).totalCount).toBe(7);
    expect((await list({ ...inMarch, status: ['ACCEPTED'] })).edges.map((e: any) => e.node.id)).toEqual([posted[0]!.id]);
    expect((await list({ submittedFrom: '2023-03-03T00:00:00+08:00', submittedTo: '2023-03-04T23:00:00+08:00' })).totalCount).toBe(2);

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(inMarch, 3, after);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...posted].reverse().map((p) => p.id));
  });

  it('resolves boards, messages by number, and leaves unknown ids null', async () => {
    const m = await post({ boardId: 'yb-mayor', regionCode: '222401' });
    const response = await sg.query(`query($n: String!) {
      byNumber: messageByNumber(number: $n) { id board { id leaderTitle region { code } } }
      unknown: message(id: "00000000-0000-4000-8000-000000000000") { id }
      boards(regionCode: "222400") { id }
    }`, { n: m.number });
    expect(response.data).toEqual({
      byNumber: { id: m.id, board: { id: 'yb-mayor', leaderTitle: 'Mayor', region: { code: '222400' } } },
      unknown: null,
      boards: [{ id: 'yb-mayor' }, { id: 'yb-secretary' }],
    });
  });
});
