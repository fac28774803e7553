import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

/**
 * "No request passed through many hands": after two returns the dispatching office may not forward
 * an appeal again; a supervisor takes it. Through the gateway, with the roles and agencies of Tonghua.
 */
const clock = fixedClock(new Date('2024-03-04T09:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board'], clock });
});
afterAll(() => hub?.stop());

const dispatcher = () => hub.as({ role: 'hotline_agent', agency: 'th-gov-office', subject: 'agent:th-gov-office' });
const district = () => hub.as({ role: 'handler', agency: 'th-dongchang-housing', subject: 'handler:dongchang' });
const supervisor = () => hub.as({ role: 'supervisor', subject: 'supervisor:jl' });

const step = (field: string, id: string, as: Promise<Record<string, string>>) =>
  hub.query<{ r: { status: string; assignee: { id: string } | null } }>(`mutation($id: ID!) { r: ${field} { status assignee { id } } }`, { id }, as);
const forward = (id: string, as: Promise<Record<string, string>>) => step('forwardMessage(id: $id, agencyId: "th-dongchang-housing")', id, as);
const sendBack = async (id: string) => {
  expect((await step('returnMessage(id: $id, reason: "不属于本单位职责")', id, district())).data?.r.status).toBe('RETURNED');
  expect((await step('reassignMessage(id: $id)', id, dispatcher())).data?.r.status).toBe('ACCEPTED');
};

describe('forwarding after returns', () => {
  it('lets the office forward after one return, sends the third forward to a supervisor, and writes nothing on refusal', async () => {
    const { postMessage } = await hub.ok(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      { input: { boardId: 'th-mayor', title: '井盖缺失', content: '东昌区光明街井盖缺失', regionCode: '220502' } },
      hub.as({ role: 'citizen', subject: 'citizen:zhao' }),
    );
    const id = postMessage.id as string;
    expect((await step('acceptMessage(id: $id)', id, dispatcher())).data?.r.status).toBe('ACCEPTED');
    expect((await forward(id, dispatcher())).data?.r.status).toBe('ASSIGNED');
    await sendBack(id);
    expect((await forward(id, dispatcher())).data?.r.status).toBe('ASSIGNED');
    await sendBack(id);

    const timeline = async () =>
      (await hub.ok(`query($id: ID!) { message(id: $id) { status timeline { action } } }`, { id }, supervisor())).message;
    const before = await timeline();
    const refused = await forward(id, dispatcher());
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', returns: 2, limit: 2 });
    expect(await timeline()).toEqual(before);
    expect(before.timeline.filter((t: { action: string }) => t.action === 'RETURN')).toHaveLength(2);

    const bySupervisor = await forward(id, supervisor());
    expect(bySupervisor.data?.r).toEqual({ status: 'ASSIGNED', assignee: { id: 'th-dongchang-housing' } });
  });
});
