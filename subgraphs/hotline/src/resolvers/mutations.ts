import { Role, Scope, type Satisfaction } from '@civicgraph/platform';
import { actorOf, type HotlineContext } from '../context.ts';
import { recordCall, type RecordCallInput } from '../domain/calls.ts';
import { revealCaller } from '../domain/reveal.ts';
import { removeRoutingRule, setRoutingRule, type RoutingRuleInput } from '../domain/routing.ts';
import { setCategoryDeadlineClass, setDeadlineRule } from '../domain/rules.ts';
import { scheduleShift, type ScheduleShiftInput } from '../domain/staffing.ts';
import * as domain from '../domain/tickets.ts';

type Id = { id: string };
type WithNote = Id & { note?: string | null };
type WithReason = Id & { reason: string };

/*
 * Every mutation checks here the scope the schema declares (the gateway checks it too; this guards
 * against a schema slip), then the domain checks role and reach on the rows it locks, so a refused
 * request writes nothing. Anonymous callers get UNAUTHENTICATED before anything is read.
 */

/** The actor, once the caller's token carries `scope`. */
function as(ctx: HotlineContext, scope: Scope, what: string) {
  ctx.access.requireScope(scope, what);
  return actorOf(ctx);
}
const writer = (ctx: HotlineContext, what: string) => as(ctx, Scope.APPEALS_WRITE, what);
const reviewer = (ctx: HotlineContext, what: string) => as(ctx, Scope.APPEALS_REVIEW, what);

/** Categories, routing and deadline rules steer every ticket in the province: administrators only. */
function configurer(ctx: HotlineContext, what: string) {
  ctx.access.requireScope(Scope.CONFIG_WRITE, what);
  ctx.access.require([Role.ADMIN], what);
  return ctx.database.db;
}

export const mutations = {
  recordCall: (_: unknown, { input }: { input: RecordCallInput }, ctx: HotlineContext) =>
    recordCall(as(ctx, Scope.HOTLINE_WRITE, 'record calls'), input),
  acceptTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.acceptTicket(writer(ctx, 'accept tickets'), a.id, a.note),
  rejectTicket: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.rejectTicket(writer(ctx, 'reject tickets'), a.id, a.reason),
  assignTicket: (_: unknown, a: WithNote & { agencyId?: string | null; dueAt?: Date | null }, ctx: HotlineContext) =>
    domain.assignTicket(writer(ctx, 'assign tickets'), a.id, a),
  acknowledgeTicket: (_: unknown, a: WithNote, ctx: HotlineContext) =>
    domain.acknowledgeTicket(writer(ctx, 'acknowledge tickets'), a.id, a.note),
  returnTicket: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.returnTicket(writer(ctx, 'return tickets'), a.id, a.reason),
  reassignTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.reassignTicket(writer(ctx, 'reassign tickets'), a.id, a.note),
  submitTicketReply: (_: unknown, a: Id & { content: string }, ctx: HotlineContext) =>
    domain.submitReply(writer(ctx, 'reply to tickets'), a.id, a.content),
  approveTicketReply: (_: unknown, a: WithNote, ctx: HotlineContext) =>
    domain.approveReply(reviewer(ctx, 'approve ticket replies'), a.id, a.note),
  sendBackTicketReply: (_: unknown, a: WithReason, ctx: HotlineContext) =>
    domain.sendBackReply(reviewer(ctx, 'send back ticket replies'), a.id, a.reason),
  recordTicketReturnVisit: (_: unknown, a: Id & { satisfaction: Satisfaction; comment?: string | null }, ctx: HotlineContext) =>
    domain.recordReturnVisit(writer(ctx, 'record return visits'), a.id, a.satisfaction, a.comment),
  closeTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.closeTicket(writer(ctx, 'close tickets'), a.id, a.note),
  reopenTicket: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.reopenTicket(writer(ctx, 'reopen tickets'), a.id, a.reason),
  mergeTicket: (_: unknown, a: WithNote & { intoId: string }, ctx: HotlineContext) =>
    domain.mergeTicket(writer(ctx, 'merge tickets'), a.id, a.intoId, a.note),
  scheduleShift: (_: unknown, { input }: { input: ScheduleShiftInput }, ctx: HotlineContext) => {
    ctx.access.requireScope(Scope.HOTLINE_WRITE, 'schedule shifts');
    return scheduleShift(ctx.database.db, input, ctx.access);
  },
  revealCaller: (_: unknown, a: { callId: string; reason: string }, ctx: HotlineContext) => {
    ctx.access.requireScope(Scope.PERSONAL_DATA_REVEAL, 'reveal callers');
    return revealCaller({ ...actorOf(ctx), access: ctx.access }, a.callId, a.reason);
  },
  setRoutingRule: (_: unknown, { input }: { input: RoutingRuleInput }, ctx: HotlineContext) =>
    setRoutingRule(configurer(ctx, 'change routing rules'), input),
  removeRoutingRule: (_: unknown, { id }: Id, ctx: HotlineContext) => removeRoutingRule(configurer(ctx, 'change routing rules'), id),
  setDeadlineRule: (_: unknown, a: { deadlineClass: string; unit: string; amount: number }, ctx: HotlineContext) =>
    setDeadlineRule(configurer(ctx, 'change deadline rules'), a.deadlineClass, a.unit, a.amount),
  setCategoryDeadlineClass: (_: unknown, a: { categoryId: string; deadlineClass: string }, ctx: HotlineContext) =>
    setCategoryDeadlineClass(configurer(ctx, 'change categories'), a.categoryId, a.deadlineClass),
};
