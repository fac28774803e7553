import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventCursor, rowsOf, type AppealEventPayload, type StoredEvent } from '@civicgraph/platform';
import { testIdentity, type TestSubgraph } from '@civicgraph/platform/testing';
import { seedGeneratedClues } from './db/demo-bulk.ts';
import { cases, type CaseRow } from './db/tables.ts';
import { runEscalation } from './ledger/escalation.ts';
import { applyToLedger } from './ledger/project.ts';
import { waitForLedger } from './ledger/worker.ts';
import { appendBoardEvent, caseFeedEvents, DAY, gql, startSupervision } from './test-support.ts';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startSupervision(new Date('2022-11-01T09:00:00+08:00'));
});
afterAll(() => sg?.stop());

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const db = () => sg.services.database.db;

describe('the case ledger', () => {
  it('keeps one record per appeal from the board’s and the supervision platform’s events, linking each to its channel record', async () => {
    const message = id(1);
    const t0 = new Date('2022-11-01T09:00:00+08:00');
    const due = new Date('2022-11-15T17:00:00+08:00');
    const common = { title: '人行道', regionCode: '220502', submittedAt: t0.toISOString() };
    await appendBoardEvent(db(), message, t0, { ...common, to: 'SUBMITTED', sequence: 1 });
    await appendBoardEvent(db(), message, new Date(t0.getTime() + 3_600_000), { ...common, action: 'ACCEPT', from: 'SUBMITTED', to: 'ACCEPTED', sequence: 2 });
    const forwardedAt = new Date(t0.getTime() + 7_200_000);
    await appendBoardEvent(db(), message, forwardedAt, { ...common, action: 'FORWARD', from: 'ACCEPTED', to: 'ASSIGNED', assigneeId: 'th-housing', dueAt: due.toISOString(), sequence: 3 });
    const { submitClue } = await gql(sg, `mutation { submitClue(input: { title: "供热不热", content: "室温十四度", regionCode: "220104", category: "供热" }) { id number } }`);
    await gql(sg, 'mutation($id: ID!) { acceptClue(id: $id) { id } }', { id: submitClue.id });
    await waitForLedger(sg.services.database);

    const read = await gql(sg, `query($m: ID!, $c: ID!) {
      m: case(id: $m) { channel number title status assignee { id } firstAssignedAt dueAt region { code } message { id } ticket { id } clue { id } overdue escalationLevel }
      c: case(id: $c) { channel number status message { id } clue { number timeline { action } } }
      all: cases { totalCount } }`, { m: message, c: submitClue.id });
    expect(read.m).toEqual({
      channel: 'BOARD', number: `BRD-2022-${message.slice(-6)}`, title: '人行道', status: 'ASSIGNED', assignee: { id: 'th-housing' },
      firstAssignedAt: forwardedAt.toISOString(), dueAt: due.toISOString(), region: { code: '220502' }, message: { id: message },
      ticket: null, clue: null, overdue: false, escalationLevel: 0,
    });
    expect(read.c).toEqual({
      channel: 'SUPERVISION', number: submitClue.number, status: 'ACCEPTED', message: null,
      clue: { number: submitClue.number, timeline: [{ action: 'SUBMIT' }, { action: 'ACCEPT' }] },
    });
    expect(read.all.totalCount).toBe(2);
    // The case feed hands over each applied appeal event once, in the appeals' own order.
    const changed = (await caseFeedEvents(sg, 5)).map((e) => ({ caseId: e.aggregateId, seq: e.payload.sequence, action: e.payload.action }));
    expect(changed).toHaveLength(5);
    expect(changed.filter((c) => c.caseId === message).map((c) => [c.seq, c.action])).toEqual([[1, 'POST'], [2, 'ACCEPT'], [3, 'FORWARD']]);
    expect(changed.filter((c) => c.caseId === submitClue.id).map((c) => c.action)).toEqual(['SUBMIT', 'ACCEPT']);
  });

  it('is idempotent and order-safe per appeal: an older or repeated event never overwrites a newer state', async () => {
    const appeal = id(2);
    const at = (h: number) => new Date(Date.parse('2022-10-01T08:00:00+08:00') + h * 3_600_000);
    const event = (sequence: number, to: AppealEventPayload['to'], hour: number, extra: Partial<AppealEventPayload> = {}): StoredEvent => ({
      position: { txId: '1', seq: String(sequence) }, cursor: encodeEventCursor({ txId: '1', seq: String(sequence) }),
      source: 'board', aggregateType: 'Message', aggregateId: appeal, type: 'AppealTransitioned', occurredAt: at(hour),
      payload: {
        channel: 'BOARD', number: 'BRD-2022-999999', title: '乱序', category: null, regionCode: '220100', action: to, from: null, to,
        assigneeId: 'cc-housing', submittedAt: at(0).toISOString(), dueAt: at(100).toISOString(), satisfaction: null, mergedIntoId: null,
        actor: 'staff', note: null, sequence, ...extra,
      },
    });
    const apply = (events: StoredEvent[]) => db().transaction((tx) => applyToLedger(tx, events));
    const read = async () => (await db().select().from(cases).where(sql`${cases.id} = ${appeal}`))[0] as CaseRow;

    expect(await apply([event(6, 'FOLLOWED_UP', 60, { satisfaction: 'SATISFIED' }), event(3, 'ASSIGNED', 5)])).toBe(1);
    expect(await read()).toMatchObject({ status: 'FOLLOWED_UP', lastSequence: 6, satisfaction: 'SATISFIED', firstAssignedAt: at(5), repliedAt: null });
    // The late REPLIED event adds its milestone but does not move the state back.
    expect(await apply([event(5, 'REPLIED', 50)])).toBe(1);
    expect(await read()).toMatchObject({ status: 'FOLLOWED_UP', lastSequence: 6, repliedAt: at(50) });
    // Applying what was already applied changes nothing at all.
    const before = await read();
    expect(await apply([event(6, 'FOLLOWED_UP', 60, { satisfaction: 'SATISFIED' }), event(5, 'REPLIED', 50), event(3, 'ASSIGNED', 5)])).toBe(0);
    expect(await read()).toEqual(before);
    expect(await apply([event(7, 'CLOSED', 70, { satisfaction: 'SATISFIED' })])).toBe(1);
    expect(await read()).toMatchObject({ status: 'CLOSED', closedAt: at(70), lastSequence: 7 });
    // The ledger keeps its state in its table only: it appends no event of its own.
    const [{ n }] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from events.event_log
      where aggregate_id = ${appeal}`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('applies a batch of 500 events with the same handful of statements as a batch of 5', async () => {
    const batch = (first: number, appeals: number, perAppeal: number): StoredEvent[] =>
      Array.from({ length: appeals * perAppeal }, (_, i) => {
        const appeal = id(first + Math.floor(i / perAppeal));
        const sequence = (i % perAppeal) + 1;
        const to = (['SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REPLY_SUBMITTED'] as const)[sequence - 1]!;
        return {
          position: { txId: '1', seq: String(i) }, cursor: '', source: 'board', aggregateType: 'Message', aggregateId: appeal,
          type: 'AppealTransitioned', occurredAt: new Date(Date.parse('2022-06-01T00:00:00Z') + i * 60_000),
          payload: {
            channel: 'BOARD', number: `BRD-2022-${appeal.slice(-6)}`, title: '批量', category: null, regionCode: '220200', action: to,
            from: null, to, assigneeId: sequence >= 3 ? 'jc-housing' : null, submittedAt: '2022-06-01T00:00:00Z', dueAt: null,
            satisfaction: null, mergedIntoId: null, actor: 'staff', note: null, sequence,
          },
        };
      });
    const cost = async (events: StoredEvent[]) => {
      const before = sg.services.database.statementCount();
      await db().transaction((tx) => applyToLedger(tx, events));
      return sg.services.database.statementCount() - before;
    };
    const small = await cost(batch(1000, 1, 5));
    const large = await cost(batch(2000, 100, 5));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
    const [{ n }] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from supervision.cases
      where title = '批量' and status = 'REPLY_SUBMITTED' and last_sequence = 5`)) as [{ n: number }];
    expect(n).toBe(101);
  });
});

describe('cross-channel queries', () => {
  it('filters by channel, status, agency subtree, region subtree, overdue and dates, and pages without gaps', async () => {
    const base = new Date('2023-05-08T09:00:00+08:00');
    const plan = [
      { assigneeId: 'cc-chaoyang-housing', regionCode: '220104', due: 2 },
      { assigneeId: 'cc-heating-co', regionCode: '220104', due: 20 },
      { assigneeId: 'cc-housing', regionCode: '220100', due: 1 },
      { assigneeId: 'th-housing', regionCode: '220502', due: 1 },
      { assigneeId: null, regionCode: '220502', due: null },
    ];
    const ids = plan.map((_, i) => id(5000 + i));
    for (const [i, p] of plan.entries()) {
      const submittedAt = new Date(base.getTime() + i * DAY);
      const common = { title: `列表${i}`, regionCode: p.regionCode, submittedAt: submittedAt.toISOString(), assigneeId: p.assigneeId };
      await appendBoardEvent(db(), ids[i]!, submittedAt, { ...common, to: p.assigneeId ? 'ASSIGNED' : 'SUBMITTED', sequence: 1,
        dueAt: p.due === null ? null : new Date(submittedAt.getTime() + p.due * DAY).toISOString() });
    }
    await waitForLedger(sg.services.database);
    sg.services.clock.set(new Date(base.getTime() + 6 * DAY));
    const query = `query($f: CaseFilter, $first: Int, $after: String) { cases(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id overdue workingDaysOverdue } } } }`;
    const list = async (filter: Record<string, unknown>, first = 20, after?: string) => (await gql(sg, query, { f: filter, first, after })).cases;
    const ofMay = { submittedFrom: '2023-05-01T00:00:00+08:00', submittedTo: '2023-05-31T00:00:00+08:00' };
    const idsOf = async (filter: Record<string, unknown>) => (await list({ ...ofMay, ...filter })).edges.map((e: any) => e.node.id);

    expect(await idsOf({})).toEqual([...ids].reverse());
    expect(await idsOf({ agencyId: 'cc-housing' })).toEqual([ids[2], ids[1], ids[0]]);
    expect(await idsOf({ agencyId: 'cc-chaoyang-housing' })).toEqual([ids[1], ids[0]]);
    expect(await idsOf({ regionCode: '220500' })).toEqual([ids[4], ids[3]]);
    expect(await idsOf({ status: ['SUBMITTED'] })).toEqual([ids[4]]);
    expect(await idsOf({ channel: ['SUPERVISION'] })).toEqual([]);
    expect(await idsOf({ channel: ['BOARD'], overdue: true })).toEqual([ids[3], ids[2], ids[0]]);
    expect(await idsOf({ overdue: false })).toEqual([ids[4], ids[1]]);
    expect(await idsOf({ submittedFrom: '2023-05-09T00:00:00+08:00', submittedTo: '2023-05-10T23:59:00+08:00' })).toEqual([ids[2], ids[1]]);
    // Case 0 was due 2023-05-10 09:00 (Wednesday); now is 2023-05-14 09:00 (Sunday): Thursday and Friday have passed.
    expect((await list(ofMay)).edges.find((e: any) => e.node.id === ids[0]).node).toMatchObject({ overdue: true, workingDaysOverdue: 2 });

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(ofMay, 2, after);
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    expect((await gql(sg, 'query($n: String!) { caseByNumber(number: $n) { id } }', { n: `BRD-2022-${ids[3]!.slice(-6)}` })).caseByNumber).toEqual({ id: ids[3] });
    for (const [args, code] of [['after: "bm90LWEtY3Vyc29y"', 'INVALID_CURSOR'], ['first: 101', 'INVALID_INPUT'], ['filter: { regionCode: "22" }', 'INVALID_INPUT']]) {
      expect((await sg.query(`{ cases(${args}) { totalCount } }`)).errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('costs the same number of SQL statements for 10 and for 100 rows, channel records, escalations and orders included', async () => {
    await db().transaction((tx) => seedGeneratedClues(tx, { count: 500, seed: 7 }));
    await waitForLedger(sg.services.database);
    // Escalate the overdue ones, so escalations and their supervision orders are on the page too.
    const run = await runEscalation(sg.services, sg.services.clock.now());
    expect(run.orders).toBeGreaterThan(100);
    const query = `query($first: Int) { cases(first: $first, filter: { channel: [SUPERVISION], overdue: true }) { totalCount edges { node {
      number status overdue workingDaysOverdue escalationLevel assignee { id } region { code } message { id } ticket { id }
      escalations { level supervisionOrder { number } } supervisionOrders { number } mergedInto { number }
      clue { number sensitivity timeline { action agency { id } } interventions { kind } supervisionOrders { number } case { id } } } } } }`;
    const cost = async (first: number) => {
      const before = sg.services.database.statementCount();
      const data = await gql(sg, query, { first });
      expect(data.cases.edges).toHaveLength(first);
      expect(data.cases.edges.every((e: any) => e.node.clue.timeline.length >= 1)).toBe(true);
      for (const { node } of data.cases.edges) {
        expect(node.escalations.map((e: any) => e.level)).toEqual([1, 2, 3]);
        expect(node.escalations[1].supervisionOrder.number).toBe(node.supervisionOrders[0].number);
      }
      return sg.services.database.statementCount() - before;
    };
    const ten = await cost(10);
    expect(await cost(100)).toBe(ten);
    // One more since references to regions and agencies are checked against the directory (one read per request).
    expect(ten).toBeLessThanOrEqual(10);

    // Agency staff: the reach is read once per request, and row checks add no statement per row.
    const [busiest] = rowsOf<{ assignee_id: string; n: number }>(await db().execute(sql`select assignee_id, count(*)::int as n from supervision.cases
      where channel = 'SUPERVISION' and assignee_id is not null group by assignee_id order by n desc, assignee_id limit 1`));
    expect(busiest!.n).toBeGreaterThanOrEqual(20);
    const handler = testIdentity('handler', { agency: busiest!.assignee_id });
    const staffCost = async (first: number) => {
      const before = sg.services.database.statementCount();
      const data = await gql(sg, query.replace('overdue: true', `agencyId: "${busiest!.assignee_id}"`), { first }, handler);
      expect(data.cases.edges).toHaveLength(first);
      expect(data.cases.edges.every((e: any) => e.node.clue !== null && e.node.assignee.id === busiest!.assignee_id)).toBe(true);
      return sg.services.database.statementCount() - before;
    };
    expect(await staffCost(20)).toBe(await staffCost(5));
  });
});
