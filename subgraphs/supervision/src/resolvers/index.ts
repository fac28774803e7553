import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { eq } from 'drizzle-orm';
import type { SupervisionContext } from '../context.ts';
import { clues } from '../db/tables.ts';
import { listCampaigns, listClues, listOrders, type CampaignFilter, type ClueFilter, type OrderFilter } from '../domain/queries.ts';
import { caseByNumber, listCases, type CaseFilter } from '../ledger/cases-query.ts';
import { readPolicy } from '../ledger/policy.ts';
import { ledgerResolvers } from './ledger.ts';
import { mutations } from './mutations.ts';
import { recordResolvers } from './records.ts';
import { CaseEvent, subscriptions } from './subscriptions.ts';

type Ctx = SupervisionContext;
type PageArgs<F> = { filter?: F | null; first?: number | null; after?: string | null };

export const resolvers: GraphQLResolverMap<Ctx> = {
  Query: {
    clue: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.clueById.load(id),
    clueByNumber: async (_: unknown, { number }: { number: string }, ctx: Ctx) =>
      (await ctx.database.db.select().from(clues).where(eq(clues.number, number.trim())))[0] ?? null,
    clues: (_: unknown, a: PageArgs<ClueFilter>, ctx: Ctx) => listClues(ctx.database.db, a.filter ?? {}, a.first, a.after),
    supervisionOrder: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.orderById.load(id),
    supervisionOrders: (_: unknown, a: PageArgs<OrderFilter>, ctx: Ctx) => listOrders(ctx.database.db, a.filter ?? {}, a.first, a.after),
    inspectionCampaign: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.campaignById.load(id),
    inspectionCampaigns: (_: unknown, a: PageArgs<CampaignFilter>, ctx: Ctx) =>
      listCampaigns(ctx.database.db, a.filter ?? {}, a.first, a.after),
    case: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.loaders.caseById.load(id),
    caseByNumber: (_: unknown, { number }: { number: string }, ctx: Ctx) => caseByNumber(ctx.database.db, number),
    cases: (_: unknown, a: PageArgs<CaseFilter>, ctx: Ctx) =>
      listCases(ctx.database.db, a.filter ?? {}, ctx.clock.now(), a.first, a.after),
    escalationPolicy: (_: unknown, __: unknown, ctx: Ctx) => readPolicy(ctx.database.db),
  },
  Mutation: mutations,
  Subscription: subscriptions,
  CaseEvent,
  ...recordResolvers,
  ...ledgerResolvers,
};
