import type { Satisfaction } from '@civicgraph/platform';
import { actorOf, type BoardContext } from '../context.ts';
import * as domain from '../domain/messages.ts';

type Id = { id: string };
type WithNote = Id & { note?: string | null };
type WithReason = Id & { reason: string };

export const mutations = {
  postMessage: (_: unknown, { input }: { input: domain.PostMessageInput }, ctx: BoardContext) =>
    domain.postMessage(actorOf(ctx), input),
  acceptMessage: (_: unknown, a: WithNote, ctx: BoardContext) => domain.acceptMessage(actorOf(ctx), a.id, a.note),
  rejectMessage: (_: unknown, a: WithReason, ctx: BoardContext) => domain.rejectMessage(actorOf(ctx), a.id, a.reason),
  forwardMessage: (_: unknown, a: WithNote & { agencyId: string; dueAt: Date }, ctx: BoardContext) =>
    domain.forwardMessage(actorOf(ctx), a.id, a.agencyId, a.dueAt, a.note),
  acknowledgeMessage: (_: unknown, a: WithNote, ctx: BoardContext) =>
    domain.acknowledgeMessage(actorOf(ctx), a.id, a.note),
  returnMessage: (_: unknown, a: WithReason, ctx: BoardContext) => domain.returnMessage(actorOf(ctx), a.id, a.reason),
  reassignMessage: (_: unknown, a: WithNote, ctx: BoardContext) => domain.reassignMessage(actorOf(ctx), a.id, a.note),
  submitReply: (_: unknown, a: Id & { content: string }, ctx: BoardContext) =>
    domain.submitReply(actorOf(ctx), a.id, a.content),
  approveReply: (_: unknown, a: WithNote, ctx: BoardContext) => domain.approveReply(actorOf(ctx), a.id, a.note),
  sendBackReply: (_: unknown, a: WithReason, ctx: BoardContext) => domain.sendBackReply(actorOf(ctx), a.id, a.reason),
  recordReturnVisit: (_: unknown, a: Id & { satisfaction: Satisfaction; comment?: string | null }, ctx: BoardContext) =>
    domain.recordReturnVisit(actorOf(ctx), a.id, a.satisfaction, a.comment),
  closeMessage: (_: unknown, a: WithNote, ctx: BoardContext) => domain.closeMessage(actorOf(ctx), a.id, a.note),
  reopenMessage: (_: unknown, a: WithReason, ctx: BoardContext) => domain.reopenMessage(actorOf(ctx), a.id, a.reason),
  mergeMessage: (_: unknown, a: WithNote & { intoId: string }, ctx: BoardContext) =>
    domain.mergeMessage(actorOf(ctx), a.id, a.intoId, a.note),
};
