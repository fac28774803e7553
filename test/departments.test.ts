import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';

/**
 * The department subgraphs through the gateway: housing work orders and heating orders answering
 * board messages, resolved across agencies, board, housing and heating at every step.
 */
const clock = fixedClock(new Date('2022-06-28T20:15:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'board', 'housing', 'heating'], clock });
});
afterAll(() => hub?.stop());

const at = (iso: string) => clock.set(new Date(iso));
// Story steps go as an administrator named like the person who acts (roles are tested in access.test.ts).
const as = (actor: string) => hub.as(actor);

const MESSAGE_VIEW = `number status assignee { name }
  workOrders { number status plannedDays actualDays daysAheadOfPlan executingUnit { name } }`;

describe('the Tonghua sidewalk, step by step through the gateway', () => {
  let events: Subscription<any>;
  let messageId: string;
  let workOrderId: string;

  const message = async () => (await hub.ok(`query($id: ID!) { message(id: $id) { ${MESSAGE_VIEW} } }`, { id: messageId })).message;
  /** The next change the board's subscriber sees: action, new status, and the message with fields from other subgraphs. */
  const nextEvent = async () => {
    const result = await events.next();
    expect(result.errors).toBeUndefined();
    return result.data!.messageEvents;
  };
  const boardStep = async (mutation: string, actor: string) => {
    await hub.ok(`mutation($id: ID!) { r: ${mutation} { id } }`, { id: messageId }, as(actor));
    return nextEvent();
  };
  const workStep = async (mutation: string, actor: string) =>
    (await hub.ok(`mutation($id: ID!) { r: ${mutation} { status } }`, { id: workOrderId }, as(actor))).r.status;

  beforeAll(async () => {
    events = hub.subscribe(`subscription { messageEvents(filter: { boardId: "th-secretary" }) {
      action to actor message { ${MESSAGE_VIEW} } } }`);
    await events.ready();
  });
  afterAll(() => events?.close());

  it('posts, accepts, forwards to the housing bureau and takes it on', async () => {
    const posted = await hub.ok(`mutation { postMessage(input: { boardId: "th-secretary", regionCode: "220502", category: "城乡建设",
      title: "华翔雍和苑东南门到育红小学的道路没有人行道", content: "这条路步行路段我们已经等了两年！请领导调研！" }) { id } }`, {}, as('citizen:th-1'));
    messageId = posted.postMessage.id;
    expect(await nextEvent()).toMatchObject({ action: 'POST', to: 'SUBMITTED', actor: 'citizen:th-1', message: { status: 'SUBMITTED', assignee: null, workOrders: [] } });

    at('2022-06-29T09:00:00+08:00');
    expect(await boardStep('acceptMessage(id: $id)', 'staff:th-party')).toMatchObject({ action: 'ACCEPT', to: 'ACCEPTED', message: { assignee: null } });
    at('2022-06-29T10:00:00+08:00');
    expect(await boardStep('forwardMessage(id: $id, agencyId: "th-housing", dueAt: "2022-08-31T17:00:00+08:00")', 'staff:th-party'))
      .toMatchObject({ action: 'FORWARD', to: 'ASSIGNED', message: { assignee: { name: '通化市住建局' }, workOrders: [] } });
    at('2022-06-30T09:00:00+08:00');
    expect(await boardStep('acknowledgeMessage(id: $id)', 'staff:th-housing'))
      .toMatchObject({ action: 'ACKNOWLEDGE', to: 'IN_PROGRESS', message: { status: 'IN_PROGRESS', assignee: { name: '通化市住建局' } } });
  });

  it('plans the works, builds them and accepts them; the message shows the work order at each step', async () => {
    at('2022-06-30T10:00:00+08:00');
    const created = await hub.ok(`mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) {
      id number status message { number status assignee { name } } responsibleAgency { name } executingUnit { name kind } } }`, {
      input: {
        appealChannel: 'BOARD', appealId: messageId, responsibleAgencyId: 'th-housing', executingAgencyId: 'th-municipal-eng',
        title: '人行道恢复工程', regionCode: '220502', location: '华翔雍和苑东南门至育红小学', plannedStart: '2022-07-25', plannedEnd: '2022-08-23',
      },
    }, as('staff:th-housing'));
    workOrderId = created.createWorkOrder.id;
    expect(created.createWorkOrder).toMatchObject({
      number: 'WO-2022-000001', status: 'PLANNED', message: { status: 'IN_PROGRESS', assignee: { name: '通化市住建局' } },
      responsibleAgency: { name: '通化市住建局' }, executingUnit: { name: '通化市市政工程管理处', kind: 'INSTITUTION' },
    });
    const workOrder = { number: 'WO-2022-000001', executingUnit: { name: '通化市市政工程管理处' }, plannedDays: 30 };
    expect(await message()).toMatchObject({ status: 'IN_PROGRESS', assignee: { name: '通化市住建局' }, workOrders: [{ ...workOrder, status: 'PLANNED', actualDays: null }] });

    at('2022-07-25T08:00:00+08:00');
    expect(await workStep('startWorkOrder(id: $id, actualStart: "2022-07-25")', 'staff:th-municipal-eng')).toBe('IN_PROGRESS');
    expect((await message()).workOrders).toEqual([{ ...workOrder, status: 'IN_PROGRESS', actualDays: null, daysAheadOfPlan: null }]);
    at('2022-08-14T17:00:00+08:00');
    expect(await workStep('completeWorkOrder(id: $id, actualEnd: "2022-08-14")', 'staff:th-municipal-eng')).toBe('COMPLETED');
    expect((await message()).workOrders).toEqual([{ ...workOrder, status: 'COMPLETED', actualDays: 21, daysAheadOfPlan: 9 }]);
    at('2022-08-15T09:00:00+08:00');
    expect(await workStep('acceptWorkOrder(id: $id, note: "验收合格")', 'staff:th-housing')).toBe('ACCEPTED');
    expect(await message()).toMatchObject({ status: 'IN_PROGRESS', workOrders: [{ ...workOrder, status: 'ACCEPTED', actualDays: 21 }] });

    const illegal = await hub.query('mutation($id: ID!) { startWorkOrder(id: $id) { status } }', { id: workOrderId });
    expect(illegal.errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('replies, visits the citizen and closes; the subscriber sees the accepted works on every change', async () => {
    const done = { status: 'ACCEPTED', plannedDays: 30, actualDays: 21 };
    at('2022-08-15T10:00:00+08:00');
    expect(await boardStep('submitReply(id: $id, content: "该路段人行道已于7月25日开工、8月14日完工。")', 'staff:th-housing'))
      .toMatchObject({ action: 'SUBMIT_REPLY', to: 'REPLY_SUBMITTED', message: { assignee: { name: '通化市住建局' }, workOrders: [done] } });
    at('2022-08-15T15:00:00+08:00');
    expect(await boardStep('approveReply(id: $id)', 'staff:th-party')).toMatchObject({ action: 'APPROVE_REPLY', to: 'REPLIED', message: { workOrders: [done] } });
    at('2022-08-18T10:00:00+08:00');
    expect(await boardStep('recordReturnVisit(id: $id, satisfaction: VERY_SATISFIED, comment: "圆满解决，暖心，感谢！")', 'staff:th-party'))
      .toMatchObject({ action: 'RETURN_VISIT', to: 'FOLLOWED_UP', message: { workOrders: [done] } });
    at('2022-08-18T11:00:00+08:00');
    expect(await boardStep('closeMessage(id: $id)', 'staff:th-party'))
      .toMatchObject({ action: 'CLOSE', to: 'CLOSED', actor: 'staff:th-party', message: { status: 'CLOSED', assignee: { name: '通化市住建局' }, workOrders: [done] } });

    const byHousing = await hub.ok(`{ workOrders(filter: { agencyId: "th-municipal-eng" }) { totalCount edges { node {
      number message { number status assignee { name } } timeline { action } } } } }`);
    expect(byHousing.workOrders.totalCount).toBe(1);
    expect(byHousing.workOrders.edges[0].node).toMatchObject({
      message: { status: 'CLOSED', assignee: { name: '通化市住建局' } },
      timeline: [{ action: 'CREATE' }, { action: 'START' }, { action: 'COMPLETE' }, { action: 'ACCEPT' }],
    });
  });
});

describe('a heating order answering a board message, through the gateway', () => {
  const COMPANY = `{ agency(id: "cc-heating-co") { name openHeatingOrders { number status } roomsBelowStandard } }`;
  const company = async () => (await hub.ok(COMPANY)).agency;

  it('shows readings and measures on the message, and the company’s open orders and cold rooms before and after resolution', async () => {
    at('2022-11-30T09:12:00+08:00');
    const { postMessage } = await hub.ok(`mutation { postMessage(input: { boardId: "cc-mayor", regionCode: "220104", category: "供热",
      title: "供热时断时续", content: "进水温度始终在二三十度" }) { id } }`, {}, as('citizen:cc-1'));
    const id = postMessage.id as string;
    at('2022-11-30T10:30:00+08:00');
    await hub.ok(`mutation($id: ID!) { a: acceptMessage(id: $id) { id }
      f: forwardMessage(id: $id, agencyId: "cc-chaoyang-housing", dueAt: "2022-12-01T11:00:00+08:00") { id } }`, { id }, as('staff:cc-mayor-hotline'));
    await hub.ok('mutation($id: ID!) { acknowledgeMessage(id: $id) { id } }', { id }, as('staff:cc-chaoyang-housing'));
    expect(await company()).toEqual({ name: '朝阳区供热公司', openHeatingOrders: [], roomsBelowStandard: 0 });

    at('2022-11-30T11:45:00+08:00');
    const created = await hub.ok(`mutation($input: CreateHeatingOrderInput!) { createHeatingOrder(input: $input) { id number status } }`, {
      input: { appealChannel: 'BOARD', appealId: id, companyId: 'cc-heating-co', supervisingAgencyId: 'cc-chaoyang-housing', regionCode: '220104', address: '长春市朝阳区某小区' },
    }, as('staff:cc-chaoyang-housing'));
    const order = created.createHeatingOrder;
    expect(await company()).toEqual({ name: '朝阳区供热公司', openHeatingOrders: [{ number: order.number, status: 'REPORTED' }], roomsBelowStandard: 0 });

    const company$ = as('staff:cc-heating-co');
    const run = (mutation: string) => hub.ok(`mutation($id: ID!) { r: ${mutation} { status } }`, { id: order.id }, company$);
    at('2022-11-30T13:40:00+08:00');
    await run('startHeatingInspection(id: $id)');
    await run('addHeatingReading(id: $id, input: { supplyWaterC: 25, roomC: 15, takenAt: "2022-11-30T13:30:00+08:00" })');
    expect(await company()).toMatchObject({ openHeatingOrders: [{ status: 'INSPECTING' }], roomsBelowStandard: 1 });
    at('2022-11-30T16:40:00+08:00');
    expect((await run('addHeatingMeasure(id: $id, input: { kind: PEAK_LOAD_BOILER_ON, description: "启用调峰锅炉", takenAt: "2022-11-30T16:00:00+08:00" })')).r.status).toBe('MEASURES_TAKEN');
    await run('addHeatingMeasure(id: $id, input: { kind: SUPPLY_PARAMETERS_RAISED, description: "提高供热参数", takenAt: "2022-11-30T16:30:00+08:00" })');
    const tooCold = await hub.query('mutation($id: ID!) { resolveHeatingOrder(id: $id) { status } }', { id: order.id });
    expect(tooCold.errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');

    at('2022-12-01T07:10:00+08:00');
    await run('addHeatingReading(id: $id, input: { supplyWaterC: 45, roomC: 18.5, takenAt: "2022-12-01T07:00:00+08:00" })');
    expect(await company()).toMatchObject({ openHeatingOrders: [{ status: 'MEASURES_TAKEN' }], roomsBelowStandard: 0 });
    at('2022-12-01T09:15:00+08:00');
    expect((await hub.ok('mutation($id: ID!) { resolveHeatingOrder(id: $id) { status } }', { id: order.id }, as('staff:cc-chaoyang-housing'))).resolveHeatingOrder.status).toBe('RESOLVED');
    expect(await company()).toEqual({ name: '朝阳区供热公司', openHeatingOrders: [], roomsBelowStandard: 0 });

    const seen = await hub.ok(`query($id: ID!) { message(id: $id) { status assignee { name } heatingOrders {
      number status company { name } supervisingAgency { name kind } roomMeetsStandard
      readings { supplyWaterC roomC meetsStandard } measures { kind } } workOrders { number } } }`, { id });
    expect(seen.message).toEqual({
      status: 'IN_PROGRESS', assignee: { name: '朝阳区住建局' }, workOrders: [],
      heatingOrders: [{
        number: order.number, status: 'RESOLVED', company: { name: '朝阳区供热公司' }, supervisingAgency: { name: '朝阳区住建局', kind: 'BUREAU' },
        roomMeetsStandard: true, readings: [{ supplyWaterC: 25, roomC: 15, meetsStandard: false }, { supplyWaterC: 45, roomC: 18.5, meetsStandard: true }],
        measures: [{ kind: 'PEAK_LOAD_BOILER_ON' }, { kind: 'SUPPLY_PARAMETERS_RAISED' }],
      }],
    });
  });
});
