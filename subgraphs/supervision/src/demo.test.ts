import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
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

  it('generates ~1,500 clues over every state and all nine prefectures, each in the ledger once, and is written only once', async () => {
    const [counts] = rowsOf<Record<string, number>>(await sg.services.database.db.execute(sql`select
      (select count(*)::int from supervision.clues) as clues,
      (select count(*)::int from supervision.cases) as cases,
      (select count(*)::int from supervision.cases c join supervision.clues l using (id) where c.status = l.status and c.last_sequence = l.version) as in_step,
      (select count(distinct status)::int from supervision.clues) as statuses,
      (select count(distinct left(region_code, 4))::int from supervision.clues) as prefectures,
      (select count(*)::int from events.event_log where type = 'AppealTransitioned') as events,
      (select count(*)::int from supervision.clue_transitions) as transitions`));
    expect(counts).toMatchObject({ clues: 1502, cases: 1502, in_step: 1502, statuses: 11, prefectures: 9 });
    expect(counts!.events).toBe(counts!.transitions);
    const numbers = rowsOf<{ number: string }>(await sg.services.database.db.execute(sql`select number from supervision.clues order by submitted_at limit 2`));
    expect(numbers.map((n) => n.number)).toEqual(['SUP-2022-000001', 'SUP-2022-000002']);
    await seedDemoSupervision(sg.services);
    const [again] = rowsOf<{ n: number }>(await sg.services.database.db.execute(sql`select count(*)::int as n from supervision.clues`));
    expect(again!.n).toBe(1502);
    expect(timings.seedDemoMs).toBeGreaterThan(0);
  });
});
