import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';

// The demo data npm start writes: the article's stories and the generated messages.
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], seedDemo: true });
});
afterAll(() => sg?.stop());

describe('board demo data', () => {
  it('tells both of the article’s board stories, step by step', async () => {
    const { data } = await sg.query(`{
      zhejiang: messages(filter: { boardId: "jl-secretary", submittedFrom: "2022-09-26T00:00:00+08:00", submittedTo: "2022-09-27T00:00:00+08:00" }) {
        edges { node { title status assignee { id } returnVisit { satisfaction at } timeline { action at } } } }
      sidewalk: messages(filter: { boardId: "th-secretary", regionCode: "220502" }) {
        edges { node { title status assignee { id } reply { content } posterName posterPhone posterAddress } } }
    }`);
    const zhejiang = data!.zhejiang.edges.map((e: any) => e.node).find((m: any) => m.title.includes('浙江'));
    expect(zhejiang).toMatchObject({ status: 'CLOSED', assignee: { id: 'jl-drc' }, returnVisit: { satisfaction: 'VERY_SATISFIED', at: '2022-10-10T02:00:00.000Z' } });
    expect(zhejiang.timeline.map((t: any) => t.action)).toEqual(['POST', 'ACCEPT', 'FORWARD', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE']);
    const sidewalk = data!.sidewalk.edges.map((e: any) => e.node).find((m: any) => m.title.includes('人行道'));
    expect(sidewalk).toMatchObject({ status: 'CLOSED', assignee: { id: 'th-housing' } });
    // The demo poster's contact, masked even for the administrator reading it.
    expect(sidewalk).toMatchObject({ posterName: '刘**', posterPhone: '139****0002', posterAddress: '通化市东昌区****' });
    expect(sidewalk.reply.content).toContain('19天');
  });

  it('spreads a few hundred messages over every board, many regions and the lifecycle states', async () => {
    const { data } = await sg.query(`{
      all: messages { totalCount }
      boards { id messages { totalCount } }
      closed: messages(filter: { status: [CLOSED] }) { totalCount }
      open: messages(filter: { status: [SUBMITTED, ACCEPTED, ASSIGNED, IN_PROGRESS, REPLY_SUBMITTED, REPLIED, FOLLOWED_UP] }) { totalCount }
    }`);
    expect(data!.all.totalCount).toBe(302);
    expect(data!.boards).toHaveLength(20);
    expect(data!.boards.every((b: any) => b.messages.totalCount > 0)).toBe(true);
    expect(data!.closed.totalCount).toBeGreaterThan(50);
    expect(data!.open.totalCount).toBeGreaterThan(50);
    for (const status of ['SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REPLY_SUBMITTED', 'REPLIED', 'FOLLOWED_UP']) {
      const { data: one } = await sg.query(`{ messages(filter: { status: [${status}] }) { totalCount } }`);
      expect(one!.messages.totalCount, status).toBeGreaterThan(0);
    }
  });

  it('finds 效率高, 圆满解决, 感谢 and 暖心 the words of 2022 on the party secretary’s board', async () => {
    const { data } = await sg.query(`{ board(id: "jl-secretary") {
      feedbackWords(from: "2022-01-01T00:00:00+08:00", to: "2023-01-01T00:00:00+08:00", first: 4) { text count } } }`);
    const words = data!.board.feedbackWords;
    expect(words.map((w: any) => w.text).sort()).toEqual(['圆满解决', '感谢', '效率高', '暖心'].sort());
    expect(words.every((w: any) => w.count >= 2)).toBe(true);
  });
});
