import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { eq } from 'drizzle-orm';
import { Scope, type RequestContext } from '@civicgraph/platform';
import { caseFilter, clueFilter, orderFilter, visibleCase, visibleClue, visibleOrder } from '../access.ts';
import type { SupervisionContext } from '../context.ts';
import { clues } from '../db/tables.ts';
import { listCampaigns, listClues, listOrders, type CampaignFilter, type ClueFilter, type OrderFilter } from '../domain/queries.ts';
import { caseByNumber, listCases, type CaseFilter } from '../ledger/cases-query.ts';
import { listPublicNotices, type PublicNoticeRow } from '../ledger/notices.ts';
import { readPolicy } from '../ledger/policy.ts';
import { ledgerResolvers } from './ledger.ts';
import { mutations } from './mutations.ts';
import { recordResolvers } from './records.ts';
import { CaseEvent, subscriptions } from './subscriptions.ts';

type Ctx = SupervisionContext;
type PageArgs<F> = { filter?: F | null; first?: number | null; after?: string | null };

export const resolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    clue: async (_: unknown, { id }: { id: string }, ctx: Ctx) => visibleClue(ctx, await ctx.loaders.clueById.load(id)),
    clueByNumber: async (_: unknown, { number }: { number: string }, ctx: Ctx) =>
      visibleClue(ctx, (await ctx.database.db.select().from(clues).where(eq(clues.number, number.trim())))[0]),
    clues: async (_: unknown, a: PageArgs<ClueFilter>, ctx: Ctx) =>
      listClues(ctx.database.db, a.filter ?? {}, a.first, a.after, await clueFilter(ctx)),
    supervisionOrder: async (_: unknown, { id }: { id: string }, ctx: Ctx) => visibleOrder(ctx, await ctx.loaders.orderById.load(id)),
    supervisionOrders: async (_: unknown, a: PageArgs<OrderFilter>, ctx: Ctx) =>
      listOrders(ctx.database.db, a.filter ?? {}, a.first, a.after, await orderFilter(ctx)),
    // Campaigns name regions and agencies, nothing about any appeal: every reader of appeals may see them.
    inspectionCampaign: (_: unknown, { id }: { id: string }, ctx: Ctx) => {
      ctx.access.requireScope(Scope.APPEALS_READ, 'read inspection campaigns');
      return ctx.loaders.campaignById.load(id);
    },
    inspectionCampaigns: (_: unknown, a: PageArgs<CampaignFilter>, ctx: Ctx) => {
      ctx.access.requireScope(Scope.APPEALS_READ, 'read inspection campaigns');
      return listCampaigns(ctx.database.db, a.filter ?? {}, a.first, a.after);
    },
    case: async (_: unknown, { id }: { id: string }, ctx: Ctx) => visibleCase(ctx, await ctx.loaders.caseById.load(id)),
    caseByNumber: async (_: unknown, { number }: { number: string }, ctx: Ctx) => visibleCase(ctx, await caseByNumber(ctx.database.db, number)),
    cases: async (_: unknown, a: PageArgs<CaseFilter>, ctx: Ctx) =>
      listCases(ctx.database.db, a.filter ?? {}, ctx.clock.now(), { first: a.first, after: a.after, scope: await caseFilter(ctx) }),
    // Public by design (issue 9): a notice names the appeal's number and the agency, nothing personal.
    publicNotices: (_: unknown, a: { first?: number | null; after?: string | null }, ctx: Ctx) =>
      listPublicNotices(ctx.database.db, a.first, a.after),
    escalationPolicy: (_: unknown, __: unknown, ctx: Ctx) => {
      ctx.access.requireScope(Scope.APPEALS_READ, 'read the escalation policy');
      return readPolicy(ctx.database.db);
    },
  },
  Mutation: mutations,
  Subscription: subscriptions,
  CaseEvent,
  PublicNotice: {
    region: (row: PublicNoticeRow, _: unknown, ctx: RequestContext) => ctx.directory.region(row.regionCode),
    agency: (row: PublicNoticeRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(row.assigneeId),
  },
  ...recordResolvers,
  ...ledgerResolvers,
};
