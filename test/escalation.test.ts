import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { runEscalation } from '@civicgraph/supervision';
import { eventually } from './support/eventually.ts';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';

/**
 * Escalation that tells the truth, through the gateway: the working days overdue are counted on the
 * official calendar across National Day 2026 up to today (2026-12-01), every step reaches caseEvents
 * subscribers, and the public notice is readable by anyone without personal data. A pass may also
 * happen on the subgraph's own timer (same clock), so the test asserts on what was recorded, not on
 * which pass recorded it.
 */
const cst = (local: string) => new Date(`${local}+08:00`);
const clock = fixedClock(cst('2026-09-28T09:00:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'supervision'], clock });
});
afterAll(() => hub?.stop());

// Tonghua: the government office running the mayor's board dispatches, Dongchang district's bureau handles.
const dispatcher = () => hub.as({ role: 'hotline_agent', agency: 'th-gov-office', subject: 'agent:th-gov-office' });
const district = () => hub.as({ role: 'handler', agency: 'th-dongchang-housing', subject: 'handler:dongchang' });
const supervisor = { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl-gov-supervision' } as const;
const CITIZEN = { name: '赵桂兰', title: '光明街井盖缺失' };

/** A message the district bureau is working on, due at `dueAt` (China time). */
async function inProgress(title: string, dueAt: string): Promise<{ id: string; number: string }> {
  const { postMessage } = await hub.ok(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { id number } }`,
    { input: { boardId: 'th-mayor', title, content: `${CITIZEN.name}反映：${title}`, regionCode: '220502' } },
    hub.as({ role: 'citizen', subject: 'citizen:zhao' }),
  );
  const { id } = postMessage;
  await hub.ok('mutation($id: ID!) { acceptMessage(id: $id) { id } }', { id }, dispatcher());
  await hub.ok('mutation($id: ID!, $d: DateTime!) { forwardMessage(id: $id, agencyId: "th-dongchang-housing", dueAt: $d) { id } }',
    { id, d: cst(dueAt).toISOString() }, dispatcher());
  await hub.ok('mutation($id: ID!) { acknowledgeMessage(id: $id) { id } }', { id }, district());
  return postMessage;
}

const caseRead = (id: string) =>
  hub.ok(`query($id: ID!) { case(id: $id) { status workingDaysOverdue escalationLevel
    escalations { level kind workingDaysOverdue supervisionOrder { requirements targetAgency { id } } } } }`, { id }, hub.as(supervisor));

async function escalateAt(local: string) {
  clock.set(cst(local));
  await runEscalation(hub.services, clock.now());
}

const EVENT_FIELDS = `cursor action from to actor note sequence case { number } escalation { level kind workingDaysOverdue dueAt
  supervisionOrder { number } }`;

describe('escalation that tells the truth', () => {
  let late: { id: string; number: string };
  let feed: Subscription<any>;

  beforeAll(async () => {
    late = await inProgress(CITIZEN.title, '2026-09-30T17:00:00');
    await eventually(() => caseRead(late.id), (d) => d.case?.status === 'IN_PROGRESS');
    feed = hub.subscribe(`subscription { caseEvents(filter: { channel: [BOARD] }) { ${EVENT_FIELDS} } }`, {}, await hub.token(supervisor));
    await feed.ready();
  });
  afterAll(() => feed?.close());
  /** The next escalation step on the feed, past the status changes of the appeals made meanwhile. */
  const nextStep = async () => {
    for (;;) {
      const event = (await feed.next()).data!.caseEvents;
      if (event.escalation) return event;
    }
  };

  it('reminds, orders and notifies on working days across National Day 2026, pushing each step on caseEvents', async () => {
    // 1–7 October are holidays: by the evening of the 7th no working day has passed since the deadline.
    await escalateAt('2026-10-07T18:00:00');
    const reminder = await nextStep();
    expect(reminder).toMatchObject({
      action: 'REMINDER', from: 'IN_PROGRESS', to: 'IN_PROGRESS', actor: 'system:escalation', sequence: 4, case: { number: late.number },
      escalation: { level: 1, kind: 'REMINDER', workingDaysOverdue: 0, dueAt: cst('2026-09-30T17:00:00').toISOString(), supervisionOrder: null },
    });
    expect((await caseRead(late.id)).case).toMatchObject({ workingDaysOverdue: 0, escalationLevel: 1 });

    // Thursday 8 and Friday 9 October: two. Saturday 10 October is a make-up working day: three, the order.
    await escalateAt('2026-10-09T18:00:00');
    expect((await caseRead(late.id)).case).toMatchObject({ workingDaysOverdue: 2, escalationLevel: 1 });
    await escalateAt('2026-10-10T18:00:00');
    const order = await nextStep();
    expect(order).toMatchObject({ action: 'SUPERVISION_ORDER', note: `${late.number}已超过办理期限3个工作日`, escalation: { level: 2, workingDaysOverdue: 3 } });
    expect(order.escalation.supervisionOrder.number).toMatch(/^DBD-2026-/);

    // Today, 1 December 2026: 3 + 35 weekdays from 12 October to 27 November + 30 November and 1 December.
    await escalateAt('2026-12-01T18:00:00');
    const notice = await nextStep();
    expect(notice).toMatchObject({ action: 'PUBLIC_NOTICE', escalation: { level: 3, kind: 'PUBLIC_NOTICE', workingDaysOverdue: 40, supervisionOrder: null } });
    const { case: read } = await caseRead(late.id);
    expect(read).toMatchObject({ workingDaysOverdue: 40, escalationLevel: 3 });
    expect(read.escalations.map((e: any) => [e.level, e.workingDaysOverdue])).toEqual([[1, 0], [2, 3], [3, 40]]);
    expect(read.escalations[1].supervisionOrder).toMatchObject({ targetAgency: { id: 'th-dongchang-housing' } });
    expect(read.escalations[1].supervisionOrder.requirements).toContain('已超过办理期限3个工作日');
  });

  it('writes the real count into the order of a case first found far overdue, not the notice threshold', async () => {
    clock.set(cst('2026-10-26T09:00:00'));
    const forgotten = await inProgress('新华街路灯不亮', '2026-10-30T17:00:00');
    await eventually(() => caseRead(forgotten.id), (d) => d.case?.status === 'IN_PROGRESS');
    await escalateAt('2026-12-01T18:00:00');
    const steps: any[] = [];
    for (let n = 0; n < 3; n++) steps.push(await nextStep());
    // 2 to 27 November (20 weekdays), 30 November and 1 December: 22, all three levels in one pass.
    expect(steps.map((e) => [e.case.number, e.action, e.escalation.workingDaysOverdue])).toEqual([
      [forgotten.number, 'REMINDER', 22], [forgotten.number, 'SUPERVISION_ORDER', 22], [forgotten.number, 'PUBLIC_NOTICE', 22],
    ]);
    const { case: read } = await caseRead(forgotten.id);
    expect(read.escalations[1].supervisionOrder.requirements).toContain('已超过办理期限22个工作日');
  });

  it('shows the public notices to an anonymous caller, with nothing personal, and refuses a forged cursor', async () => {
    const anonymous = {};
    const response = await hub.query(`{ publicNotices { totalCount pageInfo { hasNextPage endCursor }
      edges { node { number channel category status region { code name } agency { id name } dueAt workingDaysOverdue noticedAt } } } }`, {}, anonymous);
    expect(response.errors).toBeUndefined();
    const notices = response.data!.publicNotices;
    expect(notices.totalCount).toBe(2);
    const late_ = notices.edges.find((e: any) => e.node.number === late.number).node;
    expect(late_).toMatchObject({
      channel: 'BOARD', status: 'IN_PROGRESS', region: { code: '220502' }, agency: { id: 'th-dongchang-housing' },
      dueAt: cst('2026-09-30T17:00:00').toISOString(), workingDaysOverdue: 40, noticedAt: cst('2026-12-01T18:00:00').toISOString(),
    });
    const text = JSON.stringify(notices);
    expect(text).not.toContain(CITIZEN.title);
    expect(text).not.toContain(CITIZEN.name);
    // The case itself stays closed to the public; only the notice is open.
    const closed = await hub.query(`query($id: ID!) { case(id: $id) { number } }`, { id: late.id }, anonymous);
    expect(closed.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    // Paging on, and a made-up cursor.
    const page = await hub.ok(`{ publicNotices(first: 1) { pageInfo { hasNextPage endCursor } edges { node { number } } } }`, {}, anonymous);
    expect(page.publicNotices.pageInfo.hasNextPage).toBe(true);
    const rest = await hub.ok(`query($after: String) { publicNotices(first: 5, after: $after) { pageInfo { hasNextPage } edges { node { number } } } }`,
      { after: page.publicNotices.pageInfo.endCursor }, anonymous);
    expect([...page.publicNotices.edges, ...rest.publicNotices.edges].map((e: any) => e.node.number).sort()).toEqual(
      notices.edges.map((e: any) => e.node.number).sort(),
    );
    const forged = await hub.query(`{ publicNotices(after: "eyJub3QiOiJhIGN1cnNvciJ9") { totalCount } }`, {}, anonymous);
    expect(forged.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });
});
