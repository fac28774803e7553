import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@civicgraph/platform';
import type { Progress } from '@civicgraph/gateway';
import { startTestHub, type TestHub } from './support/hub.ts';

// The demo `npm start` shows: every subgraph with its demo data, the committed supergraph, the ledger
// caught up; the article's figures and stories as a visitor finds them through the gateway.
let hub: TestHub;
const timings: Record<string, number> = {};
/** What the start reported of each phase, as `npm start`'s bar would show it: [done, total, unit] per update. */
const reported = new Map<string, [number, number | undefined, string | undefined][]>();
const recordingProgress: Progress = {
  start: (label) => {
    const updates: [number, number | undefined, string | undefined][] = [];
    reported.set(label, updates);
    return { update: (done, total, unit) => void updates.push([done, total, unit]), end: () => {} };
  },
  line: () => {},
};

/** Appeals of every channel, counted by their own subgraphs. */
async function appealCounts() {
  const data = await hub.ok(`{ messages { totalCount } tickets { totalCount } clues { totalCount } cases { totalCount } }`);
  return { board: data.messages.totalCount, hotline: data.tickets.totalCount, supervision: data.clues.totalCount, cases: data.cases.totalCount };
}

/** Whether every durable consumer (the case ledger) has applied the newest event in the log. */
async function consumersCaughtUp(): Promise<boolean> {
  const [row] = rowsOf<{ consumers: number; behind: number }>(await hub.services.database.db.execute(`
    select (select count(*)::int from events.consumer_positions) as consumers,
      (select count(*)::int from events.consumer_positions p
        where (p.tx_id, p.seq) < (select tx_id, seq from events.event_log order by tx_id desc, seq desc limit 1)) as behind`));
  return row!.consumers > 0 && row!.behind === 0;
}

beforeAll(async () => {
  let started = Date.now();
  hub = await startTestHub({ seedDemo: true, progress: recordingProgress });
  timings.startMs = Date.now() - started;
  started = Date.now();
  const deadline = started + 240_000;
  for (;;) {
    const counts = await appealCounts();
    if (counts.cases === counts.board + counts.hotline + counts.supervision && (await consumersCaughtUp())) break;
    if (Date.now() > deadline) throw new Error(`the case ledger did not catch up within 240 s: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  timings.ledgerCatchUpMs = Date.now() - started;
  console.log(`full demo on ${hub.services.database.kind}: startHub with demo data ${timings.startMs} ms, ledger catch-up ${timings.ledgerCatchUpMs} ms`);
}, 400_000);
afterAll(() => hub?.stop());

const YEAR_2022 = { from: '2022-01-01T00:00:00+08:00', to: '2023-01-01T00:00:00+08:00' };

describe('the full demo through the gateway', () => {
  it('reports how far the hotline and supervision generators have got, a chunk of appeals at a time, as it writes them', async () => {
    const { tickets, clues } = await hub.ok(`{ tickets { totalCount } clues { totalCount } }`);
    const hotline = reported.get('demo data: hotline')!;
    const supervision = reported.get('demo data: supervision')!;
    // Every generated appeal counted once, in chunks of a thousand, up to the whole; the stories come on top.
    expect(hotline.map(([done]) => done)).toEqual([1000, 2000, 3000, 4000, hotline.at(-1)![0]]);
    expect(hotline.every(([, total, unit]) => total === hotline.at(-1)![0] && unit === 'tickets')).toBe(true);
    expect(tickets.totalCount - hotline.at(-1)![0]).toBeGreaterThan(0);
    expect(tickets.totalCount - hotline.at(-1)![0]).toBeLessThan(5);
    expect(supervision.map(([done]) => done)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, supervision.at(-1)![0]]);
    expect(supervision.every(([, total, unit]) => total === supervision.at(-1)![0] && unit === 'clues')).toBe(true);
    expect(clues.totalCount - supervision.at(-1)![0]).toBe(2);
  });

  it('gives the Changchun mayor’s hotline office the article’s 2022 figures on its Internet + Supervision clues: 6,347 assigned, 100% completed, 100% feedback, over 85% satisfied', async () => {
    const { agency } = await hub.ok(`query($from: DateTime!, $to: DateTime!) { agency(id: "cc-mayor-hotline") { name
      kpis(from: $from, to: $to, channel: [SUPERVISION]) { assigned replied closed rated satisfied completionRate feedbackRate satisfactionRate }
      hotline: kpis(from: $from, to: $to, channel: [HOTLINE]) { assigned dispatched }
      all: kpis(from: $from, to: $to) { assigned dispatched } } }`, YEAR_2022);
    expect(agency).toMatchObject({
      name: '长春市市长公开电话办公室',
      kpis: { assigned: 6347, replied: 6347, closed: 6347, rated: 6347, satisfied: 5597, completionRate: 1, feedbackRate: 1, satisfactionRate: 5597 / 6347 },
    });
    expect(agency.kpis.satisfactionRate).toBeGreaterThan(0.85);
    // Its own 12345 tickets come on top: the ones it forwarded (it is their dispatching office, as
    // assignTicket records it) and the ones it resolved on the call.
    const [tickets] = rowsOf<{ dispatched: number; resolved_on_call: number }>(await hub.services.database.db.execute(`
      select (count(*) filter (where dispatcher_id = 'cc-mayor-hotline' and assignee_id <> 'cc-mayor-hotline'))::int as dispatched,
        (count(*) filter (where first_contact_resolution and assignee_id = 'cc-mayor-hotline'))::int as resolved_on_call
      from hotline.tickets where hotline_id = 'cc-mayor-hotline' and submitted_at >= '2022-01-01T00:00:00+08:00' and submitted_at < '2023-01-01T00:00:00+08:00'`));
    expect(tickets!.dispatched).toBeGreaterThan(1000);
    expect(agency.hotline).toEqual({ assigned: tickets!.dispatched + tickets!.resolved_on_call, dispatched: tickets!.dispatched });
    expect(agency.all.assigned).toBe(6347 + agency.hotline.assigned);
    // Of the supervision channel, only the 6,347 clues were ever assigned to the office or dispatched by it.
    const [assigned] = rowsOf<{ appeals: number }>(await hub.services.database.db.execute(`
      select count(distinct aggregate_id)::int as appeals from events.event_log where type = 'AppealTransitioned'
        and payload->>'channel' = 'SUPERVISION' and 'cc-mayor-hotline' in (payload->>'assigneeId', payload->>'dispatcherId')`));
    expect(assigned).toEqual({ appeals: 6347 });
  });

  it('has over 10,000 cases in the ledger, every appeal of all three channels', async () => {
    const data = await hub.ok(`{
      all: cases { totalCount }
      board: cases(filter: { channel: [BOARD] }) { totalCount }
      hotline: cases(filter: { channel: [HOTLINE] }) { totalCount }
      supervision: cases(filter: { channel: [SUPERVISION] }) { totalCount }
      messages { totalCount } tickets { totalCount } clues { totalCount } }`);
    // Board: 2 stories + 300 generated; hotline: 2,500 Changchun + 2,000 others + Lishu; supervision: 1,500 + 6,346 + 2 stories
    // (the heating story's clue is the 6,347th of the Changchun office's).
    expect([data.board.totalCount, data.hotline.totalCount, data.supervision.totalCount]).toEqual([302, 4501, 7848]);
    expect([data.messages.totalCount, data.tickets.totalCount, data.clues.totalCount]).toEqual([302, 4501, 7848]);
    expect(data.all.totalCount).toBe(302 + 4501 + 7848);
    expect(data.all.totalCount).toBeGreaterThanOrEqual(10_000);
  });

  it('tells the Zhejiang exchange story on the party secretary’s board, forwarded to the DRC, visited and closed', async () => {
    const { messages } = await hub.ok(`{ messages(filter: { boardId: "jl-secretary", submittedFrom: "2022-09-26T00:00:00+08:00", submittedTo: "2022-09-27T00:00:00+08:00" }) {
      edges { node { id title status assignee { id name } returnVisit { satisfaction at } timeline { action } } } } }`);
    const zhejiang = messages.edges.map((e: any) => e.node).filter((m: any) => m.title.includes('浙江'));
    expect(zhejiang).toHaveLength(1);
    expect(zhejiang[0]).toMatchObject({
      status: 'CLOSED', assignee: { id: 'jl-drc', name: '吉林省发改委' }, returnVisit: { satisfaction: 'VERY_SATISFIED', at: '2022-10-10T02:00:00.000Z' },
    });
    expect(zhejiang[0].timeline.map((t: any) => t.action)).toEqual(['POST', 'ACCEPT', 'FORWARD', 'ACKNOWLEDGE', 'SUBMIT_REPLY', 'APPROVE_REPLY', 'RETURN_VISIT', 'CLOSE']);
    const { case: ledger } = await hub.ok(`query($id: ID!) { case(id: $id) { channel status assignee { id } satisfaction message { id } } }`, { id: zhejiang[0].id });
    expect(ledger).toEqual({ channel: 'BOARD', status: 'CLOSED', assignee: { id: 'jl-drc' }, satisfaction: 'VERY_SATISFIED', message: { id: zhejiang[0].id } });
  });

  it('tells the Tonghua sidewalk story with its work order: planned 30 days, done in 21, accepted', async () => {
    const { messages } = await hub.ok(`{ messages(filter: { boardId: "th-secretary", regionCode: "220502" }) {
      edges { node { title status assignee { id } workOrders { number status plannedDays actualDays daysAheadOfPlan executingUnit { name } } } } } }`);
    const sidewalk = messages.edges.map((e: any) => e.node).filter((m: any) => m.title.includes('人行道'));
    expect(sidewalk).toHaveLength(1);
    expect(sidewalk[0]).toMatchObject({
      status: 'CLOSED', assignee: { id: 'th-housing' },
      workOrders: [{ number: 'WO-2022-000001', status: 'ACCEPTED', plannedDays: 30, actualDays: 21, daysAheadOfPlan: 9, executingUnit: { name: '通化市市政工程管理处' } }],
    });
  });

  it('tells the Lishu flooding story on 96118: assigned to the Liujiaguanzi town government and closed', async () => {
    const { tickets } = await hub.ok(`{ tickets(filter: { regionCode: "220322", categoryId: "agriculture.farmland-water", hotlineId: "jl-governor-hotline",
      submittedFrom: "2022-07-18T00:00:00+08:00", submittedTo: "2022-07-19T00:00:00+08:00" }) {
      edges { node { id title status assignee { id name } returnVisit { satisfaction } } } } }`);
    const lishu = tickets.edges.map((e: any) => e.node).filter((t: any) => t.title.includes('东卡篓村'));
    expect(lishu).toEqual([{
      id: expect.any(String), title: '梨树县东卡篓村高标准农田排水沟偏高，上百坰耕地被淹', status: 'CLOSED',
      assignee: { id: 'ls-liujiaguanzi', name: '刘家馆子镇政府' }, returnVisit: { satisfaction: 'VERY_SATISFIED' },
    }]);
    const { case: ledger } = await hub.ok(`query($id: ID!) { case(id: $id) { channel status assignee { id } } }`, { id: lishu[0].id });
    expect(ledger).toEqual({ channel: 'HOTLINE', status: 'CLOSED', assignee: { id: 'ls-liujiaguanzi' } });
  });

  it('tells the Changchun heating story: the clue, the heating company’s readings and measures, and its case in the ledger', async () => {
    const { clues } = await hub.ok(`{ clues(filter: { regionCode: "220104", category: "供热", submittedFrom: "2022-11-30T00:00:00+08:00", submittedTo: "2022-12-01T00:00:00+08:00" }) {
      edges { node { title status assignee { id } timeline { action actor }
        heatingOrders { status company { id } readings { supplyWaterC roomC meetsStandard } measures { kind } }
        case { channel status assignee { id } satisfaction } } } } }`);
    const story = clues.edges.map((e: any) => e.node).filter((c: any) => c.title === '供热时断时续，进水温度始终在二三十度');
    expect(story).toHaveLength(1);
    expect(story[0]).toMatchObject({
      status: 'CLOSED', assignee: { id: 'cc-chaoyang-housing' },
      heatingOrders: [{
        status: 'RESOLVED', company: { id: 'cc-heating-co' },
        readings: [{ supplyWaterC: 25, roomC: 15, meetsStandard: false }, { supplyWaterC: 45, roomC: 18.5, meetsStandard: true }, { supplyWaterC: null, roomC: 20, meetsStandard: true }],
        measures: [{ kind: 'PEAK_LOAD_BOILER_ON' }, { kind: 'SUPPLY_PARAMETERS_RAISED' }, { kind: 'SUPPLY_PARAMETERS_RAISED' }],
      }],
      case: { channel: 'SUPERVISION', status: 'CLOSED', assignee: { id: 'cc-chaoyang-housing' }, satisfaction: 'SATISFIED' },
    });
    expect(story[0].timeline[2]).toEqual({ action: 'TRANSFER', actor: 'staff:cc-mayor-hotline' });
  });

  it('finds 效率高, 圆满解决, 感谢 and 暖心 on top of the party secretary’s board in 2022', async () => {
    const { board } = await hub.ok(`query($from: DateTime!, $to: DateTime!) { board(id: "jl-secretary") { feedbackWords(from: $from, to: $to, first: 4) { text count } } }`, YEAR_2022);
    expect(board.feedbackWords.map((w: any) => w.text).sort()).toEqual(['圆满解决', '感谢', '效率高', '暖心'].sort());
    expect(board.feedbackWords.every((w: any) => w.count >= 2)).toBe(true);
  });

  it('compiles the People’s Voice Digest of the week of the Changchun heating story, with its top categories and hard cases', async () => {
    const { digest } = await hub.ok(`{ digest(week: "2022-11-30") { weekStart weekEnd totalTickets previousWeekTotal
      topCategories { category { id name } count tickets { number } } repeatedComplaints { count }
      hardCases { reasons ticket { number status } } } }`);
    const [week] = rowsOf<{ tickets: number }>(await hub.services.database.db.execute(`select count(*)::int as tickets from hotline.tickets
      where submitted_at >= '2022-11-28T00:00:00+08:00' and submitted_at < '2022-12-05T00:00:00+08:00'`));
    // The hotline demo is deterministic (seeded generator): these are its figures for that week.
    expect(digest).toMatchObject({ weekStart: '2022-11-28', weekEnd: '2022-12-04', totalTickets: 91, previousWeekTotal: 98 });
    expect(week!.tickets).toBe(91);
    expect(digest.topCategories).toHaveLength(10);
    const counts = digest.topCategories.map((c: any) => c.count);
    expect(counts[0]).toBe(5);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(digest.topCategories.every((c: any) => c.category.name && c.tickets.length === c.count)).toBe(true);
    // Winter: heating is among the top three.
    expect(digest.topCategories.slice(0, 3).some((c: any) => c.category.id.startsWith('heating.'))).toBe(true);
    expect(digest.repeatedComplaints).toHaveLength(10);
    expect(digest.hardCases).toHaveLength(19);
    expect(new Set(digest.hardCases.flatMap((h: any) => h.reasons))).toEqual(new Set(['OVERDUE', 'REOPENED']));
    expect(digest.hardCases.every((h: any) => h.ticket.number.startsWith('HOT-2022-'))).toBe(true);
  });
  it('obeys the separation of duties the API enforces, in every channel’s timelines', async () => {
    const rows = async <T,>(text: string) => rowsOf<T>(await hub.services.database.db.execute(text));
    const steps = `(
      select 'BOARD' as channel, message_id::text as appeal, sequence, action, actor, agency_id from board.message_transitions
      union all select 'HOTLINE', ticket_id::text, sequence, action, actor, agency_id from hotline.ticket_transitions
      union all select 'SUPERVISION', clue_id::text, sequence, action, actor, agency_id from supervision.clue_transitions) s`;
    // Review, return visit, closing, reopening and reassigning are never taken by the handling agency.
    const officeSteps = `('APPROVE_REPLY', 'SEND_BACK_REPLY', 'APPROVE_RESULTS', 'SEND_BACK_RESULTS', 'RETURN_VISIT', 'CLOSE', 'REOPEN', 'REASSIGN')`;
    const [taken] = await rows<{ office_steps: number; by_handler: number }>(`select count(*)::int as office_steps,
      (count(*) filter (where actor = 'staff:' || agency_id))::int as by_handler from ${steps} where action in ${officeSteps}`);
    expect(taken!.office_steps).toBeGreaterThan(30_000);
    expect(taken!.by_handler).toBe(0);
    // No office forwards to itself (SELF_DISPATCH), nor to an agency directly below it.
    const [forwards] = await rows<{ forwards: number; to_itself: number; to_below: number }>(`select count(*)::int as forwards,
      (count(*) filter (where s.actor = 'staff:' || s.agency_id))::int as to_itself,
      (count(*) filter (where s.actor = 'staff:' || a.parent_id))::int as to_below
      from ${steps} left join agencies.agencies a on a.id = s.agency_id where s.action in ('FORWARD', 'ASSIGN', 'TRANSFER')`);
    expect(forwards!.forwards).toBeGreaterThan(10_000);
    expect([forwards!.to_itself, forwards!.to_below]).toEqual([0, 0]);
    // Closed while the citizen was dissatisfied: only by the supervision division (supervisors).
    const closers = await rows<{ actor: string }>(`
      select distinct t.actor from (select id::text, satisfaction from board.messages where status = 'CLOSED'
        union all select id::text, satisfaction from hotline.tickets where status = 'CLOSED'
        union all select id::text, satisfaction from supervision.clues where status = 'CLOSED') c
      join ${steps.replace(') s', ') t')} on t.appeal = c.id and t.action = 'CLOSE'
      where c.satisfaction in ('DISSATISFIED', 'VERY_DISSATISFIED') order by 1`);
    expect(closers.map((r) => r.actor)).toEqual(['staff:jl-gov-supervision']);
  });
});
