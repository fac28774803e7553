import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Identity } from '@civicgraph/platform';
import { TEST_ADMIN, testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { writtenByHeating } from './test-support.ts';
import { callsAs, itRefusesWritingNothing, startWithBoard, type BoardForTests, type RefusalCase } from '@civicgraph/board/testing';

let sg: TestSubgraph;
let appeals: BoardForTests;
beforeAll(async () => void ({ sg, appeals } = await startWithBoard(subgraph, new Date('2022-11-30T11:45:00+08:00'))));
afterAll(() => sg?.stop());

const FIELDS = `id number status appealChannel appealId appealNumber message { id } company { id } supervisingAgency { id }
  region { code } address standardRoomC roomMeetsStandard resolvedAt
  latestReading { supplyWaterC roomC meetsStandard }
  readings { supplyWaterC returnWaterC roomC standardRoomC meetsStandard takenAt recordedBy }
  measures { kind description takenAt }
  timeline { sequence action from to actor note }`;

/** The heating company's handler (the default caller) and a handler of the district bureau above it. */
const COMPANY = testIdentity('handler', { agency: 'cc-heating-co', subject: 'staff:cc-heating-co' });
const BUREAU = testIdentity('handler', { agency: 'cc-chaoyang-housing', subject: 'staff:cc-chaoyang-housing' });

const { at, gql, ok } = callsAs(() => sg, COMPANY);

const TYPES: Record<string, string> = { id: 'ID!', text: 'String', reading: 'HeatingReadingInput!', measure: 'HeatingMeasureInput!' };
const operation = (mutation: string, variables: Record<string, unknown>, selection: string) =>
  `mutation(${Object.keys(variables).map((k) => `$${k}: ${TYPES[k]}`).join(', ')}) { r: ${mutation} { ${selection} } }`;
const step = (mutation: string, variables: Record<string, unknown>, actor?: Identity) => ok(operation(mutation, variables, FIELDS), variables, actor);

const orderInput = (appealId: string, overrides: Record<string, unknown> = {}) => ({
  appealChannel: 'BOARD', appealId, companyId: 'cc-heating-co', supervisingAgencyId: 'cc-chaoyang-housing',
  regionCode: '220104', address: '长春市朝阳区某小区3栋', description: '供热时断时续', ...overrides,
});
async function newOrder(overrides: Record<string, unknown> = {}) {
  const [appealId] = await appeals.post(1, { boardId: 'cc-mayor', regionCode: '220104', category: '供热', title: '暖气不热' });
  return ok(`mutation($input: CreateHeatingOrderInput!) { createHeatingOrder(input: $input) { ${FIELDS} } }`,
    { input: orderInput(appealId!, overrides) }, BUREAU);
}
const reading = (id: string, values: Record<string, unknown>) => step('addHeatingReading(id: $id, input: $reading)', { id, reading: values });
const measure = (id: string, kind: string, description: string, takenAt: string) =>
  step('addHeatingMeasure(id: $id, input: $measure)', { id, measure: { kind, description, takenAt } });

const written = () => writtenByHeating(sg.services.database.db);

describe('heating order lifecycle', () => {
  it('runs the Changchun story: readings judged against 18 °C, measures, refused while cold, resolved once warm', async () => {
    const before = await written();
    at('2022-11-30T11:45:00+08:00');
    const order = await newOrder();
    expect(order).toMatchObject({
      number: 'HT-2022-000001', status: 'REPORTED', appealChannel: 'BOARD', message: { id: order.appealId },
      company: { id: 'cc-heating-co' }, supervisingAgency: { id: 'cc-chaoyang-housing' }, region: { code: '220104' },
      address: '长春市朝阳区****', standardRoomC: 18, roomMeetsStandard: null, latestReading: null, readings: [], measures: [],
    });
    expect(order.appealNumber).toMatch(/^BRD-2022-\d{6}$/);
    at('2022-11-30T13:00:00+08:00');
    expect((await step('startHeatingInspection(id: $id, note: $text)', { id: order.id, text: '派人入户检查' })).status).toBe('INSPECTING');
    at('2022-11-30T13:40:00+08:00');
    const cold = await reading(order.id, { supplyWaterC: 25, roomC: 15, takenAt: '2022-11-30T13:30:00+08:00' });
    expect(cold).toMatchObject({ status: 'INSPECTING', roomMeetsStandard: false, latestReading: { supplyWaterC: 25, roomC: 15, meetsStandard: false } });

    at('2022-11-30T16:10:00+08:00');
    const measured = await measure(order.id, 'PEAK_LOAD_BOILER_ON', '启用调峰锅炉进行升温', '2022-11-30T16:00:00+08:00');
    expect(measured.status).toBe('MEASURES_TAKEN');
    at('2022-11-30T16:40:00+08:00');
    await measure(order.id, 'SUPPLY_PARAMETERS_RAISED', '提高供热参数', '2022-11-30T16:30:00+08:00');

    const refused = await gql(operation('resolveHeatingOrder(id: $id)', { id: order.id }, 'status'), { id: order.id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', standardRoomC: 18, latestRoomC: 15 });
    expect(refused.errors?.[0]?.message).toContain('below the standard of 18 °C');

    at('2022-12-01T07:10:00+08:00');
    const warm = await reading(order.id, { supplyWaterC: 45, returnWaterC: 38, roomC: 18.5, takenAt: '2022-12-01T07:00:00+08:00' });
    expect(warm).toMatchObject({ roomMeetsStandard: true, latestReading: { roomC: 18.5, meetsStandard: true } });
    // A later reading without a room temperature does not hide the last room temperature.
    at('2022-12-01T08:10:00+08:00');
    await reading(order.id, { supplyWaterC: 50, takenAt: '2022-12-01T08:00:00+08:00' });
    at('2022-12-01T09:15:00+08:00');
    const resolved = await step('resolveHeatingOrder(id: $id, note: $text)', { id: order.id, text: '问题已妥善解决' }, BUREAU);
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedAt: '2022-12-01T01:15:00.000Z', roomMeetsStandard: true, latestReading: { supplyWaterC: 50, roomC: null, meetsStandard: null } });
    expect(resolved.readings.map((r: any) => [r.roomC, r.standardRoomC, r.meetsStandard])).toEqual([[15, 18, false], [18.5, 18, true], [null, 18, null]]);
    expect(resolved.measures.map((m: any) => m.kind)).toEqual(['PEAK_LOAD_BOILER_ON', 'SUPPLY_PARAMETERS_RAISED']);
    expect(resolved.timeline.map((t: any) => [t.action, t.from, t.to])).toEqual([
      ['REPORT', null, 'REPORTED'], ['INSPECT', 'REPORTED', 'INSPECTING'], ['TAKE_MEASURES', 'INSPECTING', 'MEASURES_TAKEN'], ['RESOLVE', 'MEASURES_TAKEN', 'RESOLVED'],
    ]);

    const events = rowsOf<{ type: string; payload: Record<string, unknown> }>(await sg.services.database.db.execute(
      sql`select type, payload from events.event_log where aggregate_id = ${order.id} and source = 'heating' and aggregate_type = 'HeatingOrder' order by seq`,
    ));
    expect(events.map((e) => e.type)).toEqual([
      'HeatingOrderTransitioned', 'HeatingOrderTransitioned', 'HeatingReadingTaken', 'HeatingMeasureTaken', 'HeatingOrderTransitioned',
      'HeatingMeasureTaken', 'HeatingReadingTaken', 'HeatingReadingTaken', 'HeatingOrderTransitioned',
    ]);
    expect(events[2]!.payload).toMatchObject({ number: order.number, supplyWaterC: 25, roomC: 15, standardRoomC: 18, meetsStandard: false, companyId: 'cc-heating-co' });
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain('某小区');
    const after = await written();
    expect(after.heating_events as number - (before.heating_events as number)).toBe(9);
    expect(after.transitions as number - (before.transitions as number)).toBe(4);
  });

  it('goes back from UNRESOLVED to MEASURES_TAKEN when further measures are taken', async () => {
    at('2022-12-01T10:00:00+08:00');
    const order = await newOrder();
    await step('startHeatingInspection(id: $id)', { id: order.id });
    await measure(order.id, 'VALVE_ADJUSTED', '调节单元平衡阀', '2022-12-01T09:00:00+08:00');
    const unresolved = await step('markHeatingOrderUnresolved(id: $id, reason: "室温仍未达标")', { id: order.id }, BUREAU);
    expect(unresolved.status).toBe('UNRESOLVED');
    const again = await measure(order.id, 'PIPE_FLUSHED', '冲洗管道', '2022-12-01T09:10:00+08:00');
    expect(again.status).toBe('MEASURES_TAKEN');
    expect(again.timeline.map((t: any) => t.action)).toEqual(['REPORT', 'INSPECT', 'TAKE_MEASURES', 'MARK_UNRESOLVED', 'TAKE_MEASURES']);
    expect(again.timeline[3].note).toBe('室温仍未达标');
  });

  it('judges readings against a company standard configured at 20 °C', async () => {
    at('2022-12-01T10:00:00+08:00');
    const order = await newOrder();
    await step('startHeatingInspection(id: $id)', { id: order.id });
    await measure(order.id, 'SUPPLY_PARAMETERS_RAISED', '提高供热参数', '2022-12-01T09:00:00+08:00');
    const atDefault = await reading(order.id, { roomC: 18.5, takenAt: '2022-12-01T09:05:00+08:00' });
    expect(atDefault).toMatchObject({ standardRoomC: 18, roomMeetsStandard: true });

    const standard = await ok('mutation { setHeatingStandard(companyId: "cc-heating-co", roomMinC: 20) { company { id } roomMinC isDefault updatedBy } }', {}, TEST_ADMIN);
    expect(standard).toEqual({ company: { id: 'cc-heating-co' }, roomMinC: 20, isDefault: false, updatedBy: TEST_ADMIN.subject });
    const now = await ok('query($id: ID!) { heatingOrder(id: $id) { standardRoomC roomMeetsStandard readings { roomC standardRoomC meetsStandard } } }', { id: order.id });
    // The earlier reading keeps the standard it was judged by; whether the room meets the standard now is judged by 20 °C.
    expect(now).toEqual({ standardRoomC: 20, roomMeetsStandard: false, readings: [{ roomC: 18.5, standardRoomC: 18, meetsStandard: true }] });
    const refused = await gql(operation('resolveHeatingOrder(id: $id)', { id: order.id }, 'status'), { id: order.id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', standardRoomC: 20, latestRoomC: 18.5 });

    const still = await reading(order.id, { roomC: 19.5, takenAt: '2022-12-01T09:10:00+08:00' });
    expect(still.readings.at(-1)).toMatchObject({ roomC: 19.5, standardRoomC: 20, meetsStandard: false });
    await reading(order.id, { roomC: 20, takenAt: '2022-12-01T09:15:00+08:00' });
    expect((await step('resolveHeatingOrder(id: $id)', { id: order.id })).status).toBe('RESOLVED');

    await ok('mutation { setHeatingStandard(companyId: "cc-heating-co", roomMinC: 18) { roomMinC } }', {}, TEST_ADMIN);
    expect(await ok('{ heatingStandard(companyId: "cc-heating-co") { roomMinC isDefault } }')).toEqual({ roomMinC: 18, isDefault: false });
    expect(await ok('{ heatingStandard(companyId: "cc-nanguan-housing") { roomMinC isDefault } }')).toEqual({ roomMinC: 18, isDefault: true });
  });
});

describe('refusals: a stable code, and nothing written', () => {
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  const attempt = (mutation: string, variables: Record<string, unknown>) => gql(operation(mutation, variables, 'id'), variables);
  // As an admin, who may order any company: these are about the input, not the caller.
  const creating = (input: Record<string, unknown>) => gql('mutation($input: CreateHeatingOrderInput!) { createHeatingOrder(input: $input) { id } }', { input }, TEST_ADMIN);
  const NOW = '2022-12-05T10:00:00+08:00';
  async function orderIn(state: 'REPORTED' | 'INSPECTING' | 'MEASURES_TAKEN' | 'RESOLVED') {
    at(NOW);
    const order = await newOrder();
    if (state === 'REPORTED') return order.id as string;
    await step('startHeatingInspection(id: $id)', { id: order.id });
    if (state === 'INSPECTING') return order.id as string;
    await measure(order.id, 'OTHER', '检查', '2022-12-05T09:00:00+08:00');
    if (state === 'MEASURES_TAKEN') return order.id as string;
    await reading(order.id, { roomC: 21, takenAt: '2022-12-05T09:30:00+08:00' });
    await step('resolveHeatingOrder(id: $id)', { id: order.id });
    return order.id as string;
  }
  const appeal = async () => (await appeals.post(1, { boardId: 'cc-mayor', regionCode: '220104', category: '供热' }))[0]!;
  const takenAt = '2022-12-05T09:00:00+08:00';

  const cases: RefusalCase[] = [
    ['resolving without a room reading', () => orderIn('MEASURES_TAKEN'), (id) => attempt('resolveHeatingOrder(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['resolving before any measure', () => orderIn('INSPECTING'), (id) => attempt('resolveHeatingOrder(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['a measure before inspection', () => orderIn('REPORTED'), (id) => attempt('addHeatingMeasure(id: $id, input: $measure)', { id, measure: { kind: 'OTHER', description: 'x', takenAt } }), 'ILLEGAL_TRANSITION'],
    ['a reading on a resolved order', () => orderIn('RESOLVED'), (id) => attempt('addHeatingReading(id: $id, input: $reading)', { id, reading: { roomC: 15, takenAt } }), 'ILLEGAL_TRANSITION'],
    ['marking a reported order unresolved', () => orderIn('REPORTED'), (id) => attempt('markHeatingOrderUnresolved(id: $id, reason: "x")', { id }), 'ILLEGAL_TRANSITION'],
    ['inspecting twice', () => orderIn('INSPECTING'), (id) => attempt('startHeatingInspection(id: $id)', { id }), 'ILLEGAL_TRANSITION'],
    ['a reading without any temperature', () => orderIn('INSPECTING'), (id) => attempt('addHeatingReading(id: $id, input: $reading)', { id, reading: { takenAt } }), 'INVALID_INPUT'],
    ['a room at 99 °C', () => orderIn('INSPECTING'), (id) => attempt('addHeatingReading(id: $id, input: $reading)', { id, reading: { roomC: 99, takenAt } }), 'INVALID_INPUT'],
    ['a reading taken in the future', () => orderIn('INSPECTING'), (id) => attempt('addHeatingReading(id: $id, input: $reading)', { id, reading: { roomC: 16, takenAt: '2022-12-06T09:00:00+08:00' } }), 'INVALID_INPUT'],
    ['a measure without a description', () => orderIn('INSPECTING'), (id) => attempt('addHeatingMeasure(id: $id, input: $measure)', { id, measure: { kind: 'OTHER', description: ' ', takenAt } }), 'INVALID_INPUT'],
    ['an unknown order', async () => UNKNOWN, (id) => attempt('startHeatingInspection(id: $id)', { id }), 'NOT_FOUND'],
    ['a company that is not a company', appeal, (id) => creating(orderInput(id, { companyId: 'cc-chaoyang-housing' })), 'INVALID_INPUT'],
    ['a supervisor that is not a bureau', appeal, (id) => creating(orderInput(id, { supervisingAgencyId: 'cc-mayor-hotline' })), 'INVALID_INPUT'],
    ['an unknown company', appeal, (id) => creating(orderInput(id, { companyId: 'no-such-company' })), 'INVALID_INPUT'],
    ['an empty address', appeal, (id) => creating(orderInput(id, { address: '  ' })), 'INVALID_INPUT'],
    ['an appeal that does not exist', async () => UNKNOWN, (id) => creating(orderInput(id)), 'NOT_FOUND'],
    ['a board message named as a supervision clue (no supervision here)', appeal, (id) => creating(orderInput(id, { appealChannel: 'SUPERVISION' })), 'NOT_FOUND'],
    ['a standard of 40 °C', async () => '', () => gql('mutation($c: Float!) { setHeatingStandard(companyId: "cc-heating-co", roomMinC: $c) { roomMinC } }', { c: 40 }, TEST_ADMIN), 'INVALID_INPUT'],
    ['a standard for a bureau', async () => '', () => gql('mutation($c: Float!) { setHeatingStandard(companyId: "cc-housing", roomMinC: $c) { roomMinC } }', { c: 20 }, TEST_ADMIN), 'INVALID_INPUT'],
    ['a malformed cursor', async () => '', () => gql('{ heatingOrders(after: "bm9wZQ") { totalCount } }'), 'INVALID_CURSOR'],
  ];

  itRefusesWritingNothing(cases, written);
});
