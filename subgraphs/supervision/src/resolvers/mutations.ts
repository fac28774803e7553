import type { Satisfaction } from '@civicgraph/platform';
import { actorOf, type SupervisionContext } from '../context.ts';
import * as campaigns from '../domain/campaigns.ts';
import * as clues from '../domain/clues.ts';
import { recordIntervention, setClueSensitivity, type InterventionInput } from '../domain/interventions.ts';
import * as orders from '../domain/orders.ts';
import { updatePolicy, type PolicyInput } from '../ledger/policy.ts';

type Ctx = SupervisionContext;
type Id = { id: string };
type WithNote = Id & { note?: string | null };
type WithReason = Id & { reason: string };

export const mutations = {
  submitClue: (_: unknown, { input }: { input: clues.SubmitClueInput }, ctx: Ctx) => clues.submitClue(actorOf(ctx), input),
  acceptClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.acceptClue(actorOf(ctx), a.id, a.note),
  rejectClue: (_: unknown, a: WithReason, ctx: Ctx) => clues.rejectClue(actorOf(ctx), a.id, a.reason),
  transferClue: (_: unknown, a: WithNote & { agencyId: string; dueAt: Date }, ctx: Ctx) =>
    clues.transferClue(actorOf(ctx), a.id, a.agencyId, a.dueAt, a.note),
  acknowledgeClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.acknowledgeClue(actorOf(ctx), a.id, a.note),
  returnClue: (_: unknown, a: WithReason, ctx: Ctx) => clues.returnClue(actorOf(ctx), a.id, a.reason),
  reassignClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.reassignClue(actorOf(ctx), a.id, a.note),
  submitResultsReport: (_: unknown, a: Id & { content: string }, ctx: Ctx) => clues.submitResultsReport(actorOf(ctx), a.id, a.content),
  approveResultsReport: (_: unknown, a: WithNote, ctx: Ctx) => clues.approveResultsReport(actorOf(ctx), a.id, a.note),
  sendBackResultsReport: (_: unknown, a: WithReason, ctx: Ctx) => clues.sendBackResultsReport(actorOf(ctx), a.id, a.reason),
  recordClueReturnVisit: (_: unknown, a: Id & { satisfaction: Satisfaction; comment?: string | null }, ctx: Ctx) =>
    clues.recordReturnVisit(actorOf(ctx), a.id, a.satisfaction, a.comment),
  closeClue: (_: unknown, a: WithNote, ctx: Ctx) => clues.closeClue(actorOf(ctx), a.id, a.note),
  reopenClue: (_: unknown, a: WithReason, ctx: Ctx) => clues.reopenClue(actorOf(ctx), a.id, a.reason),
  mergeClue: (_: unknown, a: WithNote & { intoId: string }, ctx: Ctx) => clues.mergeClue(actorOf(ctx), a.id, a.intoId, a.note),
  setClueSensitivity: (_: unknown, a: Id & { sensitivity: string }, ctx: Ctx) => setClueSensitivity(actorOf(ctx), a.id, a.sensitivity),
  recordOnSiteVisit: (_: unknown, a: { clueId: string; input: InterventionInput }, ctx: Ctx) =>
    recordIntervention(actorOf(ctx), a.clueId, 'ON_SITE_VISIT', a.input),
  recordCoordinationMeeting: (_: unknown, a: { clueId: string; input: InterventionInput }, ctx: Ctx) =>
    recordIntervention(actorOf(ctx), a.clueId, 'COORDINATION_MEETING', a.input),
  issueSupervisionOrder: (_: unknown, { input }: { input: orders.IssueOrderInput }, ctx: Ctx) =>
    orders.issueSupervisionOrder(actorOf(ctx), input),
  answerSupervisionOrder: (_: unknown, a: Id & { content: string }, ctx: Ctx) => orders.answerSupervisionOrder(actorOf(ctx), a.id, a.content),
  closeSupervisionOrder: (_: unknown, a: WithNote, ctx: Ctx) => orders.closeSupervisionOrder(actorOf(ctx), a.id, a.note),
  createInspectionCampaign: (_: unknown, { input }: { input: campaigns.CampaignInput }, ctx: Ctx) =>
    campaigns.createInspectionCampaign(actorOf(ctx), input),
  addInspectionFinding: (_: unknown, a: { campaignId: string; input: campaigns.FindingInput }, ctx: Ctx) =>
    campaigns.addInspectionFinding(actorOf(ctx), a.campaignId, a.input),
  updateEscalationPolicy: (_: unknown, { input }: { input: PolicyInput }, ctx: Ctx) => updatePolicy(actorOf(ctx), input),
};
