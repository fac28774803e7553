import { sql } from 'drizzle-orm';
import { eventLog, type Identity } from '@civicgraph/platform';
import { tally, testIdentity, TEST_ADMIN, type TestSubgraph } from '@civicgraph/platform/testing';
import { calls, deadlineRules, returnVisits, routingRules, shifts, tickets, ticketTransitions } from './db/tables.ts';

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

/** A subject alone means an administrator of that name (tests about roles pass a whole Identity). */
export const identityOf = (who: string | Identity): Identity => (typeof who === 'string' ? testIdentity('admin', { subject: who }) : who);

export function hotlineClient(sg: () => TestSubgraph) {
  /** Runs a mutation as `who` and returns its result, failing loudly on errors. */
  const act = async (field: string, variables: Record<string, unknown>, who: string | Identity = 'staff:test') => {
    const response = await sg().query(operation(field, variables, TICKET_FIELDS), variables, identityOf(who));
    if (response.errors) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
    return response.data!.r;
  };
  const attempt = (field: string, variables: Record<string, unknown>, who: Identity = TEST_ADMIN) =>
    sg().query(operation(field, variables, 'id status'), variables, who);
  const recordCall = (input: Record<string, unknown>, selection = `id callerPhone outcome ticket { ${TICKET_FIELDS} }`, who: string | Identity = 'agent:test') =>
    sg().query(`mutation($input: RecordCallInput!) { recordCall(input: $input) { ${selection} } }`, { input }, identityOf(who));
  /** Opens a ticket from a call and returns it. */
  const open = async (overrides: Record<string, unknown> = {}, ticket: Record<string, unknown> = {}, who: string | Identity = 'agent:test') => {
    const response = await recordCall(callInput(overrides, ticket), undefined, who);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.recordCall.ticket;
  };
  return { act, attempt, recordCall, open };
}

/** How many rows the hotline's writes have left: anything a refused request wrote would show here. */
export const writtenRows = (sg: TestSubgraph) =>
  tally(sg.services.database.db, {
    calls, tickets, transitions: ticketTransitions, visits: returnVisits, shifts, rules: routingRules, events: eventLog,
    deadline_amounts: sql<number>`select coalesce(sum(${deadlineRules.amount}), 0)::int from ${deadlineRules}`,
  });

export const DAY = 86_400_000;
