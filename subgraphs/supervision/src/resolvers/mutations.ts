import { ACTION_ROLES, REVEAL_ROLES, Role, Scope, type Actor, type AppealAction, type Satisfaction } from '@civicgraph/platform';
import { ANSWER_ROLES, CONFIG_ROLES, SUBMIT_ROLES, SUPERVISION_ROLES, TRANSFER_ROLES } from '../access.ts';
import type { ClueRow } from '../db/tables.ts';
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

/**
 * A lifecycle mutation: the role up front (so a refused role learns nothing else), then the kit's
 * executor checks reach on the clue as locked in the writing transaction.
 */
const lifecycle =
  <A>(action: AppealAction, what: string, run: (who: Actor, args: A) => Promise<ClueRow>) =>
  (_: unknown, args: A, ctx: Ctx) =>
    run(actorOf(requireRoles(ctx, ACTION_ROLES[action], what)), args);

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
  acceptClue: lifecycle('accept', 'accept clues', (who, a: WithNote) => clues.acceptClue(who, a.id, a.note)),
  rejectClue: lifecycle('reject', 'reject clues', (who, a: WithReason) => clues.rejectClue(who, a.id, a.reason)),
  transferClue: (_: unknown, a: WithNote & { agencyId: string; dueAt?: Date | null }, ctx: Ctx) =>
    clues.transferClue(actorOf(requireRoles(ctx, TRANSFER_ROLES, 'transfer clues')), a.id, a.agencyId, a.dueAt, a.note),
  acknowledgeClue: lifecycle('acknowledge', 'acknowledge clues', (who, a: WithNote) => clues.acknowledgeClue(who, a.id, a.note)),
  returnClue: lifecycle('return', 'return clues', (who, a: WithReason) => clues.returnClue(who, a.id, a.reason)),
  reassignClue: lifecycle('reassign', 'reassign clues', (who, a: WithNote) => clues.reassignClue(who, a.id, a.note)),
  submitResultsReport: lifecycle('submitReply', 'submit results reports', (who, a: Id & { content: string }) =>
    clues.submitResultsReport(who, a.id, a.content),
  ),
  approveResultsReport: lifecycle('approveReply', 'approve results reports', (who, a: WithNote) => clues.approveResultsReport(who, a.id, a.note)),
  sendBackResultsReport: lifecycle('sendBackReply', 'send back results reports', (who, a: WithReason) =>
    clues.sendBackResultsReport(who, a.id, a.reason),
  ),
  recordClueReturnVisit: lifecycle('followUp', 'record return visits', (who, a: Id & { satisfaction: Satisfaction; comment?: string | null }) =>
    clues.recordReturnVisit(who, a.id, a.satisfaction, a.comment),
  ),
  closeClue: lifecycle('close', 'close clues', (who, a: WithNote) => clues.closeClue(who, a.id, a.note)),
  reopenClue: lifecycle('reopen', 'reopen clues', (who, a: WithReason) => clues.reopenClue(who, a.id, a.reason)),
  mergeClue: lifecycle('merge', 'merge clues', (who, a: WithNote & { intoId: string }) => clues.mergeClue(who, a.id, a.intoId, a.note)),
  setClueSensitivity: (_: unknown, a: Id & { sensitivity: string }, ctx: Ctx) =>
    setClueSensitivity(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'set the sensitivity of clues')), a.id, a.sensitivity),
  recordOnSiteVisit: (_: unknown, a: { clueId: string; input: InterventionInput }, ctx: Ctx) =>
    recordIntervention(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'record on-site visits')), a.clueId, 'ON_SITE_VISIT', a.input),
  recordCoordinationMeeting: (_: unknown, a: { clueId: string; input: InterventionInput }, ctx: Ctx) =>
    recordIntervention(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'record coordination meetings')), a.clueId, 'COORDINATION_MEETING', a.input),
  issueSupervisionOrder: (_: unknown, { input }: { input: orders.IssueOrderInput }, ctx: Ctx) =>
    orders.issueSupervisionOrder(actorOf(requireRoles(ctx, SUPERVISION_ROLES, 'issue supervision orders')), input),
  answerSupervisionOrder: (_: unknown, a: Id & { content: string }, ctx: Ctx) =>
    orders.answerSupervisionOrder(actorOf(requireRoles(ctx, ANSWER_ROLES, 'answer supervision orders')), a.id, a.content),
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
