import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { CHANGCHUN_2022, CHANGCHUN_GENERATED, CHANGCHUN_OFFICE, FINALLY_DISSATISFIED, REOPENED } from './db/demo-changchun.ts';
import { CHANGCHUN_HEATING_CLUE } from './db/demo-stories.ts';
import { seedDemoSupervision } from './db/seed.ts';
import { startLedger, waitForLedger } from './ledger/worker.ts';
import { createSupervisionSubgraph } from './server.ts';
import { gql } from './test-support.ts';

let sg: TestSubgraph;
const timings: Record<string, number> = {};
beforeAll(async () => {
  sg = await startTestSubgraph(createSupervisionSubgraph({ ledger: false, escalationIntervalMs: null }), {
    prepare: [agencies], now: new Date('2022-12-31T12:00:00+08:00'),
  });
  let started = Date.now();
  await seedDemoSupervision(sg.services);
  timings.seedDemoMs = Date.now() - started;
  started = Date.now();
  const ledger = await startLedger(sg.services.database, { pollIntervalMs: 50 });
  try {
    await waitForLedger(sg.services.database, { timeoutMs: 110_000 });
  } finally {
    await ledger.stop();
  }
  timings.ledgerCatchUpMs = Date.now() - started;
  console.log(`supervision demo on ${sg.services.database.kind}: seedDemo ${timings.seedDemoMs} ms, ledger catch-up ${timings.ledgerCatchUpMs} ms`);
});
afterAll(() => sg?.stop());

describe('demo data', () => {
  it('tells the Changchun heating story through the real lifecycle, with its ledger record', async () => {
    const { clue } = await gql(sg, `query($id: ID!) { clue(id: $id) { number title region { code } status assignee { id } dueAt
      timeline { action actor agency { id } } resultsReport { content agency { id } } returnVisit { satisfaction }
      case { channel status assignee { id } satisfaction overdue firstAssignedAt repliedAt closedAt } } }`, { id: CHANGCHUN_HEATING_CLUE.id });
    expect(clue).toMatchObject({
      title: CHANGCHUN_HEATING_CLUE.title, region: { code: '220104' }, status: 'CLOSED', assignee: { id: 'cc-chaoyang-housing' },
      dueAt: new Date('2022-12-01T11:00:00+08:00').toISOString(), returnVisit: { satisfaction: 'SATISFIED' },
      resultsReport: { agency: { id: 'cc-chaoyang-housing' } },
      case: { channel: 'SUPERVISION', status: 'CLOSED', assignee: { id: 'cc-chaoyang-housing' }, satisfaction: 'SATISFIED', overdue: false },
    });
    expect(clue.resultsReport.content).toContain('调峰锅炉');
    expect(clue.timeline.map((t: any) => t.action)).toEqual(['SUBMIT', 'ACCEPT', 'TRANSFER', 'ACKNOWLEDGE', 'SUBMIT_RESULTS', 'APPROVE_RESULTS', 'RETURN_VISIT', 'CLOSE']);
    expect(clue.timeline[2]).toEqual({ action: 'TRANSFER', actor: 'staff:cc-mayor-hotline', agency: { id: 'cc-chaoyang-housing' } });
    // Replied (report approved) before the 24-hour deadline.
    expect(new Date(clue.case.repliedAt) <= new Date(clue.dueAt)).toBe(true);
  });

  it('has an important clue with visits, a meeting and a closed supervision order, and both July–August inspection rounds', async () => {
    const data = await gql(sg, `{
      clues(filter: { sensitivity: [IMPORTANT], category: "供热", regionCode: "220204" }) { edges { node { title interventions { kind } supervisionOrders { status origin answer { content } } } } }
      inspectionCampaigns { totalCount edges { node { name regions { code } team { agency { id } } findings { region { code } rectificationRequired } } } } }`);
    const important = data.clues.edges.map((e: any) => e.node).find((c: any) => c.supervisionOrders.length > 0);
    expect(important).toMatchObject({ interventions: [{ kind: 'ON_SITE_VISIT' }, { kind: 'COORDINATION_MEETING' }], supervisionOrders: [{ status: 'CLOSED', origin: 'MANUAL' }] });
    expect(data.inspectionCampaigns.totalCount).toBe(2);
    for (const { node } of data.inspectionCampaigns.edges) {
      expect(node.regions).toHaveLength(9);
      expect(node.findings.length).toBeGreaterThanOrEqual(3);
    }
    expect(data.inspectionCampaigns.edges.map((e: any) => e.node.name)).toEqual(['网民留言办理工作专项督查（第二轮）', '网民留言办理工作专项督查（第一轮）']);
  });

  it('has the article’s 6,347 Changchun clues handled by the mayor’s hotline office in 2022: all closed after a return visit, over 85% satisfied', async () => {
    const { _entities: [office] } = await gql(sg, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Agency {
      kpis(from: "2022-01-01T00:00:00+08:00", to: "2023-01-01T00:00:00+08:00") { assigned replied closed rated satisfied completionRate feedbackRate satisfactionRate } } } }`,
    { r: [{ __typename: 'Agency', id: CHANGCHUN_OFFICE }] });
    const satisfied = CHANGCHUN_2022 - FINALLY_DISSATISFIED;
    expect(office.kpis).toEqual({
      assigned: 6347, replied: 6347, closed: 6347, rated: 6347, satisfied, completionRate: 1, feedbackRate: 1, satisfactionRate: satisfied / 6347,
    });
    expect(office.kpis.satisfactionRate).toBeGreaterThan(0.86);
    // Every one is about a Changchun place in the directory, submitted in 2022 and transferred to the office (or, the
    // heating clue, forwarded by it to the district), and no other clue was ever the office's.
    const [shape] = rowsOf<Record<string, number | string>>(await sg.services.database.db.execute(sql`
      with office as (
        select c.* from supervision.clues c where c.dispatcher_id = ${CHANGCHUN_OFFICE} or exists (
          select 1 from supervision.clue_transitions t where t.clue_id = c.id and t.action = 'TRANSFER' and t.agency_id = ${CHANGCHUN_OFFICE}))
      select count(*)::int as clues,
        (count(*) filter (where region_code like '2201%' and region_code in (select code from agencies.regions)))::int as in_changchun,
        (count(*) filter (where submitted_at >= '2022-01-01T00:00:00+08:00' and submitted_at < '2023-01-01T00:00:00+08:00'))::int as submitted_2022,
        (count(*) filter (where status = 'CLOSED' and ${CHANGCHUN_OFFICE} in (assignee_id, dispatcher_id)))::int as closed,
        (select count(distinct clue_id)::int from supervision.clue_transitions where action = 'REOPEN' and clue_id in (select id from office)) as reopened,
        (select count(*)::int from supervision.clue_transitions where action = 'RETURN_VISIT' and clue_id in (select id from office)) as visits,
        max(updated_at) < '2023-02-01T00:00:00+08:00' as closed_by_january,
        (select mode() within group (order by category) from office where extract(month from submitted_at at time zone 'Asia/Shanghai') in (1, 11, 12)) as winter_topic
      from office`));
    expect(shape).toEqual({
      clues: 6347, in_changchun: 6347, submitted_2022: 6347, closed: 6347, reopened: REOPENED, visits: 6347 + REOPENED, closed_by_january: true, winter_topic: '供热',
    });
  });

  it('writes every transition of every clue as an event, complete and in order per clue, matching the timelines', async () => {
    const [broken] = rowsOf<Record<string, number>>(await sg.services.database.db.execute(sql`
      with log as (
        select aggregate_id::uuid as clue_id, (payload->>'sequence')::int as sequence, payload->>'to' as status, payload->>'action' as action,
          payload->>'assigneeId' as assignee_id, occurred_at,
          row_number() over (partition by aggregate_id order by tx_id, seq) as position,
          lag(occurred_at) over (partition by aggregate_id order by tx_id, seq) as previous_at
        from events.event_log where source = 'supervision' and aggregate_type = 'Clue' and type = 'AppealTransitioned'
      ), last as (select clue_id, max(sequence) as sequence, count(*) as n from log group by clue_id)
      select
        (select count(*)::int from log where sequence <> position or occurred_at <= previous_at) as out_of_order,
        (select count(*)::int from supervision.clues c left join last on last.clue_id = c.id where last.sequence is distinct from c.version or last.n <> c.version) as incomplete,
        (select count(*)::int from log left join supervision.clue_transitions t using (clue_id, sequence)
          where t.to_status is distinct from log.status or t.action is distinct from log.action or t.at <> log.occurred_at) as timeline_mismatch,
        (select count(*)::int from log where assignee_id like '%-mayor-hotline' and assignee_id <> ${CHANGCHUN_OFFICE}) as other_mayor_offices`));
    expect(broken).toEqual({ out_of_order: 0, incomplete: 0, timeline_mismatch: 0, other_mayor_offices: 0 });
  });

  it('generates ~1,500 clues over every state and all nine prefectures, each in the ledger once, and is written only once', async () => {
    const [counts] = rowsOf<Record<string, number>>(await sg.services.database.db.execute(sql`select
      (select count(*)::int from supervision.clues) as clues,
      (select count(*)::int from supervision.cases) as cases,
      (select count(*)::int from supervision.cases c join supervision.clues l using (id) where c.status = l.status and c.last_sequence = l.version) as in_step,
      (select count(distinct status)::int from supervision.clues) as statuses,
      (select count(distinct left(region_code, 4))::int from supervision.clues) as prefectures,
      (select count(*)::int from events.event_log where type = 'AppealTransitioned') as events,
      (select count(*)::int from supervision.clue_transitions) as transitions`));
    const all = 1500 + CHANGCHUN_GENERATED + 2;
    expect(counts).toMatchObject({ clues: all, cases: all, in_step: all, statuses: 11, prefectures: 9 });
    expect(counts!.events).toBe(counts!.transitions);
    const numbers = rowsOf<{ number: string }>(await sg.services.database.db.execute(sql`select number from supervision.clues order by submitted_at limit 2`));
    expect(numbers.map((n) => n.number)).toEqual(['SUP-2022-000001', 'SUP-2022-000002']);
    await seedDemoSupervision(sg.services);
    const [again] = rowsOf<{ n: number }>(await sg.services.database.db.execute(sql`select count(*)::int as n from supervision.clues`));
    expect(again!.n).toBe(all);
    expect(timings.seedDemoMs).toBeGreaterThan(0);
  });
});
