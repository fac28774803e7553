import type { Satisfaction } from '@civicgraph/platform';
import { actorOf, type HotlineContext } from '../context.ts';
import { recordCall, type RecordCallInput } from '../domain/calls.ts';
import { removeRoutingRule, setRoutingRule, type RoutingRuleInput } from '../domain/routing.ts';
import { setCategoryDeadlineClass, setDeadlineRule } from '../domain/rules.ts';
import { scheduleShift, type ScheduleShiftInput } from '../domain/staffing.ts';
import * as domain from '../domain/tickets.ts';

type Id = { id: string };
type WithNote = Id & { note?: string | null };
type WithReason = Id & { reason: string };

export const mutations = {
  recordCall: (_: unknown, { input }: { input: RecordCallInput }, ctx: HotlineContext) => recordCall(actorOf(ctx), input),
  acceptTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.acceptTicket(actorOf(ctx), a.id, a.note),
  rejectTicket: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.rejectTicket(actorOf(ctx), a.id, a.reason),
  assignTicket: (_: unknown, a: WithNote & { agencyId?: string | null; dueAt?: Date | null }, ctx: HotlineContext) =>
    domain.assignTicket(actorOf(ctx), a.id, a),
  acknowledgeTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.acknowledgeTicket(actorOf(ctx), a.id, a.note),
  returnTicket: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.returnTicket(actorOf(ctx), a.id, a.reason),
  reassignTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.reassignTicket(actorOf(ctx), a.id, a.note),
  submitTicketReply: (_: unknown, a: Id & { content: string }, ctx: HotlineContext) =>
    domain.submitReply(actorOf(ctx), a.id, a.content),
  approveTicketReply: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.approveReply(actorOf(ctx), a.id, a.note),
  sendBackTicketReply: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.sendBackReply(actorOf(ctx), a.id, a.reason),
  recordTicketReturnVisit: (_: unknown, a: Id & { satisfaction: Satisfaction; comment?: string | null }, ctx: HotlineContext) =>
    domain.recordReturnVisit(actorOf(ctx), a.id, a.satisfaction, a.comment),
  closeTicket: (_: unknown, a: WithNote, ctx: HotlineContext) => domain.closeTicket(actorOf(ctx), a.id, a.note),
  reopenTicket: (_: unknown, a: WithReason, ctx: HotlineContext) => domain.reopenTicket(actorOf(ctx), a.id, a.reason),
  mergeTicket: (_: unknown, a: WithNote & { intoId: string }, ctx: HotlineContext) =>
    domain.mergeTicket(actorOf(ctx), a.id, a.intoId, a.note),
  scheduleShift: (_: unknown, { input }: { input: ScheduleShiftInput }, ctx: HotlineContext) => scheduleShift(ctx.database.db, input),
  setRoutingRule: (_: unknown, { input }: { input: RoutingRuleInput }, ctx: HotlineContext) => setRoutingRule(ctx.database.db, input),
  removeRoutingRule: (_: unknown, { id }: Id, ctx: HotlineContext) => removeRoutingRule(ctx.database.db, id),
  setDeadlineRule: (_: unknown, a: { deadlineClass: string; unit: string; amount: number }, ctx: HotlineContext) =>
    setDeadlineRule(ctx.database.db, a.deadlineClass, a.unit, a.amount),
  setCategoryDeadlineClass: (_: unknown, a: { categoryId: string; deadlineClass: string }, ctx: HotlineContext) =>
    setCategoryDeadlineClass(ctx.database.db, a.categoryId, a.deadlineClass),
};
