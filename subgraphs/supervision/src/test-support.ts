import { sql } from 'drizzle-orm';
import { subgraph as agencies } from '@civicgraph/agencies';
import { appendAppealEvent, rowsOf, type AppealEventPayload, type Executor, type Identity } from '@civicgraph/platform';
import { startTestSubgraph, TEST_ADMIN, type TestSubgraph } from '@civicgraph/platform/testing';
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

/** How many rows this subgraph's writes have left: anything a refused request wrote would show here. */
type Written = Record<'clues' | 'transitions' | 'interventions' | 'orders' | 'campaigns' | 'findings' | 'policies' | 'events' | 'reveals', number>
  // Digests of what updates change in place (a clue's state, an order's, the policy), which counts miss.
  & Record<'clueState' | 'orderState' | 'policyState', string>;

export async function writtenRows(db: Executor): Promise<Written> {
  const [row] = rowsOf<Written>(
    await db.execute(sql`select
      (select count(*)::int from supervision.clues) as clues,
      (select count(*)::int from supervision.clue_transitions) as transitions,
      (select count(*)::int from supervision.clue_interventions) as interventions,
      (select count(*)::int from supervision.supervision_orders) as orders,
      (select count(*)::int from supervision.inspection_campaigns) as campaigns,
      (select count(*)::int from supervision.inspection_findings) as findings,
      (select count(*)::int from supervision.escalation_policy) as policies,
      (select count(*)::int from events.event_log where type = 'AppealTransitioned') as events,
      (select count(*)::int from access.personal_data_reveals) as reveals,
      (select md5(coalesce(string_agg(concat_ws('|', id, status, sensitivity, version, assignee_id), ',' order by id), ''))
        from supervision.clues) as "clueState",
      (select md5(coalesce(string_agg(concat_ws('|', id, status, answered_by, closed_by), ',' order by id), ''))
        from supervision.supervision_orders) as "orderState",
      (select md5(coalesce(string_agg(concat_ws('|', order_after_working_days, notice_after_working_days, updated_by), ','), ''))
        from supervision.escalation_policy) as "policyState"`),
  );
  return row!;
}

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
