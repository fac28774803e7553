import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@civicgraph/platform';
import type { TestSubgraph } from '@civicgraph/platform/testing';
import { DAY, gql, startSupervision, writtenRows } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision();
});
afterAll(() => sg?.stop());

const FIELDS = `id number channel status sensitivity assignee { id } dueAt resultsReport { content agency { id } approvedAt }
  returnVisit { satisfaction comment by } mergedInto { number } timeline { sequence action from to actor agency { id } note }`;
const TYPES: Record<string, string> = { id: 'ID!', into: 'ID!', a: 'String', d: 'DateTime!', s: 'Satisfaction!', g: 'ID!' };
const operation = (field: string, variables: Record<string, unknown>, selection: string) =>
  `mutation(${Object.keys(variables).map((k) => `$${k}: ${TYPES[k]}`).join(', ')}) { r: ${field} { ${selection} } }`;

async function act(field: string, variables: Record<string, unknown>, actor = 'staff:test') {
  return (await gql(sg, operation(field, variables, FIELDS), variables, actor)).r;
}
const attempt = (field: string, variables: Record<string, unknown>) => sg.query(operation(field, variables, 'id status'), variables);

async function submit(overrides: Record<string, unknown> = {}) {
  const input = { title: '供热时断时续', content: '进水温度只有二三十度', regionCode: '220104', category: '供热', reporterName: '王先生', reporterPhone: '13900000000', ...overrides };
  return (await gql(sg, `mutation($input: SubmitClueInput!) { submitClue(input: $input) { ${FIELDS} } }`, { input }, 'citizen:wang')).submitClue;
}

const future = (days = 1) => new Date(sg.services.clock.now().getTime() + days * DAY).toISOString();

describe('clue lifecycle', () => {
  it('runs the whole lifecycle, one mutation per transition, each in the timeline and as an event without personal data', async () => {
    const before = await writtenRows(sg.services.database.db);
    const c = await submit();
    expect(c).toMatchObject({ channel: 'SUPERVISION', status: 'SUBMITTED', sensitivity: 'GENERAL' });
    expect(c.number).toMatch(/^SUP-2022-\d{6}$/);
    await act('acceptClue(id: $id, note: $a)', { id: c.id, a: '经核实，情况属实' }, 'staff:cc-mayor-hotline');
    const transferred = await act('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id: c.id, g: 'cc-chaoyang-housing', d: future() }, 'staff:cc-mayor-hotline');
    expect(transferred).toMatchObject({ status: 'ASSIGNED', assignee: { id: 'cc-chaoyang-housing' } });
    await act('acknowledgeClue(id: $id)', { id: c.id }, 'staff:cc-chaoyang-housing');
    await act('submitResultsReport(id: $id, content: "初步处理")', { id: c.id }, 'staff:cc-chaoyang-housing');
    await act('sendBackResultsReport(id: $id, reason: "请说明具体措施")', { id: c.id });
    await act('submitResultsReport(id: $id, content: "启动调峰锅炉，提高供水参数")', { id: c.id }, 'staff:cc-chaoyang-housing');
    const replied = await act('approveResultsReport(id: $id)', { id: c.id });
    expect(replied.resultsReport).toMatchObject({ content: '启动调峰锅炉，提高供水参数', agency: { id: 'cc-chaoyang-housing' } });
    expect(replied.resultsReport.approvedAt).not.toBeNull();
    await act('recordClueReturnVisit(id: $id, satisfaction: $s, comment: $a)', { id: c.id, s: 'DISSATISFIED', a: '室温仍偏凉' });
    await act('reopenClue(id: $id, reason: "回访不满意")', { id: c.id });
    await act('submitResultsReport(id: $id, content: "继续提温，室温达标")', { id: c.id }, 'staff:cc-chaoyang-housing');
    await act('approveResultsReport(id: $id)', { id: c.id });
    await act('recordClueReturnVisit(id: $id, satisfaction: $s, comment: $a)', { id: c.id, s: 'SATISFIED', a: '暖心' }, 'staff:visit');
    const closed = await act('closeClue(id: $id)', { id: c.id });

    expect(closed.status).toBe('CLOSED');
    expect(closed.returnVisit).toEqual({ satisfaction: 'SATISFIED', comment: '暖心', by: 'staff:visit' });
    expect(closed.timeline.map((t: { action: string }) => t.action)).toEqual([
      'SUBMIT', 'ACCEPT', 'TRANSFER', 'ACKNOWLEDGE', 'SUBMIT_RESULTS', 'SEND_BACK_RESULTS', 'SUBMIT_RESULTS', 'APPROVE_RESULTS',
      'RETURN_VISIT', 'REOPEN', 'SUBMIT_RESULTS', 'APPROVE_RESULTS', 'RETURN_VISIT', 'CLOSE',
    ]);
    expect(closed.timeline.map((t: { sequence: number }) => t.sequence)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(closed.timeline[2]).toMatchObject({ from: 'ACCEPTED', to: 'ASSIGNED', actor: 'staff:cc-mayor-hotline', agency: { id: 'cc-chaoyang-housing' } });
    expect(closed.timeline[0]).toMatchObject({ from: null, to: 'SUBMITTED', actor: 'citizen:wang' });

    const after = await writtenRows(sg.services.database.db);
    expect(after.transitions - before.transitions).toBe(14);
    expect(after.events - before.events).toBe(14);
    const events = rowsOf<{ source: string; aggregate_type: string; payload: Record<string, unknown> }>(
      await sg.services.database.db.execute(sql`select source, aggregate_type, payload from events.event_log
        where aggregate_id = ${c.id} and type = 'AppealTransitioned' order by seq`),
    );
    expect(events.map((e) => [e.source, e.aggregate_type, e.payload.channel, e.payload.sequence, e.payload.to])[2]).toEqual(['supervision', 'Clue', 'SUPERVISION', 3, 'ASSIGNED']);
    expect(events.map((e) => e.payload.action)).toEqual(closed.timeline.map((t: { action: string }) => t.action));
    // The reporter's name and phone are stored for the office, but never travel in events.
    const logText = JSON.stringify(events);
    expect(logText).not.toContain('王先生');
    expect(logText).not.toContain('13900000000');
    const [stored] = rowsOf<{ reporter_name: string; reporter_phone: string }>(
      await sg.services.database.db.execute(sql`select reporter_name, reporter_phone from supervision.clues where id = ${c.id}`),
    );
    expect(stored).toEqual({ reporter_name: '王先生', reporter_phone: '13900000000' });
  });

  it('returns a transfer that is not the agency’s remit, reassigns it, and transfers it again', async () => {
    const c = await submit({ regionCode: '220502', title: '人行道' });
    await act('acceptClue(id: $id)', { id: c.id });
    await act('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id: c.id, g: 'th-housing', d: future() });
    expect((await act('returnClue(id: $id, reason: "不属于本单位职责")', { id: c.id }, 'staff:th-housing')).status).toBe('RETURNED');
    expect(await act('reassignClue(id: $id)', { id: c.id })).toMatchObject({ status: 'ACCEPTED', assignee: null, dueAt: null });
    expect(await act('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id: c.id, g: 'th-municipal-eng', d: future(10) }))
      .toMatchObject({ status: 'ASSIGNED', assignee: { id: 'th-municipal-eng' } });
  });

  it('rejects on verification, and merges a duplicate into another clue', async () => {
    expect((await act('rejectClue(id: $id, reason: "不属于督查范围")', { id: (await submit()).id })).status).toBe('REJECTED');
    const original = await submit({ title: '原始线索' });
    const duplicate = await submit({ title: '重复线索' });
    expect(await act('mergeClue(id: $id, intoId: $into)', { id: duplicate.id, into: original.id }))
      .toMatchObject({ status: 'MERGED', mergedInto: { number: original.number } });
  });
});

describe('bad input is refused with a stable code and writes nothing', () => {
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  async function clueAfter(...steps: string[]) {
    const c = await submit();
    for (const step of steps) {
      if (step === 'transfer') await act('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id: c.id, g: 'cc-chaoyang-housing', d: future() });
      else if (step === 'returnVisit') await act('recordClueReturnVisit(id: $id, satisfaction: $s)', { id: c.id, s: 'SATISFIED' });
      else await act(step, { id: c.id });
    }
    return c.id as string;
  }
  const submitting = (input: string, variables: { c?: string } = {}) =>
    sg.query(`mutation${variables.c ? '($c: String!)' : ''} { submitClue(input: {${input}}) { id } }`, variables);

  const cases: [string, () => Promise<unknown>, (prepared: any) => Promise<{ errors?: { extensions?: { code?: string } }[] }>, string][] = [
    ['an illegal transition', () => clueAfter(), (id) => attempt('acknowledgeClue(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['an unknown clue id', async () => UNKNOWN, (id) => attempt('acceptClue(id: $id)', { id }), 'NOT_FOUND'],
    ['an id that is not an id at all', async () => "1' or '1'='1", (id) => attempt('acceptClue(id: $id)', { id }), 'NOT_FOUND'],
    ['an empty title', async () => null, () => submitting('title: "  ", content: "c", regionCode: "220104"'), 'INVALID_INPUT'],
    ['an over-long content', async () => null, () => submitting('title: "t", content: $c, regionCode: "220104"', { c: '长'.repeat(5001) }), 'INVALID_INPUT'],
    ['a malformed region code', async () => null, () => submitting('title: "t", content: "c", regionCode: "2201"'), 'INVALID_INPUT'],
    ['a phone number that is not one', async () => null, () => submitting('title: "t", content: "c", regionCode: "220104", reporterPhone: "call me"'), 'INVALID_INPUT'],
    ['an unknown agency', () => clueAfter('acceptClue(id: $id)'), (id) => attempt('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id, g: 'nope', d: future() }), 'INVALID_INPUT'],
    ['an agency of another locality', () => clueAfter('acceptClue(id: $id)'), (id) => attempt('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id, g: 'th-housing', d: future() }), 'INVALID_INPUT'],
    ['a deadline in the past', () => clueAfter('acceptClue(id: $id)'), (id) => attempt('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id, g: 'cc-housing', d: '2022-01-01T00:00:00Z' }), 'DEADLINE_IN_PAST'],
    ['a reopen when the citizen was satisfied',
      () => clueAfter('acceptClue(id: $id)', 'transfer', 'acknowledgeClue(id: $id)', 'submitResultsReport(id: $id, content: "报告")', 'approveResultsReport(id: $id)', 'returnVisit'),
      (id) => attempt('reopenClue(id: $id, reason: "再看看")', { id }), 'ILLEGAL_TRANSITION'],
    ['a merge into itself', () => clueAfter(), (id) => attempt('mergeClue(id: $id, intoId: $into)', { id, into: id }), 'INVALID_INPUT'],
    ['an empty rejection reason', () => clueAfter(), (id) => attempt('rejectClue(id: $id, reason: " ")', { id }), 'INVALID_INPUT'],
    ['a malformed cursor', async () => null, () => sg.query('{ clues(after: "bm90LWEtY3Vyc29y") { totalCount } }'), 'INVALID_CURSOR'],
    ['a page size over the limit', async () => null, () => sg.query('{ clues(first: 1000) { totalCount } }'), 'INVALID_INPUT'],
  ];

  it.each(cases)('%s', async (_name, prepare, refused, code) => {
    const prepared = await prepare();
    const before = await writtenRows(sg.services.database.db);
    const response = await refused(prepared);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await writtenRows(sg.services.database.db)).toEqual(before);
  });
});

describe('clue queries', () => {
  it('filters by status, assignee, region subtree, sensitivity and dates, and pages newest first without gaps', async () => {
    const clock = sg.services.clock;
    const start = new Date('2023-03-01T08:00:00+08:00');
    const submitted: string[] = [];
    for (let i = 0; i < 7; i++) {
      clock.set(new Date(start.getTime() + i * DAY));
      const c = await submit({ regionCode: i % 2 === 0 ? '220502' : '220104', title: `第${i}条`, sensitivity: i === 3 ? 'SENSITIVE' : 'GENERAL' });
      submitted.push(c.id);
    }
    await act('acceptClue(id: $id)', { id: submitted[0] });
    await act('transferClue(id: $id, agencyId: $g, dueAt: $d)', { id: submitted[0], g: 'th-housing', d: future(5) });
    const query = `query($f: ClueFilter, $first: Int, $after: String) { clues(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id region { code } } } } }`;
    const list = async (filter: Record<string, unknown>, first = 20, after?: string) => (await gql(sg, query, { f: filter, first, after })).clues;

    const inMarch = { submittedFrom: '2023-03-01T00:00:00+08:00', submittedTo: '2023-03-31T00:00:00+08:00' };
    expect((await list(inMarch)).totalCount).toBe(7);
    expect((await list({ ...inMarch, regionCode: '220500' })).totalCount).toBe(4);
    expect((await list({ ...inMarch, regionCode: '220100' })).edges.map((e: any) => e.node.region.code)).toEqual(['220104', '220104', '220104']);
    expect((await list({ ...inMarch, sensitivity: ['SENSITIVE'] })).edges.map((e: any) => e.node.id)).toEqual([submitted[3]]);
    expect((await list({ ...inMarch, status: ['ASSIGNED'], assigneeId: 'th-housing' })).edges.map((e: any) => e.node.id)).toEqual([submitted[0]]);
    expect((await list({ submittedFrom: '2023-03-03T00:00:00+08:00', submittedTo: '2023-03-04T23:00:00+08:00' })).totalCount).toBe(2);

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(inMarch, 3, after);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...submitted].reverse());
    const byNumber = await gql(sg, `query($n: String!) { clueByNumber(number: $n) { id } unknown: clue(id: "x") { id } }`, {
      n: (await gql(sg, `query($id: ID!) { clue(id: $id) { number } }`, { id: submitted[2] })).clue.number,
    });
    expect(byNumber).toEqual({ clueByNumber: { id: submitted[2] }, unknown: null });
  });
});
