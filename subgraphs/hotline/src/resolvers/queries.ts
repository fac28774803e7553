import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { calendarCoverage, invalidInput, isRegionCode, notFound, Role } from '@civicgraph/platform';
import { callScope, canSeeRoster, loadVisibleTicket, ticketScope, visibleCall, visibleTicket } from '../access.ts';
import type { HotlineContext } from '../context.ts';
import { categories, deadlineRules, hotlines, routingRules, tickets } from '../db/tables.ts';
import { deadlineClassFor, dueAtFor, type DeadlineClass, type Urgency } from '../domain/deadlines.ts';
import { computeDigest } from '../domain/digest.ts';
import { enclosingRegions, findRoutingRule } from '../domain/routing.ts';
import { listCalls, listTickets, type CallFilter, type TicketFilter } from '../domain/queries.ts';
import { listShifts } from '../domain/staffing.ts';
import { deadlineRuleFor } from '../domain/tickets.ts';

type PageArgs<F> = { filter?: F | null; first?: number | null; after?: string | null };

const DEADLINE_ORDER = sql`array_position(array['URGENT_24H','GENERAL_7D','COMPLEX_15D'], ${deadlineRules.deadlineClass})`;

async function leafCategory(ctx: HotlineContext, categoryId: string) {
  const category = await ctx.loaders.categoryById.load(categoryId);
  if (!category) throw notFound('Category', categoryId);
  if (category.parentId === null) throw invalidInput('categoryId', 'must name a category, not a domain');
  return category;
}

/**
 * The digest's figures cover every agency's tickets, so it goes to the roles that see all appeals and
 * to hotline agents, whose calls it summarises; its linked tickets are still limited to each reader's reach.
 */
export const DIGEST_READERS: readonly Role[] = [Role.ADMIN, Role.SUPERVISOR, Role.DASHBOARD, Role.INTEGRATOR, Role.HOTLINE_AGENT];

export const queries = {
  calendarCoverage: (_: unknown, a: { from: Date; to: Date }) => calendarCoverage(a.from, a.to),
  hotlines: (_: unknown, __: unknown, ctx: HotlineContext) =>
    ctx.database.db.select().from(hotlines).orderBy(asc(hotlines.regionCode), asc(hotlines.id)),
  hotline: (_: unknown, { id }: { id: string }, ctx: HotlineContext) => ctx.loaders.hotlineById.load(id),
  seats: (_: unknown, { hotlineId }: { hotlineId: string }, ctx: HotlineContext) => ctx.loaders.seatsByHotline.load(hotlineId),
  shifts: async (_: unknown, a: { hotlineId?: string | null; seatId?: string | null; from: Date; to: Date }, ctx: HotlineContext) => {
    if (!a.seatId && !a.hotlineId) throw invalidInput('seatId', 'name a seat or a hotline');
    const hotlineId = a.seatId ? (await ctx.loaders.seatById.load(a.seatId))?.hotlineId : a.hotlineId!;
    const hotline = hotlineId ? await ctx.loaders.hotlineById.load(hotlineId) : null;
    // Rosters name staff: only the office running the line, and the roles that see every agency, read them.
    if (!hotline || !(await canSeeRoster(ctx.access, hotline.agencyId))) return [];
    const seatIds = a.seatId ? [a.seatId] : (await ctx.loaders.seatsByHotline.load(hotline.id)).map((s) => s.id);
    return listShifts(ctx.database.db, seatIds, a.from, a.to);
  },
  call: async (_: unknown, { id }: { id: string }, ctx: HotlineContext) => visibleCall(ctx, await ctx.loaders.callById.load(id)),
  calls: async (_: unknown, a: PageArgs<CallFilter>, ctx: HotlineContext) =>
    listCalls(ctx.database.db, { filter: a.filter ?? {}, scope: await callScope(ctx.access), first: a.first, after: a.after }),
  ticket: (_: unknown, { id }: { id: string }, ctx: HotlineContext) => loadVisibleTicket(ctx, id),
  ticketByNumber: async (_: unknown, { number }: { number: string }, ctx: HotlineContext) => {
    const [row] = await ctx.database.db.select().from(tickets).where(eq(tickets.number, number.trim()));
    return visibleTicket(ctx, row);
  },
  tickets: async (_: unknown, a: PageArgs<TicketFilter>, ctx: HotlineContext) => {
    const scope = await ticketScope(ctx.access, { assignee: tickets.assigneeId, region: tickets.regionCode, hotline: tickets.hotlineId, dispatcher: tickets.dispatcherId });
    return listTickets(ctx.database.db, { filter: a.filter ?? {}, scope, first: a.first, after: a.after }, ctx.clock.now());
  },
  categories: (_: unknown, __: unknown, ctx: HotlineContext) =>
    ctx.database.db.select().from(categories).where(isNull(categories.parentId)).orderBy(asc(categories.sortOrder)),
  category: (_: unknown, { id }: { id: string }, ctx: HotlineContext) => ctx.loaders.categoryById.load(id),
  routingRules: (_: unknown, a: { categoryId?: string | null; regionCode?: string | null }, ctx: HotlineContext) => {
    const where: SQL[] = [];
    if (a.categoryId) {
      const domainId = a.categoryId.split('.')[0]!;
      where.push(or(isNull(routingRules.categoryId), inArray(routingRules.categoryId, [a.categoryId, domainId]))!);
    }
    if (a.regionCode) {
      if (!isRegionCode(a.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
      where.push(inArray(routingRules.regionCode, enclosingRegions(a.regionCode)));
    }
    return ctx.database.db
      .select()
      .from(routingRules)
      .where(and(...where))
      .orderBy(asc(routingRules.regionCode), sql`${routingRules.categoryId} nulls first`);
  },
  deadlineRules: (_: unknown, __: unknown, ctx: HotlineContext) => ctx.database.db.select().from(deadlineRules).orderBy(DEADLINE_ORDER),
  routeTicket: async (_: unknown, a: { categoryId: string; regionCode: string; urgency?: Urgency | null }, ctx: HotlineContext) => {
    if (!isRegionCode(a.regionCode)) throw invalidInput('regionCode', 'must be a six-digit administrative code');
    const category = await leafCategory(ctx, a.categoryId);
    const rule = await findRoutingRule(ctx.database.db, category.id, a.regionCode);
    if (!rule) throw invalidInput('regionCode', `no routing rule covers ${category.id} in ${a.regionCode}`);
    const deadlineClass = deadlineClassFor(category.deadlineClass as DeadlineClass, a.urgency ?? 'NORMAL');
    const dueAt = dueAtFor(await deadlineRuleFor(ctx.database.db, deadlineClass), ctx.clock.now());
    return { agencyId: rule.agencyId, rule, deadlineClass, dueAt };
  },
  digest: async (_: unknown, a: { week: string; hotlineId?: string | null; top?: number | null }, ctx: HotlineContext) => {
    ctx.access.require(DIGEST_READERS, 'read the People’s Voice Digest');
    if (a.hotlineId && !(await ctx.loaders.hotlineById.load(a.hotlineId))) throw notFound('Hotline', a.hotlineId);
    return computeDigest(ctx.database.db, a.week, { hotlineId: a.hotlineId, top: a.top, now: ctx.clock.now() });
  },
};
