import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.ts';

// The whole federation as composed in schema/supergraph.graphql, in this process, over real HTTP
// and WebSockets between gateway and subgraphs.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function postMessage(boardId: string, regionCode: string, title = '小区门前道路破损') {
  const data = await hub.ok<{ postMessage: { id: string; number: string } }>(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { id number } }`,
    { input: { boardId, regionCode, title, content: '希望有关部门尽快处理。', category: '城乡建设' } },
    hub.as({ role: 'citizen', subject: 'citizen:e2e' }),
  );
  return data.postMessage;
}

/** One lifecycle mutation on message `id` (with deadline `d` where the mutation takes one). */
const step = (mutation: string, variables: { id: string; d?: string }, actor = 'staff:e2e') =>
  hub.ok(
    `mutation($id: ID!${variables.d ? ', $d: DateTime!' : ''}) { r: ${mutation} { status } }`,
    variables,
    hub.as(actor),
  );

describe('the federated hub', () => {
  it('answers health and readiness, and serves the GraphQL IDE to browsers', async () => {
    const base = hub.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const ide = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(ide.status).toBe(200);
    expect(await ide.text()).toContain('civicgraph');
  });

  it('joins boards and messages (board) with regions and agencies (agencies) in one query', async () => {
    const m = await postMessage('th-secretary', '220502');
    await step('acceptMessage(id: $id)', { id: m.id });
    await step('forwardMessage(id: $id, agencyId: "th-housing", dueAt: $d)', { id: m.id, d: inDays(30) });
    const data = await hub.ok(`query($id: ID!) {
      message(id: $id) {
        number status
        board { name region { code name level } }
        region { name parent { name } }
        assignee { id name kind region { name } parent { id } children { id kind } }
        timeline { action to agency { name } }
      }
      agency(id: "th-municipal-eng") { name parent { name } region { name } }
    }`, { id: m.id });
    expect(data.message).toMatchObject({
      number: m.number,
      status: 'ASSIGNED',
      board: { name: '通化市委书记', region: { code: '220500', name: '通化市', level: 'PREFECTURE' } },
      region: { name: '东昌区', parent: { name: '通化市' } },
      assignee: { id: 'th-housing', name: '通化市住建局', kind: 'BUREAU', region: { name: '通化市' } },
    });
    expect(data.message.assignee.children).toContainEqual({ id: 'th-municipal-eng', kind: 'INSTITUTION' });
    expect(data.message.timeline.map((t: any) => [t.action, t.agency?.name ?? null])).toEqual([
      ['POST', null], ['ACCEPT', null], ['FORWARD', '通化市住建局'],
    ]);
    expect(data.agency).toEqual({ name: '通化市市政工程管理处', parent: { name: '通化市住建局' }, region: { name: '通化市' } });
  });

  it('streams every status change of a message through the gateway, with agency fields, and resumes after a cursor', async () => {
    const m = await postMessage('jl-secretary', '220000', '建议加强与浙江省对口交流');
    const subscription = `subscription($f: MessageEventFilter, $after: String) {
      messageEvents(filter: $f, after: $after) { cursor action from to message { id number status assignee { name region { name } } } }
    }`;
    const live = hub.subscribe(subscription, { f: { boardId: 'jl-secretary' } });
    await live.ready();

    await step('acceptMessage(id: $id)', { id: m.id });
    await step('forwardMessage(id: $id, agencyId: "jl-drc", dueAt: $d)', { id: m.id, d: inDays(15) });
    await step('acknowledgeMessage(id: $id)', { id: m.id }, 'staff:jl-drc');
    await step('submitReply(id: $id, content: "经调查核实，答复如下")', { id: m.id }, 'staff:jl-drc');
    const received = [];
    for (let i = 0; i < 4; i++) {
      const event = await live.next();
      expect(event.errors).toBeUndefined(); // entity fetches for events carry the signed identity too
      received.push(event.data!.messageEvents);
    }
    expect(received.map((e: any) => [e.action, e.from, e.to])).toEqual([
      ['ACCEPT', 'SUBMITTED', 'ACCEPTED'],
      ['FORWARD', 'ACCEPTED', 'ASSIGNED'],
      ['ACKNOWLEDGE', 'ASSIGNED', 'IN_PROGRESS'],
      ['SUBMIT_REPLY', 'IN_PROGRESS', 'REPLY_SUBMITTED'],
    ]);
    expect(received.every((e: any) => e.message.number === m.number)).toBe(true);
    // The agencies subgraph filled in the assignee on the events that have one.
    expect(received[1].message.assignee).toEqual({ name: '吉林省发改委', region: { name: '吉林省' } });
    await live.close();

    // While no dashboard is connected, the message moves on.
    await step('approveReply(id: $id)', { id: m.id });
    await hub.ok(`mutation($id: ID!) { recordReturnVisit(id: $id, satisfaction: SATISFIED, comment: "效率高，感谢") { status } }`, { id: m.id });

    // Reconnecting after the second event replays everything since, then continues live.
    const resumed = hub.subscribe(subscription, { f: { boardId: 'jl-secretary' }, after: received[1].cursor });
    const replayed = [];
    for (let i = 0; i < 4; i++) replayed.push((await resumed.next()).data!.messageEvents);
    await step('closeMessage(id: $id)', { id: m.id });
    replayed.push((await resumed.next()).data!.messageEvents);
    expect(replayed.map((e: any) => e.action)).toEqual(['ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE']);
    expect(replayed[0].cursor).toBe(received[2].cursor);
    await resumed.close();
  });

  it('refuses a malformed cursor on a subscription and an illegal transition with stable codes', async () => {
    const bad = hub.subscribe(`subscription { messageEvents(after: "garbage!") { cursor } }`);
    const result = await bad.next();
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    await bad.close();
    const m = await postMessage('cc-mayor', '220104');
    const refused = await hub.query(`mutation($id: ID!) { closeMessage(id: $id) { status } }`, { id: m.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(refused.errors?.[0]?.message).toContain('SUBMITTED');
  });

  it('costs the same number of SQL statements for a page of 100 messages with board and assignee as for 10', async () => {
    const agencies = ['cc-housing', 'cc-mayor-hotline', 'jc-housing', 'sp-housing', 'th-housing', 'yb-housing', 'jl-drc'];
    for (let i = 0; i < 100; i++) {
      const m = await postMessage(i % 2 ? 'cc-mayor' : 'yb-secretary', i % 2 ? '220104' : '222401', `批量留言${i}`);
      await step('acceptMessage(id: $id)', { id: m.id });
      await step('forwardMessage(id: $id, agencyId: "' + agencies[i % agencies.length] + '", dueAt: $d)', { id: m.id, d: inDays(10) });
    }
    const page = `query($first: Int!) { messages(first: $first, filter: { status: [ASSIGNED] }) {
      edges { node { number board { name region { name } } assignee { name kind region { name } } timeline { action } } } } }`;
    const statementsFor = async (first: number) => {
      const before = hub.services.database.statementCount();
      const data = await hub.ok(page, { first });
      expect(data.messages.edges).toHaveLength(first);
      expect(data.messages.edges.every((e: any) => e.node.assignee.region.name && e.node.board.region.name)).toBe(true);
      return hub.services.database.statementCount() - before;
    };
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(8);
  });
});
