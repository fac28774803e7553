import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { subgraph as board } from '@civicgraph/board';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { seedDemoHeatingOrders } from './db/seed.ts';
import { subgraph } from './server.ts';
import { startBoard } from '@civicgraph/board/testing';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies, board], now: new Date('2022-12-01T09:00:00+08:00') });
});
afterAll(() => sg?.stop());

const run = (query: ReturnType<typeof sql>) => sg.services.database.db.execute(query);
const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await run(query));
const CLUE_ID = 'a2022113-0c0c-4c0c-8c0c-000000000001';
const count = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from heating.heating_orders`))[0]!.n;

/**
 * Board messages through the board's API: two 供热 messages in Changchun taken on by its housing
 * bureau (one replied to), one in Tonghua (no heating company there), one never taken on.
 */
async function boardMessages() {
  const appeals = await startBoard(sg.services);
  const act = async (query: string) => {
    const response = await appeals.gql(`mutation { ${query} }`);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  };
  const heating = { category: '供热', title: '暖气不热' };
  const [replied, unreplied] = [
    (await appeals.post(1, { ...heating, boardId: 'cc-mayor', regionCode: '220100' }))[0]!,
    (await appeals.post(1, { ...heating, boardId: 'cc-mayor', regionCode: '220104' }))[0]!,
  ];
  const [tonghua] = await appeals.post(1, { ...heating, boardId: 'th-mayor', regionCode: '220502' });
  await appeals.post(1, { ...heating, boardId: 'cc-mayor', regionCode: '220104' });
  for (const [i, id] of [replied, unreplied, tonghua!].entries()) {
    const bureau = i === 2 ? 'th-housing' : 'cc-housing';
    await act(`a: acceptMessage(id: "${id}") { id } f: forwardMessage(id: "${id}", agencyId: "${bureau}", dueAt: "2023-12-01T00:00:00Z") { id }
      k: acknowledgeMessage(id: "${id}") { id }`);
  }
  // The clock stands still in tests: the reply comes days later than the acknowledgement.
  sg.services.clock.set(new Date('2022-12-05T10:00:00+08:00'));
  await act(`r: submitReply(id: "${replied}", content: "已处理") { id }`);
  await appeals.stop();
  return { replied, unreplied };
}

describe('demo heating orders', () => {
  it('skips the Changchun story, without failing, where there is no supervision subgraph', async () => {
    expect(await seedDemoHeatingOrders(sg.services)).toEqual({ changchun: 'no supervision subgraph', generated: 0 });
    expect(await count()).toBe(0);
  });

  // A stand-in for the supervision subgraph's clue table (the seeder reads it by content, not by columns).
  it('skips the Changchun story when the clue of 2022-11-30 is not there', async () => {
    await run(sql`create schema supervision`);
    await run(sql`create table supervision.clues (id uuid primary key, number text not null, title text not null,
      region_code text not null, submitted_at timestamptz not null)`);
    await run(sql`insert into supervision.clues values
      ('b2022102-0c0c-4c0c-8c0c-000000000002', 'SUP-2022-000002', '老旧小区供热管网改造停工', '220204', '2022-10-20T08:45:00+08:00')`);
    expect(await seedDemoHeatingOrders(sg.services)).toEqual({ changchun: 'clue not found', generated: 0 });
    expect(await count()).toBe(0);
  });

  it('answers the Changchun clue with readings and measures, and the board’s heating messages in Changchun', async () => {
    await run(sql`insert into supervision.clues values
      (${CLUE_ID}, 'SUP-2022-000001', '供热时断时续，进水温度始终在二三十度', '220104', '2022-11-30T09:12:00+08:00')`);
    const heatingMessages = await boardMessages();
    const result = await seedDemoHeatingOrders(sg.services);
    expect(result).toEqual({ changchun: 'written', generated: 2 });

    const response = await sg.query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Clue { heatingOrders {
      number status appealChannel appealNumber company { id } supervisingAgency { id } region { code } roomMeetsStandard
      readings { supplyWaterC roomC meetsStandard } measures { kind } timeline { action } } } } }`, { reps: [{ __typename: 'Clue', id: CLUE_ID }] });
    expect(response.data!._entities[0].heatingOrders).toEqual([{
      number: 'HT-2022-000001', status: 'RESOLVED', appealChannel: 'SUPERVISION', appealNumber: 'SUP-2022-000001',
      company: { id: 'cc-heating-co' }, supervisingAgency: { id: 'cc-chaoyang-housing' }, region: { code: '220104' }, roomMeetsStandard: true,
      readings: [{ supplyWaterC: 25, roomC: 15, meetsStandard: false }, { supplyWaterC: 45, roomC: 18.5, meetsStandard: true }, { supplyWaterC: null, roomC: 20, meetsStandard: true }],
      measures: [{ kind: 'PEAK_LOAD_BOILER_ON' }, { kind: 'SUPPLY_PARAMETERS_RAISED' }, { kind: 'SUPPLY_PARAMETERS_RAISED' }],
      timeline: [{ action: 'REPORT' }, { action: 'INSPECT' }, { action: 'TAKE_MEASURES' }, { action: 'RESOLVE' }],
    }]);

    // Generated orders answer real 供热 messages in Changchun, and each agrees with its own timeline and events.
    const generated = await rows<{ category: string; region_code: string; version: number; steps: number; transitions: number; status: string; to_status: string }>(sql`
      select m.category, m.region_code, o.version, o.status,
        (select count(*)::int from heating.order_transitions t where t.order_id = o.id) as steps,
        (select count(*)::int from events.event_log e where e.aggregate_id = o.id::text and e.type = 'HeatingOrderTransitioned') as transitions,
        (select t.to_status from heating.order_transitions t where t.order_id = o.id order by t.sequence desc limit 1) as to_status
      from heating.heating_orders o join board.messages m on m.id = o.appeal_id`);
    expect(generated).toHaveLength(result.generated);
    expect(generated.map((o) => o.region_code).sort()).toEqual(['220100', '220104']);
    expect(generated.every((o) => o.category === '供热')).toBe(true);
    // Taken on but not replied to yet: still open; replied to: resolved before the reply.
    const open = await sg.query(`query($a: ID) { heatingOrders(filter: { appealId: $a }) { edges { node { status } } } }`, { a: heatingMessages.unreplied });
    expect(open.data!.heatingOrders.edges[0].node.status).not.toBe('RESOLVED');
    const done = await sg.query(`query($a: ID) { heatingOrders(filter: { appealId: $a }) { edges { node { status resolvedAt } } } }`, { a: heatingMessages.replied });
    expect(done.data!.heatingOrders.edges[0].node).toEqual({ status: 'RESOLVED', resolvedAt: expect.stringMatching(/^2022-12-0[1-5]/) });
    expect(generated.every((o) => o.steps === o.version && o.transitions === o.version && o.to_status === o.status)).toBe(true);
    const [readingEvents] = await rows<{ readings: number; events: number }>(sql`select
      (select count(*)::int from heating.readings) as readings,
      (select count(*)::int from events.event_log where type = 'HeatingReadingTaken') as events`);
    expect(readingEvents!.events).toBe(readingEvents!.readings);
  });

  it('does not seed twice', async () => {
    const before = await count();
    expect(await seedDemoHeatingOrders(sg.services)).toEqual({ changchun: 'already seeded', generated: 0 });
    expect(await count()).toBe(before);
  });
});
