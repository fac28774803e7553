import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { AppealStatus } from '@civicgraph/platform';
import type { HotlineContext } from '../context.ts';
import type { CallRow, CategoryRow, HotlineRow, RoutingRuleRow, SeatRow, ShiftRow, TicketRow, TransitionRow } from '../db/tables.ts';
import type { Digest, DigestCategoryItem, DigestHardCaseItem, DigestRepeatedItem } from '../domain/digest.ts';
import { maskPhone } from '../domain/phone.ts';
import { isOverdue } from '../domain/queries.ts';
import { mutations } from './mutations.ts';
import { queries } from './queries.ts';
import { subscriptions, TicketEvent } from './subscriptions.ts';

const agencyRef = (id: string | null) => (id ? { __typename: 'Agency', id } : null);
const regionRef = (code: string) => ({ __typename: 'Region', code });
const ticketsOf = (ids: string[], ctx: HotlineContext) => ctx.loaders.ticketById.loadMany(ids);

export const resolvers: GraphQLResolverMap<HotlineContext> = {
  Query: queries,
  Mutation: mutations,
  Subscription: subscriptions,
  TicketEvent,
  Hotline: {
    __resolveReference: (ref: { id: string }, ctx: HotlineContext) => ctx.loaders.hotlineById.load(ref.id),
    agency: (h: HotlineRow) => agencyRef(h.agencyId),
    region: (h: HotlineRow) => regionRef(h.regionCode),
    seats: (h: HotlineRow, _: unknown, ctx: HotlineContext) => ctx.loaders.seatsByHotline.load(h.id),
    staffedSeats: async (h: HotlineRow, _: unknown, ctx: HotlineContext) =>
      (await ctx.loaders.seatsByHotline.load(h.id)).filter((s) => s.active).length,
  },
  Seat: {
    hotline: (s: SeatRow, _: unknown, ctx: HotlineContext) => ctx.loaders.hotlineById.load(s.hotlineId),
    shifts: (s: SeatRow, a: { from: Date; to: Date }, ctx: HotlineContext) =>
      ctx.loaders.shiftsInRange.load({ seatId: s.id, from: a.from, to: a.to }),
  },
  Shift: {
    seat: (s: ShiftRow, _: unknown, ctx: HotlineContext) => ctx.loaders.seatById.load(s.seatId),
  },
  Call: {
    hotline: (c: CallRow, _: unknown, ctx: HotlineContext) => ctx.loaders.hotlineById.load(c.hotlineId),
    seat: (c: CallRow, _: unknown, ctx: HotlineContext) => ctx.loaders.seatById.load(c.seatId),
    shift: (c: CallRow, _: unknown, ctx: HotlineContext) => (c.shiftId ? ctx.loaders.shiftById.load(c.shiftId) : null),
    endedAt: (c: CallRow) => new Date(c.startedAt.getTime() + c.durationSeconds * 1000),
    callerPhone: (c: CallRow) => maskPhone(c.callerPhone),
    ticket: (c: CallRow, _: unknown, ctx: HotlineContext) => (c.ticketId ? ctx.loaders.ticketById.load(c.ticketId) : null),
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
    region: (r: RoutingRuleRow) => regionRef(r.regionCode),
    agency: (r: RoutingRuleRow) => agencyRef(r.agencyId),
  },
  RoutingDecision: {
    agency: (d: { agencyId: string }) => agencyRef(d.agencyId),
  },
  Ticket: {
    __resolveReference: (ref: { id: string }, ctx: HotlineContext) => ctx.loaders.ticketById.load(ref.id),
    channel: () => 'HOTLINE',
    hotline: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.hotlineById.load(t.hotlineId),
    call: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.callById.load(t.callId),
    calls: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.callsByTicket.load(t.id),
    category: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.categoryById.load(t.categoryId),
    region: (t: TicketRow) => regionRef(t.regionCode),
    assignee: (t: TicketRow) => agencyRef(t.assigneeId),
    overdue: (t: TicketRow, _: unknown, ctx: HotlineContext) => isOverdue(t, ctx.clock.now()),
    reply: (t: TicketRow) =>
      t.replyContent
        ? { content: t.replyContent, agency: agencyRef(t.replyAgencyId), submittedAt: t.replySubmittedAt, approvedAt: t.replyPublishedAt }
        : null,
    returnVisit: async (t: TicketRow, _: unknown, ctx: HotlineContext) => (await ctx.loaders.returnVisitsByTicket.load(t.id)).at(-1) ?? null,
    returnVisits: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.returnVisitsByTicket.load(t.id),
    mergedInto: (t: TicketRow, _: unknown, ctx: HotlineContext) => (t.mergedIntoId ? ctx.loaders.ticketById.load(t.mergedIntoId) : null),
    timeline: (t: TicketRow, _: unknown, ctx: HotlineContext) => ctx.loaders.timelineByTicket.load(t.id),
  },
  TicketTransition: {
    from: (t: TransitionRow) => t.fromStatus as AppealStatus | null,
    to: (t: TransitionRow) => t.toStatus as AppealStatus,
    agency: (t: TransitionRow) => agencyRef(t.agencyId),
  },
  PeoplesVoiceDigest: {
    hotline: (d: Digest, _: unknown, ctx: HotlineContext) => (d.hotlineId ? ctx.loaders.hotlineById.load(d.hotlineId) : null),
  },
  DigestCategory: {
    category: (c: DigestCategoryItem, _: unknown, ctx: HotlineContext) => ctx.loaders.categoryById.load(c.categoryId),
    tickets: (c: DigestCategoryItem, _: unknown, ctx: HotlineContext) => ticketsOf(c.ticketIds, ctx),
  },
  DigestRepeatedComplaint: {
    category: (c: DigestRepeatedItem, _: unknown, ctx: HotlineContext) => ctx.loaders.categoryById.load(c.categoryId),
    region: (c: DigestRepeatedItem) => regionRef(c.regionCode),
    tickets: (c: DigestRepeatedItem, _: unknown, ctx: HotlineContext) => ticketsOf(c.ticketIds, ctx),
  },
  DigestHardCase: {
    ticket: (c: DigestHardCaseItem, _: unknown, ctx: HotlineContext) => ctx.loaders.ticketById.load(c.ticketId),
  },
};
