import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { rowsOf } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { CATEGORY_ROWS } from './db/categories.ts';
import { CHANGCHUN_TICKETS, OTHER_TICKETS } from './db/seed.ts';
import { routingRules } from './db/tables.ts';
import { pickRule } from './domain/routing.ts';
import { computeDigest } from './domain/digest.ts';
import { subgraph } from './server.ts';
import { writtenRows } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { prepare: [agencies], seedDemo: true, now: new Date('2023-01-15T09:00:00+08:00') });
});
afterAll(() => sg?.stop());

const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await sg.services.database.db.execute(query));
const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(query))[0]!;

describe('demo data', () => {
  it('has a category tree of at least 10 domains and 100 categories, each with a deadline class', () => {
    expect(CATEGORY_ROWS.filter((c) => c.parentId === null).length).toBeGreaterThanOrEqual(10);
    expect(CATEGORY_ROWS.filter((c) => c.parentId !== null).length).toBeGreaterThanOrEqual(100);
    expect(new Set(CATEGORY_ROWS.map((c) => c.deadlineClass))).toEqual(new Set(['URGENT_24H', 'GENERAL_7D', 'COMPLEX_15D']));
  });

  it('tells the Lishu story through the real lifecycle', async () => {
    const response = await sg.query(`{ tickets(filter: { regionCode: "220322", categoryId: "agriculture.farmland-water", hotlineId: "jl-governor-hotline", submittedFrom: "2022-07-18T00:00:00+08:00", submittedTo: "2022-07-19T00:00:00+08:00" }) {
      edges { node { title status assignee { id } returnVisit { satisfaction } timeline { action } call { callerPhone callerName seat { id } agentHandle shift { agentName } } } } } }`);
    const lishu = response.data!.tickets.edges.map((e: any) => e.node).filter((t: any) => t.title.includes('东卡篓村'));
    expect(lishu).toEqual([{
      title: '梨树县东卡篓村高标准农田排水沟偏高，上百坰耕地被淹',
      status: 'CLOSED',
      assignee: { id: 'ls-liujiaguanzi' },
      returnVisit: { satisfaction: 'VERY_SATISFIED' },
      timeline: ['OPEN', 'ACCEPT', 'ASSIGN', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE'].map((action) => ({ action })),
      call: { callerPhone: '139****2345', callerName: '孙**', seat: { id: 'jl-governor-hotline-07' }, agentHandle: 'agent:96118-07', shift: { agentName: '李敏' } },
    }]);
  });

  it('routes the Changchun mayor’s hotline tickets by the rules to Changchun’s departments, never to the office itself', async () => {
    const ofChangchun = await rows<{ category_id: string; region_code: string; assignee_id: string | null; status: string }>(sql`
      select category_id, region_code, assignee_id, status from hotline.tickets where hotline_id = 'cc-mayor-hotline'`);
    expect(ofChangchun).toHaveLength(CHANGCHUN_TICKETS);
    // Not even for a moment: no ticket of any hotline was ever assigned to the office (its caseload is the supervision channel's).
    const toOffice = await one<{ events: number; tickets: number }>(sql`select
      (select count(*)::int from events.event_log where source = 'hotline' and payload->>'assigneeId' = 'cc-mayor-hotline') as events,
      (select count(*)::int from hotline.tickets where assignee_id = 'cc-mayor-hotline') as tickets`);
    expect(toOffice).toEqual({ events: 0, tickets: 0 });
    const rules = await sg.services.database.db.select().from(routingRules);
    const closed = ofChangchun.filter((t) => t.status === 'CLOSED');
    expect(closed.length).toBeGreaterThan(CHANGCHUN_TICKETS * 0.8);
    const misrouted = closed.filter((t) => t.assignee_id !== pickRule(rules, t.category_id, t.region_code)?.agencyId);
    expect(misrouted).toEqual([]);
    const departments = new Set(closed.map((t) => t.assignee_id));
    for (const agency of ['cc-gov-office', 'cc-nanguan-gov', 'cc-housing', 'cc-chaoyang-housing', 'cc-nanguan-housing']) expect(departments).toContain(agency);
  });

  it('writes every transition as an event, complete and in order per ticket, matching the timelines', async () => {
    const counts = await writtenRows(sg);
    expect(counts.tickets).toBe(CHANGCHUN_TICKETS + OTHER_TICKETS + 1);
    expect(counts.events).toBe(counts.transitions);
    const broken = await one<{ out_of_order: number; version_mismatch: number; timeline_mismatch: number; orphans: number }>(sql`
      with log as (
        select aggregate_id::uuid as ticket_id, (payload->>'sequence')::int as sequence, payload->>'to' as status, occurred_at,
          row_number() over (partition by aggregate_id order by tx_id, seq) as position,
          lag(occurred_at) over (partition by aggregate_id order by tx_id, seq) as previous_at
        from events.event_log where source = 'hotline' and aggregate_type = 'Ticket'
      ), last as (
        select ticket_id, max(sequence) as sequence from log group by ticket_id
      )
      select
        (select count(*)::int from log where sequence <> position or occurred_at <= previous_at) as out_of_order,
        (select count(*)::int from hotline.tickets t left join last on last.ticket_id = t.id where last.sequence is distinct from t.version) as version_mismatch,
        (select count(*)::int from log left join hotline.ticket_transitions tt using (ticket_id, sequence)
          where tt.to_status is distinct from log.status or tt.at <> log.occurred_at) as timeline_mismatch,
        (select count(*)::int from hotline.tickets t left join hotline.calls c on c.id = t.call_id where c.ticket_id is distinct from t.id) as orphans`);
    expect(broken).toEqual({ out_of_order: 0, version_mismatch: 0, timeline_mismatch: 0, orphans: 0 });
  });

  it('spreads tickets over every status, hotline and prefecture, with reopenings, returns, merges and first-contact resolutions', async () => {
    const statuses = await rows<{ status: string }>(sql`select distinct status from hotline.tickets order by status`);
    expect(statuses.map((r) => r.status)).toEqual(['ACCEPTED', 'ASSIGNED', 'CLOSED', 'FOLLOWED_UP', 'IN_PROGRESS', 'MERGED', 'REJECTED', 'REPLIED', 'REPLY_SUBMITTED', 'RETURNED', 'SUBMITTED']);
    const mix = await one<Record<string, number>>(sql`select
      (select count(distinct hotline_id)::int from hotline.tickets) as hotlines,
      (select count(distinct left(region_code, 4))::int from hotline.tickets where region_code <> '220000') as prefectures,
      (select count(*)::int from hotline.tickets where reopen_count > 0) as reopened,
      (select count(*)::int from hotline.tickets where first_contact_resolution) as fcr,
      (select count(distinct ticket_id)::int from hotline.ticket_transitions where action = 'RETURN') as returned,
      (select count(*)::int from hotline.tickets t join hotline.tickets target on target.id = t.merged_into_id where target.status in ('MERGED', 'REJECTED')) as bad_merges,
      (select count(*)::int from hotline.calls where ticket_id is null) as calls_without_ticket,
      (select count(*)::int from hotline.calls where outcome = 'FOLLOW_UP') as follow_ups`);
    expect(mix).toMatchObject({ hotlines: 10, prefectures: 9, bad_merges: 0 });
    for (const key of ['reopened', 'fcr', 'returned', 'calls_without_ticket', 'follow_ups']) expect(mix[key], key).toBeGreaterThan(50);
  });

  it('gives the digest content every week of 2022', async () => {
    const empty: string[] = [];
    for (let monday = Date.parse('2022-01-03T00:00:00+08:00'); monday < Date.parse('2022-12-26T00:00:00+08:00'); monday += 7 * 86_400_000) {
      const week = new Date(monday + 8 * 3_600_000).toISOString().slice(0, 10);
      const digest = await computeDigest(sg.services.database.db, week, { now: sg.services.clock.now() });
      if (digest.totalTickets < 50 || digest.topCategories.length < 5 || digest.repeatedComplaints.length === 0) empty.push(week);
    }
    expect(empty).toEqual([]);
    const hard = await computeDigest(sg.services.database.db, '2022-06-15', { now: sg.services.clock.now() });
    expect(hard.hardCases.length).toBeGreaterThan(0);
  });

  it('is written once: a second seedDemo writes nothing', async () => {
    const before = await writtenRows(sg);
    await subgraph.seedDemo!(sg.services);
    expect(await writtenRows(sg)).toEqual(before);
  });
});
