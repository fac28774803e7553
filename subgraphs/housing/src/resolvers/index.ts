import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { eq } from 'drizzle-orm';
import { actorOf, type HousingContext } from '../context.ts';
import { workOrders, type WorkOrderRow, type WorkOrderTransitionRow } from '../db/tables.ts';
import { listWorkOrders, type WorkOrderFilter } from '../domain/queries.ts';
import * as domain from '../domain/work-orders.ts';

const agencyRef = (id: string | null) => (id ? { __typename: 'Agency', id } : null);
type PageArgs = { filter?: WorkOrderFilter | null; first?: number | null; after?: string | null };
type Id = { id: string };
type WithNote = Id & { note?: string | null };

/** Appeals of every channel (and their cases) list the work orders answering them, batched by appeal id. */
const appealWorkOrders = {
  workOrders: (appeal: Id, _: unknown, ctx: HousingContext) => ctx.loaders.workOrdersByAppeal.load(appeal.id),
};
const appealOfChannel = (channel: WorkOrderRow['appealChannel'], typename: string) => (order: WorkOrderRow) =>
  order.appealChannel === channel ? { __typename: typename, id: order.appealId } : null;

export const resolvers: GraphQLResolverMap<HousingContext> = {
  Query: {
    workOrder: (_: unknown, { id }: Id, ctx: HousingContext) => ctx.loaders.workOrderById.load(id),
    workOrderByNumber: async (_: unknown, { number }: { number: string }, ctx: HousingContext) => {
      const [row] = await ctx.database.db.select().from(workOrders).where(eq(workOrders.number, number.trim()));
      return row ?? null;
    },
    workOrders: (_: unknown, { filter, first, after }: PageArgs, ctx: HousingContext) =>
      listWorkOrders(ctx.database.db, filter ?? {}, first, after),
  },
  Mutation: {
    createWorkOrder: (_: unknown, { input }: { input: domain.CreateWorkOrderInput }, ctx: HousingContext) =>
      domain.createWorkOrder(actorOf(ctx), input),
    startWorkOrder: (_: unknown, a: WithNote & { actualStart?: string | null }, ctx: HousingContext) =>
      domain.startWorkOrder(actorOf(ctx), a.id, a.actualStart, a.note),
    completeWorkOrder: (_: unknown, a: WithNote & { actualEnd?: string | null }, ctx: HousingContext) =>
      domain.completeWorkOrder(actorOf(ctx), a.id, a.actualEnd, a.note),
    acceptWorkOrder: (_: unknown, a: WithNote, ctx: HousingContext) => domain.acceptWorkOrder(actorOf(ctx), a.id, a.note),
    cancelWorkOrder: (_: unknown, a: Id & { reason: string }, ctx: HousingContext) =>
      domain.cancelWorkOrder(actorOf(ctx), a.id, a.reason),
  },
  Message: appealWorkOrders,
  Ticket: appealWorkOrders,
  Clue: appealWorkOrders,
  Case: appealWorkOrders,
  WorkOrder: {
    __resolveReference: (ref: Id, ctx: HousingContext) => ctx.loaders.workOrderById.load(ref.id),
    message: appealOfChannel('BOARD', 'Message'),
    ticket: appealOfChannel('HOTLINE', 'Ticket'),
    clue: appealOfChannel('SUPERVISION', 'Clue'),
    responsibleAgency: (order: WorkOrderRow) => agencyRef(order.responsibleAgencyId),
    executingUnit: (order: WorkOrderRow) => agencyRef(order.executingAgencyId),
    region: (order: WorkOrderRow) => ({ __typename: 'Region', code: order.regionCode }),
    plannedDays: (order: WorkOrderRow) => domain.durations(order).plannedDays,
    actualDays: (order: WorkOrderRow) => domain.durations(order).actualDays,
    daysAheadOfPlan: (order: WorkOrderRow) => domain.durations(order).daysAheadOfPlan,
    timeline: (order: WorkOrderRow, _: unknown, ctx: HousingContext) => ctx.loaders.timelineByWorkOrder.load(order.id),
  },
  WorkOrderTransition: {
    from: (t: WorkOrderTransitionRow) => t.fromStatus,
    to: (t: WorkOrderTransitionRow) => t.toStatus,
  },
};
