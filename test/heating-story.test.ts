import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@civicgraph/platform';
import { eventually } from './support/eventually.ts';
import { startTestHub, type Subscription, type TestHub } from './support/hub.ts';

// The article's Changchun heating story, end to end through the gateway: a clue on the Internet +
// Supervision platform (supervision), the heating company's order with its readings and measures
// (heating), the cross-channel ledger and KPIs (supervision), agency names (agencies).
const clock = fixedClock(new Date('2022-11-30T08:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ only: ['agencies', 'supervision', 'heating'], clock });
});
afterAll(() => hub?.stop());

// Story steps go as an administrator named like the person who acts (roles are tested in access.test.ts).
const as = (actor: string) => hub.as(actor);
const HOUR = 3_600_000;

describe('Changchun heating, 2022-11-30, through the gateway', () => {
  let feed: Subscription<any>;
  let clueId: string;
  let orderId: string;
  const changes: any[] = [];

  /** The next change of the clue seen by a dashboard subscribed to the supervision channel. */
  const nextChange = async () => {
    const change = (await feed.next()).data!.caseEvents;
    changes.push(change);
    return change;
  };
  const clueStep = async (mutation: string, actor: string, variables: Record<string, unknown> = {}) => {
    clock.advance(HOUR);
    const declared = Object.keys(variables).map((k) => `, $${k}: ${k === 'due' ? 'DateTime!' : 'String!'}`).join('');
    await hub.ok(`mutation($id: ID!${declared}) { r: ${mutation} { id } }`, { id: clueId, ...variables }, as(actor));
    return nextChange();
  };
  /** One step on the heating order, an hour after the last; `$at` in the mutation is that moment. */
  const orderStep = async (mutation: string, actor = 'staff:cc-heating-co') => {
    clock.advance(HOUR);
    const timed = mutation.includes('$at');
    return (await hub.ok(`mutation($id: ID!${timed ? ', $at: DateTime!' : ''}) { r: ${mutation} { status roomMeetsStandard latestReading { roomC meetsStandard } } }`,
      { id: orderId, ...(timed ? { at: clock.now().toISOString() } : {}) }, as(actor))).r;
  };
  const company = () => hub.ok(`{ agency(id: "cc-heating-co") { name openHeatingOrders { number status } roomsBelowStandard } }`).then((d) => d.agency);

  beforeAll(async () => {
    feed = hub.subscribe(`subscription { caseEvents(filter: { channel: [SUPERVISION] }) { action from to sequence
      case { number status assignee { name } clue { title } heatingOrders { status roomMeetsStandard } } } }`);
    await feed.ready();
  });
  afterAll(() => feed?.close());

  it('takes Mr. Wang’s report and the mayor’s hotline office verifies it and transfers it to the district housing bureau', async () => {
    const { submitClue } = await hub.ok(`mutation { submitClue(input: { title: "供热时断时续，进水温度始终在二三十度", regionCode: "220104",
      category: "供热", content: "供热时断时续，进水温度始终在二三十度，请政府解决老百姓的难题。", reporterName: "王先生", reporterPhone: "13812341234" }) { id number } }`,
    {}, as('citizen:wang'));
    clueId = submitClue.id;
    expect(await nextChange()).toMatchObject({ action: 'SUBMIT', to: 'SUBMITTED', sequence: 1, case: { number: submitClue.number, clue: { title: '供热时断时续，进水温度始终在二三十度' } } });
    expect(await clueStep('acceptClue(id: $id, note: "经核实，情况属实")', 'staff:cc-mayor-hotline')).toMatchObject({ to: 'ACCEPTED' });
    const transferred = await clueStep('transferClue(id: $id, agencyId: "cc-chaoyang-housing", dueAt: $due)', 'staff:cc-mayor-hotline',
      { due: new Date(clock.now().getTime() + 72 * HOUR).toISOString() });
    expect(transferred).toMatchObject({ from: 'ACCEPTED', to: 'ASSIGNED', case: { assignee: { name: expect.stringContaining('朝阳区') } } });
    expect(await clueStep('acknowledgeClue(id: $id)', 'staff:cc-chaoyang-housing')).toMatchObject({ to: 'IN_PROGRESS' });
  });

  it('has the heating company inspect, raise the temperature and resolve it, judged against the 18 °C standard', async () => {
    const { createHeatingOrder } = await hub.ok(`mutation($clue: ID!) { createHeatingOrder(input: { appealChannel: SUPERVISION, appealId: $clue,
      companyId: "cc-heating-co", supervisingAgencyId: "cc-chaoyang-housing", regionCode: "220104", address: "朝阳区某小区",
      description: "供热时断时续" }) { id status appealNumber } }`, { clue: clueId }, as('staff:cc-chaoyang-housing'));
    orderId = createHeatingOrder.id;
    expect(createHeatingOrder.status).toBe('REPORTED');
    expect(await orderStep('startHeatingInspection(id: $id)')).toMatchObject({ status: 'INSPECTING' });
    const cold = await orderStep('addHeatingReading(id: $id, input: { supplyWaterC: 25, roomC: 15, takenAt: $at })');
    expect(cold).toMatchObject({ roomMeetsStandard: false, latestReading: { roomC: 15, meetsStandard: false } });
    expect(await company()).toMatchObject({ roomsBelowStandard: 1, openHeatingOrders: [{ status: 'INSPECTING' }] });
    const refused = await hub.query(`mutation($id: ID!) { resolveHeatingOrder(id: $id) { status } }`, { id: orderId });
    expect(refused.errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');

    await orderStep('addHeatingMeasure(id: $id, input: { kind: PEAK_LOAD_BOILER_ON, description: "启用调峰锅炉升温", takenAt: $at })');
    await orderStep('addHeatingMeasure(id: $id, input: { kind: SUPPLY_PARAMETERS_RAISED, description: "提高供热参数", takenAt: $at })');
    const warm = await orderStep('addHeatingReading(id: $id, input: { supplyWaterC: 45, roomC: 18.5, takenAt: $at })');
    expect(warm).toMatchObject({ status: 'MEASURES_TAKEN', roomMeetsStandard: true });
    expect(await orderStep('resolveHeatingOrder(id: $id)')).toMatchObject({ status: 'RESOLVED' });
    expect(await company()).toMatchObject({ roomsBelowStandard: 0, openHeatingOrders: [] });
  });

  it('reports the results, visits Mr. Wang and closes; the dashboard saw every change, the ledger and KPIs follow', async () => {
    await clueStep('submitResultsReport(id: $id, content: "已启用调峰锅炉、提高供热参数，室温达标")', 'staff:cc-chaoyang-housing');
    await clueStep('approveResultsReport(id: $id)', 'staff:cc-mayor-hotline');
    await clueStep('recordClueReturnVisit(id: $id, satisfaction: SATISFIED, comment: "暖心，效率高")', 'staff:cc-mayor-hotline');
    const closed = await clueStep('closeClue(id: $id)', 'staff:cc-mayor-hotline');
    expect(closed.case).toMatchObject({ status: 'CLOSED', heatingOrders: [{ status: 'RESOLVED', roomMeetsStandard: true }] });
    expect(changes.map((c) => c.to)).toEqual([
      'SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REPLY_SUBMITTED', 'REPLIED', 'FOLLOWED_UP', 'CLOSED',
    ]);
    expect(changes.map((c) => c.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const { kpis } = await eventually(
      () => hub.ok(`{ kpis: agency(id: "cc-chaoyang-housing") { kpis(from: "2022-11-01T00:00:00+08:00", to: "2023-01-01T00:00:00+08:00") {
        assigned replied closed rated satisfied completionRate feedbackRate onTimeRate satisfactionRate } } }`),
      (d) => d.kpis.kpis.closed === 1,
    );
    expect(kpis.kpis).toEqual({
      assigned: 1, replied: 1, closed: 1, rated: 1, satisfied: 1,
      completionRate: 1, feedbackRate: 1, onTimeRate: 1, satisfactionRate: 1,
    });
    // Nothing personal reached the dashboard.
    expect(JSON.stringify(changes)).not.toMatch(/王先生|13812341234/);
  });
});
