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
    allowed: ['hotline_agent', 'handler', 'supervisor', 'admin'],
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
    allowed: ['reviewer', 'supervisor', 'admin'],
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
    name: 'edit a routing rule',
    allowed: ['admin'],
    prepare: async () => ({}),
    query: `mutation { r: setRoutingRule(input: { categoryId: "water.outage", regionCode: "220502", agencyId: "th-housing" }) { id } }`,
  },
];

const REFUSAL_CODES = ['FORBIDDEN', 'UNAUTHENTICATED', 'UNAUTHORIZED_FIELD_OR_TYPE', 'TRUSTED_OPERATIONS_ONLY', 'NOT_VISIBLE'];

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
