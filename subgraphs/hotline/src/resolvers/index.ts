import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { appealDirectoryFields, maskFreeText, maskName, maskNotes, maskPhone, type AppealStatus, type RequestContext } from '@civicgraph/platform';
import { canSeeRoster, loadVisibleTicket, loadVisibleTickets } from '../access.ts';
import type { HotlineContext } from '../context.ts';
import type { CallRow, CategoryRow, HotlineRow, ReturnVisitRow, RoutingRuleRow, SeatRow, ShiftRow, TicketRow, TransitionRow } from '../db/tables.ts';
import type { Digest, DigestCategoryItem, DigestHardCaseItem, DigestRepeatedItem } from '../domain/digest.ts';
import { isOverdue } from '../domain/queries.ts';
import { mutations } from './mutations.ts';
import { queries } from './queries.ts';
import { subscriptions, TicketEvent } from './subscriptions.ts';


/** The name a ticket's free text may repeat: the caller's, as given on the call that opened it. */
const namesOf = async (t: TicketRow, ctx: HotlineContext) => [(await ctx.loaders.callById.load(t.callId))?.callerName];

/** A ticket's free-text field, masked for every caller (the original only through revealCaller). */
const freeText = (column: (t: TicketRow) => string | null) => async (t: TicketRow, _: unknown, ctx: HotlineContext) =>
  maskFreeText(column(t), await namesOf(t, ctx));

const maskVisits = (visits: readonly ReturnVisitRow[], names: (string | null | undefined)[]) =>
  visits.map((v) => ({ ...v, comment: maskFreeText(v.comment, names) }));

export const resolvers: GraphQLResolverMap<HotlineContext> = {
  Query: queries,
  Mutation: mutations,
  Subscription: subscriptions,
  TicketEvent,
  Hotline: {
    __resolveReference: (ref: { id: string }, ctx: HotlineContext) => ctx.loaders.hotlineById.load(ref.id),
    agency: (h: HotlineRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(h.agencyId),
    region: (h: HotlineRow, _: unknown, ctx: RequestContext) => ctx.directory.region(h.regionCode),
    seats: (h: HotlineRow, _: unknown, ctx: HotlineContext) => ctx.loaders.seatsByHotline.load(h.id),
    staffedSeats: async (h: HotlineRow, _: unknown, ctx: HotlineContext) =>
      (await ctx.loaders.seatsByHotline.load(h.id)).filter((s) => s.active).length,
  },
  Seat: {
    hotline: (s: SeatRow, _: unknown, ctx: HotlineContext) => ctx.loaders.hotlineById.load(s.hotlineId),
    shifts: async (s: SeatRow, a: { from: Date; to: Date }, ctx: HotlineContext) => {
      const hotline = await ctx.loaders.hotlineById.load(s.hotlineId);
      if (!hotline || !(await canSeeRoster(ctx.access, hotline.agencyId))) return [];
      return ctx.loaders.shiftsInRange.load({ seatId: s.id, from: a.from, to: a.to });
    },
  },
  Shift: {
    seat: (s: ShiftRow, _: unknown, ctx: HotlineContext) => ctx.loaders.seatById.load(s.seatId),
  },
  Call: {
    hotline: (c: CallRow, _: unknown, ctx: HotlineContext) => ctx.loaders.hotlineById.load(c.hotlineId),
    seat: (c: CallRow, _: unknown, ctx: HotlineContext) => ctx.loaders.seatById.load(c.seatId),
    shift: (c: CallRow, _: unknown, ctx: HotlineContext) => (c.shiftId ? ctx.loaders.shiftById.load(c.shiftId) : null),
    endedAt: (c: CallRow) => new Date(c.startedAt.getTime() + c.durationSeconds * 1000),
    // Masked for every role: the full values come only from the audited revealCaller.
    callerPhone: (c: CallRow) => maskPhone(c.callerPhone),
    callerName: (c: CallRow) => maskName(c.callerName),
    summary: (c: CallRow) => maskFreeText(c.summary, [c.callerName]),
    ticket: (c: CallRow, _: unknown, ctx: HotlineContext) => (c.ticketId ? loadVisibleTicket(ctx, c.ticketId) : null),
  },
  Category: {
    level: (c: CategoryRow) => (c.parentId === null ? 'DOMAIN' : 'CATEGORY'),
    parent: (c: CategoryRow, _: unknown, ctx: HotlineContext) => (c.parentId ? ctx.loaders.categoryById.load(c.parentId) : null),
    children: (c: CategoryRow, _: unknown, ctx: HotlineContext) => (c.parentId ? [] : ctx.loaders.categoriesByParent.load(c.id)),
    path: async (c: CategoryRow, _: unknown, ctx: HotlineContext) => {
      const parent = c.parentId ? await ctx.loaders.categoryById.load(c.parentId) : null;
      return parent ? `${parent.name}/${c.name}` : c.name;
    },
  },
  RoutingRule: {
    id: (r: RoutingRuleRow) => String(r.id),
    category: (r: RoutingRuleRow, _: unknown, ctx: HotlineContext) => (r.categoryId ? ctx.loaders.categoryById.load(r.categoryId) : null),
    region: (r: RoutingRuleRow, _: unknown, ctx: RequestContext) => ctx.directory.region(r.regionCode),
    agency: (r: RoutingRuleRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(r.agencyId),
  },
  RoutingDecision: {
    agency: (d: { agencyId: string }, _: unknown, ctx: RequestContext) => ctx.directory.agency(d.agencyId),
  },
  Ticket: {
    // Other subgraphs' references resolve only within the caller's reach; otherwise the ticket is null.
    __resolveReference: (ref: { id: string }, ctx: HotlineContext) => loadVisibleTicket(ctx, ref.id),
    channel: () => 'HOTLINE',
    hotline: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.hotlineById.load(t.hotlineId),
    call: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.callById.load(t.callId),
    calls: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.callsByTicket.load(t.id),
    category: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.categoryById.load(t.categoryId),
    ...appealDirectoryFields,
    title: freeText((t) => t.title),
    content: freeText((t) => t.content),
    overdue: (t: TicketRow, _: unknown, ctx: HotlineContext) => isOverdue(t, ctx.clock.now()),
    reply: async (t: TicketRow, _: unknown, ctx: HotlineContext) =>
      t.replyContent
        ? { content: maskFreeText(t.replyContent, await namesOf(t, ctx)), agency: ctx.directory.agency(t.replyAgencyId), submittedAt: t.replySubmittedAt, approvedAt: t.replyPublishedAt }
        : null,
    returnVisit: async (t: TicketRow, _: unknown, ctx: HotlineContext) =>
      maskVisits(await ctx.loaders.returnVisitsByTicket.load(t.id), await namesOf(t, ctx)).at(-1) ?? null,
    returnVisits: async (t: TicketRow, _: unknown, ctx: HotlineContext) =>
      maskVisits(await ctx.loaders.returnVisitsByTicket.load(t.id), await namesOf(t, ctx)),
    mergedInto: (t: TicketRow, _: unknown, ctx: HotlineContext) => (t.mergedIntoId ? loadVisibleTicket(ctx, t.mergedIntoId) : null),
    timeline: async (t: TicketRow, _: unknown, ctx: HotlineContext) => maskNotes(await ctx.loaders.timelineByTicket.load(t.id), await namesOf(t, ctx)),
  },
  TicketTransition: {
    from: (t: TransitionRow) => t.fromStatus as AppealStatus | null,
    to: (t: TransitionRow) => t.toStatus as AppealStatus,
    agency: (t: TransitionRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(t.agencyId),
  },
  PeoplesVoiceDigest: {
    hotline: (d: Digest, _: unknown, ctx: HotlineContext) => (d.hotlineId ? ctx.loaders.hotlineById.load(d.hotlineId) : null),
    // The figures count every ticket; the linked tickets are only those the reader may see.
    hardCases: async (d: Digest, _: unknown, ctx: HotlineContext) => {
      if (ctx.access.seesAllAppeals) return d.hardCases;
      const visible = new Set((await loadVisibleTickets(ctx, d.hardCases.map((c) => c.ticketId))).map((t) => t.id));
      return d.hardCases.filter((c) => visible.has(c.ticketId));
    },
  },
  DigestCategory: {
    category: (c: DigestCategoryItem, _: unknown, ctx: HotlineContext) => ctx.loaders.categoryById.load(c.categoryId),
    tickets: (c: DigestCategoryItem, _: unknown, ctx: HotlineContext) => loadVisibleTickets(ctx, c.ticketIds),
  },
  DigestRepeatedComplaint: {
    category: (c: DigestRepeatedItem, _: unknown, ctx: HotlineContext) => ctx.loaders.categoryById.load(c.categoryId),
    region: (c: DigestRepeatedItem, _: unknown, ctx: RequestContext) => ctx.directory.region(c.regionCode),
    tickets: (c: DigestRepeatedItem, _: unknown, ctx: HotlineContext) => loadVisibleTickets(ctx, c.ticketIds),
  },
  DigestHardCase: {
    ticket: (c: DigestHardCaseItem, _: unknown, ctx: HotlineContext) => loadVisibleTicket(ctx, c.ticketId),
  },
};
