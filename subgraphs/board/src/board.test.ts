import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { eventLog } from '@civicgraph/platform';
import { startTestSubgraph, tally, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { allPages, describeChannelLifecycle, inlineInput, lifecycleClient, openedDaily } from '@civicgraph/platform/lifecycle-suite';
import { messages, messageTransitions } from './db/tables.ts';
import { subgraph } from './server.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], now: new Date('2022-09-26T09:30:00+08:00') });
});
afterAll(() => sg?.stop());

const CONTACT = { name: '张先生', phone: '13912345678', address: '长春市南关区幸福街道88号' };

async function post(overrides: Record<string, unknown> = {}) {
  const input = { boardId: 'jl-secretary', title: '建议加强与浙江省对口交流', content: '探索乡镇农垦企业发展思路', regionCode: '220000', contact: CONTACT, ...overrides };
  const response = await sg.query(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id number status timeline { action } } }`, { input }, testIdentity('citizen', { subject: 'citizen:1' }));
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.postMessage;
}

/** How many rows the writes of this subgraph have left: anything a refused request wrote would show here. */
const writtenRows = () => tally(sg.services.database.db, { messages, transitions: messageTransitions, events: eventLog });

const posting = inlineInput(() => sg, 'postMessage');

describeChannelLifecycle({
  channel: 'BOARD',
  subgraph: () => sg,
  fields: 'reply { content publishedAt }',
  open: () => post(),
  personalData: Object.values(CONTACT),
  // The party secretary's board: the party committee office forwards to the DRC, its online-opinion division visits.
  story: { office: 'staff:jl-party-office', agency: 'jl-drc', visitor: 'staff:jl-party-office-opinion', openedBy: 'citizen' },
  timeline: [
    'POST', 'ACCEPT', 'FORWARD', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'SEND_BACK_REPLY', 'SUBMIT_REPLY', 'APPROVE_REPLY',
    'RETURN_VISIT', 'REOPEN', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE',
  ],
  returned: { open: () => post({ boardId: 'th-secretary', regionCode: '220502', title: '人行道' }), first: 'jl-drc', again: 'th-housing', expected: 'th-housing' },
  written: writtenRows,
  list: 'messages',
  refusals: [
    ['an unknown board', async () => null, () => posting('boardId: "nope", title: "t", content: "c", regionCode: "220000"'), 'INVALID_INPUT'],
    ['an empty title', async () => null, () => posting('boardId: "jl-governor", title: "   ", content: "c", regionCode: "220000"'), 'INVALID_INPUT'],
    ['an over-long content', async () => null, () => posting('boardId: "jl-governor", title: "t", content: $c, regionCode: "220000"', { c: '长'.repeat(5001) }), 'INVALID_INPUT'],
    ['a malformed region code', async () => null, () => posting('boardId: "jl-governor", title: "t", content: "c", regionCode: "22"'), 'INVALID_INPUT'],
  ],
  // Review publishes the reply: the message is public from then on.
  afterLifecycle: ({ replied, closed }) => {
    expect(replied.reply).toMatchObject({ content: '经调查核实，答复如下' });
    expect(replied.reply.publishedAt).not.toBeNull();
    expect(closed.reply).toMatchObject({ content: '已进一步落实', publishedAt: expect.any(String) });
  },
});

const { act } = lifecycleClient({ channel: 'BOARD', subgraph: () => sg });

describe('queries', () => {
  it('filters by board, status, region subtree and date range, and pages newest first without gaps', async () => {
    const posted = await openedDaily(sg, 7, (i) =>
      post({ boardId: i % 2 === 0 ? 'th-mayor' : 'cc-mayor', regionCode: i % 2 === 0 ? '220502' : '220104', title: `第${i}条` }),
    );
    await act('accept', { id: posted[0]! });
    const query = `query($f: MessageFilter, $first: Int, $after: String) { messages(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id title status submittedAt board { id } } } } }`;
    const list = async (filter: Record<string, unknown>, first = 20, after?: string) =>
      (await sg.query(query, { f: filter, first, after })).data!.messages;

    const inMarch = { submittedFrom: '2023-03-01T00:00:00+08:00', submittedTo: '2023-03-31T00:00:00+08:00' };
    expect((await list(inMarch)).totalCount).toBe(7);
    expect((await list({ ...inMarch, boardId: 'th-mayor' })).totalCount).toBe(4);
    expect((await list({ ...inMarch, regionCode: '220100' })).edges.map((e: any) => e.node.board.id)).toEqual(['cc-mayor', 'cc-mayor', 'cc-mayor']);
    expect((await list({ ...inMarch, regionCode: '220000' })).totalCount).toBe(7);
    expect((await list({ ...inMarch, status: ['ACCEPTED'] })).edges.map((e: any) => e.node.id)).toEqual([posted[0]]);
    expect((await list({ submittedFrom: '2023-03-03T00:00:00+08:00', submittedTo: '2023-03-04T23:00:00+08:00' })).totalCount).toBe(2);

    expect(await allPages((size, after) => list(inMarch, size, after))).toEqual([...posted].reverse());
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
