import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraph as agencies } from '@civicgraph/agencies';
import { rowsOf, START_POSITION, type EventTail, type StoredEvent } from '@civicgraph/platform';
import { startTestSubgraph, type TestSubgraph } from '@civicgraph/platform/testing';
import { createSupervisionSubgraph } from './server.ts';
import { LEDGER_CONSUMER, startLedger, waitForLedger } from './ledger/worker.ts';
import { appendBoardEvent, gql } from './test-support.ts';

// The ledger's consumer is not started with the server here: the tests start and stop it themselves.
let sg: TestSubgraph;
// What the caseEvents feed's tail delivers: appeal events, each once the ledger has applied it.
let applied: EventTail;
const delivered: StoredEvent[] = [];
beforeAll(async () => {
  sg = await startTestSubgraph(createSupervisionSubgraph({ ledger: false, escalationIntervalMs: null }), {
    prepare: [agencies], now: new Date('2022-11-30T09:00:00+08:00'),
  });
  applied = await sg.services.events.applied(LEDGER_CONSUMER);
  void (async () => {
    for await (const event of applied.stream({ after: START_POSITION, match: (e) => e.type === 'AppealTransitioned' })) delivered.push(event);
  })();
});
afterAll(() => sg?.stop());

/** Waits (bounded) until the applied tail has handed over `count` events, then reads once more. */
async function deliveredAfterDrain(count: number) {
  for (let i = 0; i < 100 && delivered.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await applied.drain();
  return { delivered: delivered.length, distinct_delivered: new Set(delivered.map((e) => `${e.aggregateId}/${String(e.payload.sequence)}`)).size };
}

const db = () => sg.services.database.db;
const STATUSES = ['SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REPLY_SUBMITTED', 'REPLIED', 'FOLLOWED_UP', 'CLOSED'] as const;
const appealId = (writer: number, n: number) => `00000000-0000-4000-${String(8000 + writer)}-${String(n).padStart(12, '0')}`;

/** Moves appeal `n` of `writer` from its current sequence up to `upTo`, one transaction per event, like a channel does. */
async function advance(writer: number, n: number, from: number, upTo: number) {
  for (let sequence = from; sequence <= upTo; sequence++) {
    const to = STATUSES[sequence - 1]!;
    await appendBoardEvent(db(), appealId(writer, n), new Date(Date.parse('2022-11-01T00:00:00Z') + sequence * 3_600_000), {
      to, sequence, action: to, assigneeId: sequence >= 3 ? 'cc-housing' : null, number: `BRD-2022-${writer}${String(n).padStart(5, '0')}`,
    });
  }
}

/** The ledger's books: every appeal event applied once, nothing missed, nothing twice. */
async function books() {
  const [row] = rowsOf<Record<string, number>>(await db().execute(sql`select
    (select count(*)::int from events.event_log where type = 'AppealTransitioned') as appeal_events,
    (select count(distinct aggregate_id)::int from events.event_log where type = 'AppealTransitioned') as appeals,
    (select count(*)::int from supervision.cases) as cases,
    (select coalesce(sum(last_sequence), 0)::int from supervision.cases) as sequences,
    (select count(*)::int from events.event_log where source = 'supervision' and aggregate_type = 'Case') as ledger_events`));
  return row!;
}

describe('the ledger’s durable consumer', () => {
  it('catches up after it was stopped and restarted: nothing missed, nothing twice', async () => {
    const first = await startLedger(sg.services.database, { pollIntervalMs: 50 });
    for (let n = 0; n < 10; n++) await advance(1, n, 1, 3);
    const { submitClue } = await gql(sg, 'mutation { submitClue(input: { title: "供热", content: "不热", regionCode: "220104" }) { id } }');
    await waitForLedger(sg.services.database);
    // The ledger writes no event of its own; the feed delivers each applied appeal event once.
    expect(await books()).toMatchObject({ appeal_events: 31, appeals: 11, cases: 11, sequences: 31, ledger_events: 0 });
    expect(await deliveredAfterDrain(31)).toEqual({ delivered: 31, distinct_delivered: 31 });
    await first.stop();

    // While the ledger is down, appeals keep moving and new ones arrive.
    for (let n = 0; n < 10; n++) await advance(1, n, 4, 8);
    for (let n = 10; n < 30; n++) await advance(1, n, 1, 5);
    await gql(sg, 'mutation($id: ID!) { acceptClue(id: $id) { id } }', { id: submitClue.id });
    expect(await books()).toMatchObject({ appeal_events: 182, cases: 11 });
    // Nothing the ledger has not applied reaches the feed, however often its tail reads.
    expect(await deliveredAfterDrain(31)).toEqual({ delivered: 31, distinct_delivered: 31 });

    const second = await startLedger(sg.services.database, { pollIntervalMs: 50 });
    try {
      await waitForLedger(sg.services.database);
    } finally {
      await second.stop();
    }
    expect(await books()).toEqual({ appeal_events: 182, appeals: 31, cases: 31, sequences: 182, ledger_events: 0 });
    expect(await deliveredAfterDrain(182)).toEqual({ delivered: 182, distinct_delivered: 182 });
    const closed = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from supervision.cases
      where status = 'CLOSED' and closed_at is not null and replied_at is not null and first_assigned_at is not null`));
    expect(closed[0]!.n).toBe(10);
  });

  it('applies every event exactly once with two replicas consuming while three writers write', async () => {
    const replicas = [await startLedger(sg.services.database, { pollIntervalMs: 30 }), await startLedger(sg.services.database, { pollIntervalMs: 30 })];
    try {
      await Promise.all([2, 3, 4].map(async (writer) => {
        for (let n = 0; n < 10; n++) await advance(writer, n, 1, 8);
      }));
      await waitForLedger(sg.services.database);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
    expect(await books()).toEqual({ appeal_events: 422, appeals: 61, cases: 61, sequences: 422, ledger_events: 0 });
    expect(await deliveredAfterDrain(422)).toEqual({ delivered: 422, distinct_delivered: 422 });
  });
});
