import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@civicgraph/platform';
import type { TestSubgraph } from '@civicgraph/platform/testing';
import { allPages, describeChannelLifecycle, inlineInput, lifecycleClient, openedDaily } from '@civicgraph/platform/lifecycle-suite';
import { DAY, gql, startSupervision, writtenRows } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision();
});
afterAll(() => sg?.stop());

const REPORTER = { reporterName: '王先生', reporterPhone: '13900000000' };

async function submit(overrides: Record<string, unknown> = {}) {
  const input = { title: '供热时断时续', content: '进水温度只有二三十度', regionCode: '220104', category: '供热', ...REPORTER, ...overrides };
  return (await gql(sg, `mutation($input: SubmitClueInput!) { submitClue(input: $input) { id number status channel sensitivity } }`, { input }, 'citizen:wang')).submitClue;
}

const future = (days = 1) => new Date(sg.services.clock.now().getTime() + days * DAY).toISOString();
const { act, attempt } = lifecycleClient({ channel: 'SUPERVISION', subgraph: () => sg });
const submitting = inlineInput(() => sg, 'submitClue');

describeChannelLifecycle({
  channel: 'SUPERVISION',
  subgraph: () => sg,
  fields: 'channel sensitivity resultsReport { content agency { id } approvedAt } returnVisit { by }',
  open: () => submit(),
  personalData: Object.values(REPORTER),
  // The Changchun heating clue: the mayor's hotline office verifies it and transfers it to the Chaoyang housing bureau.
  story: { office: 'staff:cc-mayor-hotline', agency: 'cc-chaoyang-housing', visitor: 'staff:visit', openedBy: 'citizen:wang' },
  timeline: [
    'SUBMIT', 'ACCEPT', 'TRANSFER', 'ACKNOWLEDGE', 'SUBMIT_RESULTS', 'SEND_BACK_RESULTS', 'SUBMIT_RESULTS', 'APPROVE_RESULTS',
    'RETURN_VISIT', 'REOPEN', 'SUBMIT_RESULTS', 'APPROVE_RESULTS', 'RETURN_VISIT', 'CLOSE',
  ],
  returned: { open: () => submit({ regionCode: '220502', title: '人行道' }), first: 'th-housing', again: 'th-municipal-eng', expected: 'th-municipal-eng' },
  written: () => writtenRows(sg.services.database.db),
  list: 'clues',
  refusals: [
    ['an empty title', async () => null, () => submitting('title: "  ", content: "c", regionCode: "220104"'), 'INVALID_INPUT'],
    ['an over-long content', async () => null, () => submitting('title: "t", content: $c, regionCode: "220104"', { c: '长'.repeat(5001) }), 'INVALID_INPUT'],
    ['a malformed region code', async () => null, () => submitting('title: "t", content: "c", regionCode: "2201"'), 'INVALID_INPUT'],
    ['a phone number that is not one', async () => null, () => submitting('title: "t", content: "c", regionCode: "220104", reporterPhone: "call me"'), 'INVALID_INPUT'],
    ['an agency of another locality', async () => (await act('accept', { id: (await submit()).id })).id,
      (id) => attempt('assign', { id, agencyId: 'th-housing', dueAt: future() }), 'INVALID_INPUT'],
  ],
  // Results reports name the locality; the reporter stays stored in full, only never in events.
  afterLifecycle: async ({ opened, replied, closed }) => {
    expect(opened).toMatchObject({ channel: 'SUPERVISION', sensitivity: 'GENERAL' });
    expect(replied.resultsReport).toMatchObject({ content: '经调查核实，答复如下', agency: { id: 'cc-chaoyang-housing' } });
    expect(replied.resultsReport.approvedAt).not.toBeNull();
    expect(closed.returnVisit.by).toBe('staff:visit');
    const [stored] = rowsOf<{ reporter_name: string; reporter_phone: string }>(
      await sg.services.database.db.execute(sql`select reporter_name, reporter_phone from supervision.clues where id = ${opened.id}`),
    );
    expect(stored).toEqual({ reporter_name: '王先生', reporter_phone: '13900000000' });
  },
});

describe('clue queries', () => {
  it('filters by status, assignee, region subtree, sensitivity and dates, and pages newest first without gaps', async () => {
    const submitted = await openedDaily(sg, 7, (i) =>
      submit({ regionCode: i % 2 === 0 ? '220502' : '220104', title: `第${i}条`, sensitivity: i === 3 ? 'SENSITIVE' : 'GENERAL' }),
    );
    await act('accept', { id: submitted[0] });
    await act('assign', { id: submitted[0], agencyId: 'th-housing', dueAt: future(5) });
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

    expect(await allPages((size, after) => list(inMarch, size, after))).toEqual([...submitted].reverse());
    const byNumber = await gql(sg, `query($n: String!) { clueByNumber(number: $n) { id } unknown: clue(id: "x") { id } }`, {
      n: (await gql(sg, `query($id: ID!) { clue(id: $id) { number } }`, { id: submitted[2] })).clue.number,
    });
    expect(byNumber).toEqual({ clueByNumber: { id: submitted[2] }, unknown: null });
  });
});
