import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { subgraph as board } from '@civicgraph/board';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { subgraph } from './server.ts';
import { startBoard } from '@civicgraph/board/testing';

let sg: TestSubgraph;
let appealIds: string[];
const numberOf = new Map<string, string>();

const ok = async (query: string, variables: Record<string, unknown> = {}) => {
  const response = await sg.query(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
};

/** 100 board messages, each answered by a heating order with one reading and one measure. */
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies, board], now: new Date('2022-12-05T10:00:00+08:00') });
  const appeals = await startBoard(sg.services);
  appealIds = await appeals.post(100, { boardId: 'cc-mayor', regionCode: '220104', category: '供热', title: '暖气不热' });
  await appeals.stop();
  const creates = appealIds.map((id, i) => `h${i}: createHeatingOrder(input: { appealChannel: BOARD, appealId: "${id}",
    companyId: "cc-heating-co", supervisingAgencyId: "cc-chaoyang-housing", regionCode: "220104", address: "朝阳区${i}号" }) { id number }`);
  const created = await ok(`mutation { ${creates.join('\n')} }`);
  const ids = appealIds.map((appealId, i) => {
    numberOf.set(appealId, created[`h${i}`].number);
    return created[`h${i}`].id as string;
  });
  const steps = ids.map((id, i) => `i${i}: startHeatingInspection(id: "${id}") { status }
    r${i}: addHeatingReading(id: "${id}", input: { supplyWaterC: 30, roomC: ${14 + (i % 8)}, takenAt: "2022-12-05T09:00:00+08:00" }) { status }
    m${i}: addHeatingMeasure(id: "${id}", input: { kind: VALVE_ADJUSTED, description: "调节阀门", takenAt: "2022-12-05T09:10:00+08:00" }) { status }`);
  await ok(`mutation { ${steps.join('\n')} }`);
});
afterAll(() => sg?.stop());

async function measured(query: string, variables: Record<string, unknown>) {
  const before = sg.services.database.statementCount();
  const data = await ok(query, variables);
  return { data, statements: sg.services.database.statementCount() - before };
}

const MESSAGES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Message { id heatingOrders { number status company { id } standardRoomC roomMeetsStandard
    latestReading { roomC meetsStandard } readings { roomC } measures { kind } timeline { action } } }
  ... on Case { id heatingOrders { number } }
  ... on Ticket { id heatingOrders { number } }
} }`;

describe('appeals show the heating orders answering them', () => {
  it('resolves 100 Message references with orders, readings, measures and standards for the same statements as 10', async () => {
    const ten = await measured(MESSAGES, { reps: appealIds.slice(0, 10).map((id) => ({ __typename: 'Message', id })) });
    const hundred = await measured(MESSAGES, { reps: appealIds.map((id) => ({ __typename: 'Message', id })) });
    expect(hundred.statements).toBe(ten.statements);
    // Orders; then readings, latest reading, latest room reading, standards, measures, timelines and the
    // directory's check of the companies referenced: one each.
    expect(hundred.statements).toBe(8);
    const messages = hundred.data._entities as any[];
    expect(messages).toHaveLength(100);
    messages.forEach((message, i) => {
      const roomC = 14 + (i % 8);
      expect(message).toEqual({
        id: appealIds[i],
        heatingOrders: [{
          number: numberOf.get(appealIds[i]!), status: 'MEASURES_TAKEN', company: { id: 'cc-heating-co' }, standardRoomC: 18,
          roomMeetsStandard: roomC >= 18, latestReading: { roomC, meetsStandard: roomC >= 18 }, readings: [{ roomC }],
          measures: [{ kind: 'VALVE_ADJUSTED' }], timeline: [{ action: 'REPORT' }, { action: 'INSPECT' }, { action: 'TAKE_MEASURES' }],
        }],
      });
    });
    const cases = await measured(MESSAGES, { reps: [{ __typename: 'Case', id: appealIds[3] }, { __typename: 'Ticket', id: 'nope' }] });
    expect(cases.data._entities).toEqual([{ id: appealIds[3], heatingOrders: [{ number: numberOf.get(appealIds[3]!) }] }, { id: 'nope', heatingOrders: [] }]);
  });

  it("shows a heating company's open orders and rooms below standard, batched over any number of agencies", async () => {
    const AGENCIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Agency { id roomsBelowStandard openHeatingOrders { number } } } }`;
    const reps = (n: number) => [{ __typename: 'Agency', id: 'cc-heating-co' }, ...Array.from({ length: n - 1 }, (_, i) => ({ __typename: 'Agency', id: `agency-${i}` }))];
    const few = await measured(AGENCIES, { reps: reps(10) });
    const many = await measured(AGENCIES, { reps: reps(100) });
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBe(2);
    // Rooms at 14..21 °C in turn (order i at 14 + i mod 8): 14 to 17 are below 18, i.e. 12 × 4 + 4 of the 100.
    const company = (many.data._entities as any[])[0];
    expect(company.roomsBelowStandard).toBe(52);
    expect(company.openHeatingOrders).toHaveLength(100);
    expect((many.data._entities as any[])[1]).toEqual({ id: 'agency-0', roomsBelowStandard: 0, openHeatingOrders: [] });

    // Raise the company's standard: more rooms fall below it. Resolve one warm order: it is no longer open.
    await ok('mutation { setHeatingStandard(companyId: "cc-heating-co", roomMinC: 20) { roomMinC } }');
    const warm = (await ok('query($a: ID) { heatingOrders(filter: { appealId: $a }) { edges { node { id } } } }', { a: appealIds[7] })).heatingOrders.edges[0].node.id;
    await ok(`mutation { resolveHeatingOrder(id: "${warm}") { status } }`);
    const after = (await ok(AGENCIES, { reps: reps(1) }))._entities[0];
    // 14 to 19 are below 20: 12 × 6 + 4; the resolved order was at 21.
    expect(after.roomsBelowStandard).toBe(76);
    expect(after.openHeatingOrders).toHaveLength(99);
  });
});
