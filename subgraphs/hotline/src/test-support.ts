import { sql } from 'drizzle-orm';
import { rowsOf } from '@civicgraph/platform';
import { postGraphQL, type TestSubgraph } from '@civicgraph/platform/testing';

/*
 * Helpers the hotline's test files share: opening tickets through recordCall, running one lifecycle
 * mutation, and counting what the subgraph has written.
 */

export const TICKET_FIELDS = `id number status firstContactResolution reopenCount assignee { id } dueAt deadlineClass urgency
  reply { content approvedAt agency { id } } returnVisit { sequence satisfaction comment } returnVisits { sequence satisfaction }
  mergedInto { number } endedAt timeline { sequence action from to actor agency { id } note at }`;

/** Variable types for the short names the tests use. */
const TYPES: Record<string, string> = { id: 'ID!', into: 'ID!', a: 'String', d: 'DateTime', s: 'Satisfaction!', agency: 'ID' };
export const operation = (field: string, variables: Record<string, unknown>, selection: string) =>
  `mutation(${Object.keys(variables).map((k) => `$${k}: ${TYPES[k]}`).join(', ')}) { r: ${field} { ${selection} } }`;

export const DEFAULT_PHONE = '13812345678';

export function callInput(overrides: Record<string, unknown> = {}, ticket: Record<string, unknown> | null = {}) {
  return {
    hotlineId: 'jl-governor-hotline',
    seatId: 'jl-governor-hotline-01',
    agentHandle: 'agent:test',
    durationSeconds: 300,
    callerPhone: DEFAULT_PHONE,
    outcome: 'TICKET_OPENED',
    ...(ticket
      ? { ticket: { title: '小区停水一天多', content: '南关区幸福家园小区停水一天多，没有接到通知', categoryId: 'water.outage', regionCode: '220102', ...ticket } }
      : {}),
    ...overrides,
  };
}

export function hotlineClient(sg: () => TestSubgraph) {
  /** Runs a mutation as `actor` and returns its result, failing loudly on errors. */
  const act = async (field: string, variables: Record<string, unknown>, actor = 'staff:test') => {
    const response = await postGraphQL(sg().url, operation(field, variables, TICKET_FIELDS), variables, { 'x-civicgraph-actor': actor });
    if (response.errors) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
    return response.data!.r;
  };
  const attempt = (field: string, variables: Record<string, unknown>) => postGraphQL(sg().url, operation(field, variables, 'id status'), variables);
  const recordCall = (input: Record<string, unknown>, selection = `id callerPhone outcome ticket { ${TICKET_FIELDS} }`) =>
    postGraphQL(sg().url, `mutation($input: RecordCallInput!) { recordCall(input: $input) { ${selection} } }`, { input }, { 'x-civicgraph-actor': 'agent:test' });
  /** Opens a ticket from a call and returns it. */
  const open = async (overrides: Record<string, unknown> = {}, ticket: Record<string, unknown> = {}) => {
    const response = await recordCall(callInput(overrides, ticket));
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.recordCall.ticket;
  };
  return { act, attempt, recordCall, open };
}

/** How many rows the hotline's writes have left: anything a refused request wrote would show here. */
export async function writtenRows(sg: TestSubgraph) {
  const [row] = rowsOf<Record<'calls' | 'tickets' | 'transitions' | 'visits' | 'shifts' | 'rules' | 'deadline_amounts' | 'events', number>>(
    await sg.services.database.db.execute(sql`select
      (select count(*)::int from hotline.calls) as calls,
      (select count(*)::int from hotline.tickets) as tickets,
      (select count(*)::int from hotline.ticket_transitions) as transitions,
      (select count(*)::int from hotline.return_visits) as visits,
      (select count(*)::int from hotline.shifts) as shifts,
      (select count(*)::int from hotline.routing_rules) as rules,
      (select coalesce(sum(amount), 0)::int from hotline.deadline_rules) as deadline_amounts,
      (select count(*)::int from events.event_log) as events`),
  );
  return row!;
}

export const DAY = 86_400_000;
