import { inArray, type SQL } from 'drizzle-orm';
import { BOARD_PUBLIC_STATUSES, Scope, type AppealStatus, type Access, type AppealAccessFacts } from '@civicgraph/platform';
import { messages, type MessageRow } from './db/tables.ts';

/*
 * Who reads which messages. A message becomes public when review publishes its reply: the board
 * then shows it, with the reply, to everyone. Before that only the caller's row scope opens it
 * (staff: their agency subtree and unassigned messages from their region; citizens: their own;
 * admin, supervisor, dashboard, integrator: all), and only with appeals:read.
 */

/** Platform's list, so other subgraphs' references to messages follow the same rule. */
export const PUBLIC_STATUSES: readonly AppealStatus[] = BOARD_PUBLIC_STATUSES;

export const isPublicStatus = (status: string) => (PUBLIC_STATUSES as readonly string[]).includes(status);

const publicCondition = inArray(messages.status, [...PUBLIC_STATUSES]);

export const factsOf = (row: MessageRow): AppealAccessFacts => ({
  assigneeId: row.assigneeId,
  regionCode: row.regionCode,
  authorSubject: row.authorSubject,
  isPublic: isPublicStatus(row.status),
});

const readsAppeals = (access: Access) => access.identity.scopes.includes(Scope.APPEALS_READ);

/** The where-condition for message lists; undefined means every message. */
export function visibleMessages(access: Access): Promise<SQL | undefined> {
  if (!readsAppeals(access)) return Promise.resolve(publicCondition);
  return access.appealFilter({
    assignee: messages.assigneeId,
    region: messages.regionCode,
    author: messages.authorSubject,
    isPublic: publicCondition,
  });
}

/** The same rule for one message (or the facts an event carries). */
export async function canSeeMessage(access: Access, facts: AppealAccessFacts): Promise<boolean> {
  if (facts.isPublic) return true;
  return readsAppeals(access) && access.canSee(facts);
}

/** The row when the caller may see it, otherwise null: the graph then behaves as if it did not exist. */
export async function visible(access: Access, row: MessageRow | null | undefined): Promise<MessageRow | null> {
  return row && (await canSeeMessage(access, factsOf(row))) ? row : null;
}

/**
 * Whether the caller sees the message through their row scope, not merely because it is public:
 * only they get its (masked) personal data.
 */
export function seesThroughScope(access: Access, row: MessageRow): Promise<boolean> {
  if (!readsAppeals(access)) return Promise.resolve(false);
  return access.canSee({ ...factsOf(row), isPublic: false });
}
