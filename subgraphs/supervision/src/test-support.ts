import { sql } from 'drizzle-orm';
import { subgraph as agencies } from '@civicgraph/agencies';
import {
  APPEAL_TRANSITIONED,
  appendAppealEvent,
  eventLog,
  personalDataReveals,
  START_POSITION,
  type AppealEventPayload,
  type Executor,
  type Identity,
  type StoredEvent,
} from '@civicgraph/platform';
import { startTestSubgraph, tally, TEST_ADMIN, type TestSubgraph } from '@civicgraph/platform/testing';
import { clueInterventions, clues, clueTransitions, escalationPolicy, inspectionCampaigns, inspectionFindings, supervisionOrders } from './db/tables.ts';
import { CASE_ESCALATED } from './ledger/escalation.ts';
import { LEDGER_CONSUMER } from './ledger/worker.ts';
import { createSupervisionSubgraph } from './server.ts';

/** The supervision subgraph on a fresh database, ledger running, escalation left to the test. */
export function startSupervision(now = new Date('2022-11-30T09:00:00+08:00')): Promise<TestSubgraph> {
  return startTestSubgraph(createSupervisionSubgraph({ escalationIntervalMs: null, ledgerPollIntervalMs: 50 }), { prepare: [agencies], now });
}

export const DAY = 86_400_000;

/**
 * Who a test acts as: an Identity, or a subject name for an administrator of that name (the tests
 * written before roles existed only name the actor recorded in timelines).
 */
export type As = Identity | string;
export const identityOf = (as: As): Identity => (typeof as === 'string' ? { ...TEST_ADMIN, subject: as } : as);

/** Runs a GraphQL operation as `as`, failing loudly on errors. */
export async function gql(sg: TestSubgraph, query: string, variables: Record<string, unknown> = {}, as: As = 'staff:test') {
  const response = await sg.query(query, variables, identityOf(as));
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

/**
 * How many rows this subgraph's writes have left, and digests of what updates change in place (a
 * clue's state, an order's, the policy), which counts miss: anything a refused request wrote shows.
 */
export const writtenRows = (db: Executor) =>
  tally(db, {
    clues, transitions: clueTransitions, interventions: clueInterventions, orders: supervisionOrders, campaigns: inspectionCampaigns,
    findings: inspectionFindings, policies: escalationPolicy, reveals: personalDataReveals,
    // The ledger logs case changes of its own in the background: only the channels' transitions count.
    events: sql<number>`select count(*)::int from ${eventLog} where ${eventLog.type} = 'AppealTransitioned'`,
    clueState: sql<string>`select md5(coalesce(string_agg(concat_ws('|', id, status, sensitivity, version, assignee_id), ',' order by id), '')) from ${clues}`,
    orderState: sql<string>`select md5(coalesce(string_agg(concat_ws('|', id, status, answered_by, closed_by), ',' order by id), '')) from ${supervisionOrders}`,
    policyState: sql<string>`select md5(coalesce(string_agg(concat_ws('|', order_after_working_days, notice_after_working_days, updated_by), ','), '')) from ${escalationPolicy}`,
  });

/**
 * Appends an AppealTransitioned event shaped like the board's, for ledger tests that need another
 * channel without running the board subgraph.
 */
export async function appendBoardEvent(
  db: Executor,
  id: string,
  at: Date,
  fields: Partial<AppealEventPayload> & Pick<AppealEventPayload, 'to' | 'sequence'>,
): Promise<void> {
  const payload: AppealEventPayload = {
    channel: 'BOARD', number: `BRD-2022-${id.slice(-6)}`, title: '留言', category: null, regionCode: '220500', action: 'POST',
    from: null, assigneeId: null, submittedAt: '2022-11-01T09:00:00.000Z', dueAt: null, satisfaction: null, mergedIntoId: null,
    actor: 'citizen', note: null, extra: { boardId: 'th-mayor' }, ...fields,
  };
  await db.transaction((tx) => appendAppealEvent(tx, { aggregateId: id, occurredAt: at, payload }));
}

/**
 * The first `count` events the caseEvents feed's tail replays from the start of the log (appeal
 * events the ledger has applied, escalation steps), waiting at most `timeoutMs` for them.
 */
export async function caseFeedEvents(sg: TestSubgraph, count: number, timeoutMs = 5_000): Promise<StoredEvent[]> {
  const tail = await sg.services.events.applied(LEDGER_CONSUMER);
  const stream = tail.stream({ after: START_POSITION, match: (e) => e.type === APPEAL_TRANSITIONED || e.type === CASE_ESCALATED });
  const taken: StoredEvent[] = [];
  const timer = setTimeout(() => void stream.return?.(), timeoutMs);
  try {
    for await (const event of stream) if (taken.push(event) >= count) break;
  } finally {
    clearTimeout(timer);
    await stream.return?.();
  }
  return taken;
}
