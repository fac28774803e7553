import type { AppealStatus } from '@civicgraph/platform';
import type { SupervisionContext } from '../context.ts';
import type { CampaignRow, ClueRow, ClueTransitionRow, FindingRow, InterventionRow, OrderRow, TeamMember } from '../db/tables.ts';
import { agencyRef, regionRef } from './refs.ts';

type Ctx = SupervisionContext;

/** The supervision platform's own records: clues, supervision orders, inspection campaigns. */
export const recordResolvers = {
  Clue: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.clueById.load(ref.id),
    channel: () => 'SUPERVISION',
    region: (clue: ClueRow) => regionRef(clue.regionCode),
    assignee: (clue: ClueRow) => agencyRef(clue.assigneeId),
    resultsReport: (clue: ClueRow) =>
      clue.reportContent
        ? { content: clue.reportContent, agency: agencyRef(clue.reportAgencyId), submittedAt: clue.reportSubmittedAt, approvedAt: clue.reportApprovedAt }
        : null,
    returnVisit: (clue: ClueRow) =>
      clue.satisfaction
        ? { satisfaction: clue.satisfaction, comment: clue.returnVisitComment, at: clue.returnVisitAt, by: clue.returnVisitBy }
        : null,
    mergedInto: (clue: ClueRow, _: unknown, ctx: Ctx) => (clue.mergedIntoId ? ctx.loaders.clueById.load(clue.mergedIntoId) : null),
    timeline: (clue: ClueRow, _: unknown, ctx: Ctx) => ctx.loaders.timelineByClue.load(clue.id),
    interventions: (clue: ClueRow, _: unknown, ctx: Ctx) => ctx.loaders.interventionsByClue.load(clue.id),
    supervisionOrders: (clue: ClueRow, _: unknown, ctx: Ctx) => ctx.loaders.ordersByAppeal.load(clue.id),
    case: (clue: ClueRow, _: unknown, ctx: Ctx) => ctx.loaders.caseById.load(clue.id),
  },
  ClueTransition: {
    from: (t: ClueTransitionRow) => t.fromStatus as AppealStatus | null,
    to: (t: ClueTransitionRow) => t.toStatus as AppealStatus,
    agency: (t: ClueTransitionRow) => agencyRef(t.agencyId),
  },
  ClueIntervention: {
    agencies: (i: InterventionRow) => i.agencyIds.map(agencyRef),
  },
  SupervisionOrder: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.orderById.load(ref.id),
    case: (order: OrderRow, _: unknown, ctx: Ctx) => ctx.loaders.caseById.load(order.appealId),
    clue: (order: OrderRow, _: unknown, ctx: Ctx) => (order.channel === 'SUPERVISION' ? ctx.loaders.clueById.load(order.appealId) : null),
    issuingAgency: (order: OrderRow) => agencyRef(order.issuingAgencyId),
    targetAgency: (order: OrderRow) => agencyRef(order.targetAgencyId),
    answer: (order: OrderRow) =>
      order.answerContent ? { content: order.answerContent, at: order.answeredAt, by: order.answeredBy } : null,
    overdue: (order: OrderRow, _: unknown, ctx: Ctx) => order.status === 'ISSUED' && ctx.clock.now() > order.dueAt,
  },
  InspectionCampaign: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.campaignById.load(ref.id),
    organizer: (c: CampaignRow) => agencyRef(c.organizerAgencyId),
    regions: (c: CampaignRow) => c.regionCodes.map(regionRef),
    findings: (c: CampaignRow, _: unknown, ctx: Ctx) => ctx.loaders.findingsByCampaign.load(c.id),
  },
  TeamMember: {
    agency: (m: TeamMember) => agencyRef(m.agencyId),
  },
  InspectionFinding: {
    region: (f: FindingRow) => regionRef(f.regionCode),
    agency: (f: FindingRow) => agencyRef(f.agencyId),
  },
};
