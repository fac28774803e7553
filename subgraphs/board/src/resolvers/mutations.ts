import { ACTION_ROLES, REVEAL_ROLES, Role, Scope, type AppealAction, type Satisfaction } from '@civicgraph/platform';
import { actorOf, type BoardContext } from '../context.ts';
import * as domain from '../domain/messages.ts';
import { revealPoster } from '../domain/reveal.ts';
import type { MessageRow } from '../db/tables.ts';

type Id = { id: string };
type WithNote = Id & { note?: string | null };
type WithReason = Id & { reason: string };

/** Who may post: citizens, and admins entering messages on someone's behalf. */
const POST_ROLES = [Role.CITIZEN, Role.ADMIN];

/**
 * Access reads the caller's agency subtree once per request, on its own connection. Reading it
 * before the writing transaction opens keeps the check inside the transaction from waiting on a
 * second connection (PGlite has only one, so it would wait forever).
 */
const loadReach = (ctx: BoardContext) => ctx.access.readableAgencies();

/**
 * A lifecycle mutation. The role is checked before anything is read (anonymous callers and wrong
 * roles learn nothing, not even whether the id exists); the reach over the message is checked by
 * the kit's executor on the row locked inside the writing transaction.
 */
const lifecycle =
  <A>(action: AppealAction, run: (who: domain.Actor, args: A) => Promise<MessageRow>) =>
  async (_: unknown, args: A, ctx: BoardContext) => {
    ctx.access.require(ACTION_ROLES[action], `${action} a message`);
    await loadReach(ctx);
    return run(actorOf(ctx), args);
  };

export const mutations = {
  postMessage: (_: unknown, { input }: { input: domain.PostMessageInput }, ctx: BoardContext) => {
    ctx.access.require(POST_ROLES, 'post a message');
    // Citizens follow their own messages before they are public; what staff enter has no author.
    const authorSubject = ctx.access.is(Role.CITIZEN) ? ctx.identity.subject : null;
    return domain.postMessage(actorOf(ctx), input, { authorSubject });
  },
  acceptMessage: lifecycle('accept', (who, a: WithNote) => domain.acceptMessage(who, a.id, a.note)),
  rejectMessage: lifecycle('reject', (who, a: WithReason) => domain.rejectMessage(who, a.id, a.reason)),
  forwardMessage: lifecycle('assign', (who, a: WithNote & { agencyId: string; dueAt?: Date | null }) =>
    domain.forwardMessage(who, a.id, a.agencyId, a.dueAt, a.note),
  ),
  acknowledgeMessage: lifecycle('acknowledge', (who, a: WithNote) => domain.acknowledgeMessage(who, a.id, a.note)),
  returnMessage: lifecycle('return', (who, a: WithReason) => domain.returnMessage(who, a.id, a.reason)),
  reassignMessage: lifecycle('reassign', (who, a: WithNote) => domain.reassignMessage(who, a.id, a.note)),
  submitReply: lifecycle('submitReply', (who, a: Id & { content: string }) => domain.submitReply(who, a.id, a.content)),
  approveReply: lifecycle('approveReply', (who, a: WithNote) => domain.approveReply(who, a.id, a.note)),
  sendBackReply: lifecycle('sendBackReply', (who, a: WithReason) => domain.sendBackReply(who, a.id, a.reason)),
  recordReturnVisit: lifecycle('followUp', (who, a: Id & { satisfaction: Satisfaction; comment?: string | null }) =>
    domain.recordReturnVisit(who, a.id, a.satisfaction, a.comment),
  ),
  closeMessage: lifecycle('close', (who, a: WithNote) => domain.closeMessage(who, a.id, a.note)),
  reopenMessage: lifecycle('reopen', (who, a: WithReason) => domain.reopenMessage(who, a.id, a.reason)),
  mergeMessage: lifecycle('merge', (who, a: WithNote & { intoId: string }) => domain.mergeMessage(who, a.id, a.intoId, a.note)),
  revealMessagePoster: async (_: unknown, a: WithReason, ctx: BoardContext) => {
    const what = 'reveal the poster of a message';
    ctx.access.require(REVEAL_ROLES, what);
    ctx.access.requireScope(Scope.PERSONAL_DATA_REVEAL, what);
    await loadReach(ctx);
    return revealPoster(ctx.database.db, ctx, a.id, a.reason);
  },
};
