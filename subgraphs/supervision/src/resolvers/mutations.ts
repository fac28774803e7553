import { REVEAL_ROLES, Role, Scope, type Satisfaction } from '@civicgraph/platform';
import { ANSWER_ROLES, clueAction, CONFIG_ROLES, SUBMIT_ROLES, supervisionStep, SUPERVISION_ROLES } from '../access.ts';
import { actorOf, type SupervisionContext } from '../context.ts';
import * as campaigns from '../domain/campaigns.ts';
import * as clues from '../domain/clues.ts';
import { recordIntervention, setClueSensitivity, type InterventionInput } from '../domain/interventions.ts';
import * as orders from '../domain/orders.ts';
import { revealClueReporter } from '../domain/reveal.ts';
import { updatePolicy, type PolicyInput } from '../ledger/policy.ts';

type Ctx = SupervisionContext;
type Id = { id: string };
type WithNote = Id & { note?: string | null };
type WithReason = Id & { reason: string };

/** Role checks that need no row: up front, before anything is read or written. */
function requireRoles(ctx: Ctx, roles: readonly Role[], what: string): Ctx {
  ctx.access.require(roles, what);
  return ctx;
}

/*
 * Every mutation checks the caller itself (the gateway's @requiresScopes is the first line only).
 * Lifecycle steps check role and reach on the clue as locked in the writing transaction.
 */
export const mutations = {
  submitClue: (_: unknown, { input }: { input: clues.SubmitClueInput }, ctx: Ctx) => {
    ctx.access.require(SUBMIT_ROLES, 'submit clues');
    // A citizen's own clue is theirs to read; one entered by the office has no author. The citizen's
    // account id stays in that column only: ctx.actor (timeline, events) is just "citizen".
    const citizen = ctx.access.is(Role.CITIZEN);
    return clues.submitClue(actorOf(ctx), input, { reporterSubject: citizen ? ctx.identity.subject : null });
  },
  acceptClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.acceptClue(actorOf(ctx), a.id, a.note, clueAction(ctx, 'accept', 'accept clues')),
  rejectClue: (_: unknown, a: WithReason, ctx: Ctx) => clues.rejectClue(actorOf(ctx), a.id, a.reason, clueAction(ctx, 'reject', 'reject clues')),
  transferClue: (_: unknown, a: WithNote & { agencyId: string; dueAt: Date }, ctx: Ctx) =>
    clues.transferClue(actorOf(ctx), a.id, a.agencyId, a.dueAt, a.note, supervisionStep(ctx, 'transfer clues')),
  acknowledgeClue: (_: unknown, a: WithNote, ctx: Ctx) =>
    clues.acknowledgeClue(actorOf(ctx), a.id, a.note, clueAction(ctx, 'acknowledge', 'acknowledge clues')),
  returnClue: (_: unknown, a: WithReason, ctx: Ctx) => clues.returnClue(actorOf(ctx), a.id, a.reason, clueAction(ctx, 'return', 'return clues')),
  reassignClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.reassignClue(actorOf(ctx), a.id, a.note, clueAction(ctx, 'reassign', 'reassign clues')),
  submitResultsReport: (_: unknown, a: Id & { content: string }, ctx: Ctx) =>
    clues.submitResultsReport(actorOf(ctx), a.id, a.content, clueAction(ctx, 'submitReply', 'submit results reports')),
  approveResultsReport: (_: unknown, a: WithNote, ctx: Ctx) =>
    clues.approveResultsReport(actorOf(ctx), a.id, a.note, clueAction(ctx, 'approveReply', 'approve results reports')),
  sendBackResultsReport: (_: unknown, a: WithReason, ctx: Ctx) =>
    clues.sendBackResultsReport(actorOf(ctx), a.id, a.reason, clueAction(ctx, 'sendBackReply', 'send back results reports')),
  recordClueReturnVisit: (_: unknown, a: Id & { satisfaction: Satisfaction; comment?: string | null }, ctx: Ctx) =>
    clues.recordReturnVisit(actorOf(ctx), a.id, a.satisfaction, a.comment, clueAction(ctx, 'followUp', 'record return visits')),
  closeClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.closeClue(actorOf(ctx), a.id, a.note, clueAction(ctx, 'close', 'close clues')),
  reopenClue: (_: unknown, a: WithReason, ctx: Ctx) => clues.reopenClue(actorOf(ctx), a.id, a.reason, clueAction(ctx, 'reopen', 'reopen clues')),
  mergeClue: (_: unknown, a: WithNote & { intoId: string }, ctx: Ctx) =>
    clues.mergeClue(actorOf(ctx), a.id, a.intoId, a.note, clueAction(ctx, 'merge', 'merge clues')),
  setClueSensitivity: (_: unknown, a: Id & { sensitivity: string }, ctx: Ctx) =>
    setClueSensitivity(actorOf(ctx), a.id, a.sensitivity, supervisionStep(ctx, 'set the sensitivity of clues')),
  recordOnSiteVisit: (_: unknown, a: { clueId: string; input: InterventionInput }, ctx: Ctx) =>
    recordIntervention(actorOf(ctx), a.clueId, 'ON_SITE_VISIT', a.input, supervisionStep(ctx, 'record on-site visits')),
  recordCoordinationMeeting: (_: unknown, a: { clueId: string; input: InterventionInput }, ctx: Ctx) =>
    recordIntervention(actorOf(ctx), a.clueId, 'COORDINATION_MEETING', a.input, supervisionStep(ctx, 'record coordination meetings')),
  issueSupervisionOrder: (_: unknown, { input }: { input: orders.IssueOrderInput }, ctx: Ctx) =>
    orders.issueSupervisionOrder(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'issue supervision orders')), input),
  answerSupervisionOrder: (_: unknown, a: Id & { content: string }, ctx: Ctx) => {
    const what = 'answer supervision orders';
    ctx.access.require(ANSWER_ROLES, what);
    // Only the agency the order was sent to (or one above it) answers it.
    return orders.answerSupervisionOrder(actorOf(ctx), a.id, a.content, (order) => ctx.access.requireAgency(ANSWER_ROLES, order.targetAgencyId, what));
  },
  closeSupervisionOrder: (_: unknown, a: WithNote, ctx: Ctx) =>
    orders.closeSupervisionOrder(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'close supervision orders')), a.id, a.note),
  createInspectionCampaign: (_: unknown, { input }: { input: campaigns.CampaignInput }, ctx: Ctx) =>
    campaigns.createInspectionCampaign(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'create inspection campaigns')), input),
  addInspectionFinding: (_: unknown, a: { campaignId: string; input: campaigns.FindingInput }, ctx: Ctx) =>
    campaigns.addInspectionFinding(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'record inspection findings')), a.campaignId, a.input),
  updateEscalationPolicy: (_: unknown, { input }: { input: PolicyInput }, ctx: Ctx) =>
    updatePolicy(actorOf(requireRoles(ctx, CONFIG_ROLES, 'change the escalation policy')), input),
  revealClueReporter: (_: unknown, a: WithReason, ctx: Ctx) => {
    const what = `reveal the reporter of clue ${a.id}`;
    ctx.access.require(REVEAL_ROLES, what);
    ctx.access.requireScope(Scope.PERSONAL_DATA_REVEAL, what);
    return revealClueReporter(actorOf(ctx), ctx.access, a.id, a.reason);
  },
};
