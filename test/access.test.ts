import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { fixedClock } from '@civicgraph/platform';
import { startTestHub, type TestHub } from './support/hub.ts';

// Roles × operations through the gateway: for each operation, exactly the roles that may do it
// succeed, and every other role is refused (or, for reads, sees nothing).
const clock = fixedClock(new Date('2022-09-05T09:00:00+08:00'));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ clock });
});
afterAll(() => hub?.stop());

/** The callers of the matrix: Tonghua staff, a Changchun handler (another agency), and the province. */
const CALLERS: Record<string, DevTokenClaims | null> = {
  anonymous: null,
  citizen: { role: 'citizen', subject: 'citizen:alice' },
  hotline_agent: { role: 'hotline_agent', agency: 'th-mayor-hotline', subject: 'agent:th-01' },
  handler: { role: 'handler', agency: 'th-housing', subject: 'handler:th' },
  other_agency_handler: { role: 'handler', agency: 'cc-housing', subject: 'handler:cc' },
  reviewer: { role: 'reviewer', agency: 'th-housing', subject: 'reviewer:th' },
  supervisor: { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' },
  admin: { role: 'admin', subject: 'admin:jl' },
  integrator: { role: 'integrator', subject: 'integrator:acme' },
  dashboard: { role: 'dashboard', subject: 'dashboard:jl' },
};

const headersOf = (caller: string) => (CALLERS[caller] ? hub.as(CALLERS[caller]!) : Promise.resolve({}));
const inDays = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();

interface Operation {
  name: string;
  /** Who may do it; everyone else must be refused. */
  allowed: string[];
  /** Makes a fresh record to act on; called again after each successful (consuming) run. */
  prepare(): Promise<Record<string, unknown>>;
  query: string;
  /** Whether a success uses the record up (a transition), so the next caller needs a new one. */
  consumes?: boolean;
}

/** Posts a Tonghua message as Alice and moves it (as admin) through `steps`. */
async function message(steps: ('accept' | 'forward' | 'acknowledge' | 'reply')[] = []): Promise<{ id: string }> {
  const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { boardId: 'th-secretary', title: '东昌区人行道破损', content: '人行道砖块松动，老人容易摔倒。', regionCode: '220502', contact: { name: '王小明', phone: '13804351234' } },
  }, headersOf('citizen'));
  const id = postMessage.id as string;
  const mutations = {
    accept: `acceptMessage(id: $id)`,
    forward: `forwardMessage(id: $id, agencyId: "th-housing", dueAt: "${inDays(20)}")`,
    acknowledge: `acknowledgeMessage(id: $id)`,
    reply: `submitReply(id: $id, content: "已安排维修")`,
  };
  for (const step of steps) await hub.ok(`mutation($id: ID!) { r: ${mutations[step]} { id } }`, { id });
  return { id };
}

/** A clue about Dongchang district, moved (as admin) through `steps`: transferred to the Tonghua housing bureau. */
async function clue(steps: ('accept' | 'transfer' | 'acknowledge')[] = [], sensitivity = 'GENERAL'): Promise<{ id: string }> {
  const { submitClue } = await hub.ok(`mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }`, {
    input: { title: '东昌区供暖不热', content: '室温只有十五度。', regionCode: '220502', reporterName: '李华', reporterPhone: '13604351234', sensitivity },
  });
  const id = submitClue.id as string;
  const mutations = {
    accept: `acceptClue(id: $id)`,
    transfer: `transferClue(id: $id, agencyId: "th-housing", dueAt: "${inDays(20)}")`,
    acknowledge: `acknowledgeClue(id: $id)`,
  };
  for (const step of steps) await hub.ok(`mutation($id: ID!) { r: ${mutations[step]} { id } }`, { id });
  return { id };
}

/** A work order of the Tonghua housing bureau answering a message assigned to it, moved (as admin) through `steps`. */
async function workOrder(steps: ('start' | 'complete')[] = []): Promise<{ id: string }> {
  const { id: appealId } = await message(['accept', 'forward']);
  const { createWorkOrder } = await hub.ok(`mutation($appealId: ID!) { createWorkOrder(input: { appealChannel: BOARD, appealId: $appealId,
    responsibleAgencyId: "th-housing", title: "人行道维修", regionCode: "220502", location: "新华大街",
    plannedStart: "2022-08-20", plannedEnd: "2022-09-30" }) { id } }`, { appealId });
  const id = createWorkOrder.id as string;
  const mutations = { start: 'startWorkOrder(id: $id, actualStart: "2022-08-25")', complete: 'completeWorkOrder(id: $id, actualEnd: "2022-09-04")' };
  for (const step of steps) await hub.ok(`mutation($id: ID!) { r: ${mutations[step]} { id } }`, { id });
  return { id };
}

const OPERATIONS: Operation[] = [
  {
    name: 'read an unpublished Tonghua message',
    allowed: ['citizen', 'hotline_agent', 'handler', 'reviewer', 'supervisor', 'admin', 'dashboard'],
    prepare: () => message(),
    query: `query($id: ID!) { r: message(id: $id) { id } }`,
  },
  {
    name: 'post a message',
    allowed: ['citizen', 'admin'],
    prepare: async () => ({}),
    query: `mutation { r: postMessage(input: { boardId: "th-secretary", title: "路灯不亮", content: "小区路灯坏了", regionCode: "220502" }) { id } }`,
  },
  {
    name: 'accept a submitted message (intake)',
    allowed: ['hotline_agent', 'handler', 'supervisor', 'admin'],
    prepare: () => message(),
    query: `mutation($id: ID!) { r: acceptMessage(id: $id) { id } }`,
    consumes: true,
  },
  {
    name: 'forward an accepted message to the housing bureau',
    // Not the bureau's own handler: a forward to one's own agency is SELF_DISPATCH.
    allowed: ['hotline_agent', 'supervisor', 'admin'],
    prepare: () => message(['accept']),
    query: `mutation($id: ID!) { r: forwardMessage(id: $id, agencyId: "th-housing", dueAt: "2022-10-01T17:00:00+08:00") { id } }`,
    consumes: true,
  },
  {
    name: 'acknowledge a message assigned to the Tonghua housing bureau',
    allowed: ['handler', 'admin'],
    prepare: () => message(['accept', 'forward']),
    query: `mutation($id: ID!) { r: acknowledgeMessage(id: $id) { id } }`,
    consumes: true,
  },
  {
    name: 'submit the reply',
    allowed: ['handler', 'admin'],
    prepare: () => message(['accept', 'forward', 'acknowledge']),
    query: `mutation($id: ID!) { r: submitReply(id: $id, content: "已维修完毕") { id } }`,
    consumes: true,
  },
  {
    name: 'approve the reply',
    // The matrix's reviewer works at the handling bureau, which never reviews its own reply; the
    // board's office (the Tonghua city committee) keeps the message the admin forwarded.
    allowed: ['supervisor', 'admin'],
    prepare: () => message(['accept', 'forward', 'acknowledge', 'reply']),
    query: `mutation($id: ID!) { r: approveReply(id: $id) { id } }`,
    consumes: true,
  },
  {
    name: "reveal the poster's phone",
    allowed: ['handler', 'supervisor', 'admin'],
    prepare: () => message(['accept', 'forward']),
    query: `mutation($id: ID!) { r: revealMessagePoster(id: $id, reason: "回访需要联系留言人") { phone } }`,
  },
  {
    name: 'take a call on the Tonghua 12345 line and open a ticket',
    allowed: ['hotline_agent', 'admin'],
    prepare: async () => ({}),
    query: `mutation { r: recordCall(input: { hotlineId: "th-mayor-hotline", seatId: "th-mayor-hotline-01", agentHandle: "agent:th-01", durationSeconds: 120,
      callerPhone: "13904351234", outcome: TICKET_OPENED,
      ticket: { title: "东昌区停水", content: "小区停水一天", categoryId: "water.outage", regionCode: "220502" } }) { id } }`,
  },
  {
    name: 'submit a clue to Internet + Supervision',
    // Integrators too, but only through the trusted operation Open311 uses (test/open311.test.ts).
    allowed: ['citizen', 'supervisor', 'admin'],
    prepare: async () => ({}),
    query: `mutation { r: submitClue(input: { title: "小区供暖不热", content: "室温不达标", regionCode: "220502" }) { id } }`,
  },
  {
    name: 'transfer an accepted clue to a locality',
    // The hotline office taking clues in for its city (Tonghua's, here), and supervisors.
    allowed: ['hotline_agent', 'supervisor', 'admin'],
    prepare: () => clue(['accept']),
    query: `mutation($id: ID!) { r: transferClue(id: $id, agencyId: "th-housing", dueAt: "2022-10-01T17:00:00+08:00") { id } }`,
    consumes: true,
  },
  {
    name: 'read a clue transferred to the Tonghua housing bureau',
    allowed: ['handler', 'reviewer', 'supervisor', 'admin', 'dashboard'],
    prepare: () => clue(['accept', 'transfer']),
    query: `query($id: ID!) { r: clue(id: $id) { id reporterPhone } }`,
  },
  {
    name: 'submit the results report on a clue',
    allowed: ['handler', 'admin'],
    prepare: () => clue(['accept', 'transfer', 'acknowledge']),
    query: `mutation($id: ID!) { r: submitResultsReport(id: $id, content: "已督促整改，室温达标") { id } }`,
    consumes: true,
  },
  {
    name: "reveal a clue reporter's phone",
    allowed: ['handler', 'supervisor', 'admin'],
    prepare: () => clue(['accept', 'transfer']),
    query: `mutation($id: ID!) { r: revealClueReporter(id: $id, reason: "核实线索需要联系反映人") { phone } }`,
  },
  {
    name: 'issue a supervision order',
    allowed: ['supervisor', 'admin'],
    prepare: () => clue(['accept', 'transfer'], 'IMPORTANT'),
    query: `mutation($id: ID!) { r: issueSupervisionOrder(input: { appealId: $id, issuingAgencyId: "jl-gov-supervision",
      targetAgencyId: "th-housing", requirements: "五个工作日内整改到位", dueAt: "2022-10-01T17:00:00+08:00" }) { id } }`,
  },
  {
    name: 'open a work order for a message assigned to the bureau',
    allowed: ['handler', 'admin'],
    prepare: () => message(['accept', 'forward']),
    query: `mutation($id: ID!) { r: createWorkOrder(input: { appealChannel: BOARD, appealId: $id, responsibleAgencyId: "th-housing",
      title: "人行道维修", regionCode: "220502", location: "新华大街", plannedStart: "2022-09-10", plannedEnd: "2022-09-30" }) { id } }`,
  },
  {
    name: 'accept finished works',
    allowed: ['reviewer', 'supervisor', 'admin'],
    prepare: () => workOrder(['start', 'complete']),
    query: `mutation($id: ID!) { r: acceptWorkOrder(id: $id) { id } }`,
    consumes: true,
  },
  {
    name: "set a heating company's room standard",
    allowed: ['admin'],
    prepare: async () => ({}),
    query: `mutation { r: setHeatingStandard(companyId: "cc-heating-co", roomMinC: 18) { roomMinC } }`,
  },
  {
    name: 'edit a routing rule',
    allowed: ['admin'],
    prepare: async () => ({}),
    query: `mutation { r: setRoutingRule(input: { categoryId: "water.outage", regionCode: "220502", agencyId: "th-housing" }) { id } }`,
  },
];

const REFUSAL_CODES = ['FORBIDDEN', 'SELF_DISPATCH', 'UNAUTHENTICATED', 'UNAUTHORIZED_FIELD_OR_TYPE', 'TRUSTED_OPERATIONS_ONLY', 'NOT_VISIBLE'];

describe('roles × operations through the gateway', () => {
  for (const operation of OPERATIONS) {
    it(operation.name, async () => {
      let variables = await operation.prepare();
      const succeeded: string[] = [];
      const refusals: Record<string, string> = {};
      for (const caller of Object.keys(CALLERS)) {
        const response = await hub.query(operation.query, variables, headersOf(caller));
        if (!response.errors && response.data?.r) {
          succeeded.push(caller);
          if (operation.consumes) variables = await operation.prepare();
        } else {
          refusals[caller] = response.errors?.[0]?.extensions?.code ?? 'NOT_VISIBLE';
        }
      }
      expect(succeeded).toEqual(operation.allowed);
      // A refusal is an access refusal, never a failure of another kind.
      for (const [caller, code] of Object.entries(refusals)) {
        expect(REFUSAL_CODES, `${caller}: ${code}`).toContain(code);
      }
    });
  }
});
