import { appealDirectoryFields, actorFor, actorsFor, actorView, maskFreeText, maskName, maskNotes, maskPhone, type AppealStatus, type RequestContext } from '@civicgraph/platform';
import { visibleCase, visibleClue, visibleOrder, visibleOrders } from '../access.ts';
import type { SupervisionContext } from '../context.ts';
import type { CampaignRow, ClueRow, ClueTransitionRow, FindingRow, InterventionRow, OrderRow, TeamMember } from '../db/tables.ts';

type Ctx = SupervisionContext;

/** A clue's free text, masked for every caller with its reporter's name (the original only through revealClueReporter). */
const clueText = (clue: ClueRow, text: string | null) => maskFreeText(text, [clue.reporterName]);

/**
 * The supervision platform's own records: clues, supervision orders, inspection campaigns. Every
 * way to reach a clue, case or order (by id, by reference, nested) goes through the visible* checks.
 */
export const recordResolvers = {
  Clue: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx) => visibleClue(ctx, await ctx.loaders.clueById.load(ref.id)),
    channel: () => 'SUPERVISION',
    // Masked for every role; clues are never public, so whoever sees the clue is staff or its reporter.
    reporterName: (clue: ClueRow) => maskName(clue.reporterName),
    reporterPhone: (clue: ClueRow) => maskPhone(clue.reporterPhone),
    ...appealDirectoryFields,
    title: (clue: ClueRow) => clueText(clue, clue.title),
    content: (clue: ClueRow) => clueText(clue, clue.content),
    resultsReport: (clue: ClueRow, _: unknown, ctx: RequestContext) =>
      clue.reportContent
        ? { content: clueText(clue, clue.reportContent), agency: ctx.directory.agency(clue.reportAgencyId), submittedAt: clue.reportSubmittedAt, approvedAt: clue.reportApprovedAt }
        : null,
    returnVisit: async (clue: ClueRow, _: unknown, ctx: Ctx) =>
      clue.satisfaction
        ? {
            satisfaction: clue.satisfaction,
            comment: clueText(clue, clue.returnVisitComment),
            at: clue.returnVisitAt,
            by: await actorFor(actorView(ctx), clue.returnVisitBy!, clue.assigneeId),
          }
        : null,
    mergedInto: async (clue: ClueRow, _: unknown, ctx: Ctx) =>
      clue.mergedIntoId ? visibleClue(ctx, await ctx.loaders.clueById.load(clue.mergedIntoId)) : null,
    timeline: async (clue: ClueRow, _: unknown, ctx: Ctx) =>
      actorsFor(actorView(ctx), maskNotes(await ctx.loaders.timelineByClue.load(clue.id), [clue.reporterName])),
    interventions: async (clue: ClueRow, _: unknown, ctx: Ctx) =>
      Promise.all((await ctx.loaders.interventionsByClue.load(clue.id)).map(async (i) => ({
        ...i,
        summary: clueText(clue, i.summary),
        recordedBy: await actorFor(actorView(ctx), i.recordedBy, clue.assigneeId),
      }))),
    supervisionOrders: async (clue: ClueRow, _: unknown, ctx: Ctx) => visibleOrders(ctx, await ctx.loaders.ordersByAppeal.load(clue.id)),
    case: async (clue: ClueRow, _: unknown, ctx: Ctx) => visibleCase(ctx, await ctx.loaders.caseById.load(clue.id)),
  },
  ClueTransition: {
    from: (t: ClueTransitionRow) => t.fromStatus as AppealStatus | null,
    to: (t: ClueTransitionRow) => t.toStatus as AppealStatus,
    agency: (t: ClueTransitionRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(t.agencyId),
  },
  ClueIntervention: {
    // What the directory no longer has is left out of the list.
    agencies: async (i: InterventionRow, _: unknown, ctx: RequestContext) => (await Promise.all(i.agencyIds.map((id) => ctx.directory.agency(id)))).filter((a) => a !== null),
  },
  SupervisionOrder: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx) => visibleOrder(ctx, await ctx.loaders.orderById.load(ref.id)),
    case: async (order: OrderRow, _: unknown, ctx: Ctx) => visibleCase(ctx, await ctx.loaders.caseById.load(order.appealId)),
    clue: async (order: OrderRow, _: unknown, ctx: Ctx) =>
      order.channel === 'SUPERVISION' ? visibleClue(ctx, await ctx.loaders.clueById.load(order.appealId)) : null,
    issuingAgency: (order: OrderRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(order.issuingAgencyId),
    targetAgency: (order: OrderRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(order.targetAgencyId),
    // Orders and findings are staff's text about appeals of any channel: numbers and e-mails masked (no known name).
    requirements: (order: OrderRow) => maskFreeText(order.requirements),
    closingNote: (order: OrderRow) => maskFreeText(order.closingNote),
    answer: (order: OrderRow) =>
      order.answerContent ? { content: maskFreeText(order.answerContent), at: order.answeredAt, by: order.answeredBy } : null,
    overdue: (order: OrderRow, _: unknown, ctx: Ctx) => order.status === 'ISSUED' && ctx.clock.now() > order.dueAt,
  },
  InspectionCampaign: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.campaignById.load(ref.id),
    organizer: (c: CampaignRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(c.organizerAgencyId),
    regions: async (c: CampaignRow, _: unknown, ctx: RequestContext) => (await Promise.all(c.regionCodes.map((code) => ctx.directory.region(code)))).filter((r) => r !== null),
    findings: (c: CampaignRow, _: unknown, ctx: Ctx) => ctx.loaders.findingsByCampaign.load(c.id),
  },
  TeamMember: {
    agency: (m: TeamMember, _: unknown, ctx: RequestContext) => ctx.directory.agency(m.agencyId),
  },
  InspectionFinding: {
    region: (f: FindingRow, _: unknown, ctx: RequestContext) => ctx.directory.region(f.regionCode),
    summary: (f: FindingRow) => maskFreeText(f.summary),
    agency: (f: FindingRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(f.agencyId),
  },
};
