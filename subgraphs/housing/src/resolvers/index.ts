import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { maskFreeText, maskNotes, onEveryAppeal, orderAppealFields, orderLookups, orderTransitionFields, type RequestContext } from '@civicgraph/platform';
import { readable, readableOrders, requireOrderAgency, WORK_ORDER_ROLES } from '../access.ts';
import { actorOf, type HousingContext } from '../context.ts';
import { workOrders, type WorkOrderRow } from '../db/tables.ts';
import { listWorkOrders, type WorkOrderFilter } from '../domain/queries.ts';
import * as domain from '../domain/work-orders.ts';

type PageArgs = { filter?: WorkOrderFilter | null; first?: number | null; after?: string | null };
type Id = { id: string };
type WithNote = Id & { note?: string | null };

/**
 * Appeals of every channel (and their cases) list the work orders answering them, batched by appeal
 * id. Not filtered by agency: a work order holds no personal data, so whoever may see the appeal
 * (its channel decides) may see the works answering it.
 */
const appealWorkOrders = {
  workOrders: (appeal: Id, _: unknown, ctx: HousingContext) => ctx.loaders.workOrdersByAppeal.load(appeal.id),
};
const lookups = orderLookups(workOrders, (ctx: HousingContext) => ctx.loaders.workOrderById, readable);

export const resolvers: GraphQLResolverMap<HousingContext> = {
  Query: {
    workOrder: lookups.byId,
    workOrderByNumber: lookups.byNumber,
    workOrders: async (_: unknown, { filter, first, after }: PageArgs, ctx: HousingContext) =>
      listWorkOrders(ctx.database.db, filter ?? {}, first, after, await readableOrders(ctx.access)),
  },
  // Roles are checked first (nothing read for a caller who may never act), agency reach on the row as locked.
  Mutation: {
    createWorkOrder: async (_: unknown, { input }: { input: domain.CreateWorkOrderInput }, ctx: HousingContext) => {
      await ctx.access.requireAgency(WORK_ORDER_ROLES.create, input.responsibleAgencyId, 'create a work order');
      return domain.createWorkOrder(actorOf(ctx), input);
    },
    startWorkOrder: (_: unknown, a: WithNote & { actualStart?: string | null }, ctx: HousingContext) => {
      ctx.access.require(WORK_ORDER_ROLES.start, 'start a work order');
      return domain.startWorkOrder(actorOf(ctx), a.id, a.actualStart, a.note, (row) => requireOrderAgency(ctx.access, 'start', row));
    },
    completeWorkOrder: (_: unknown, a: WithNote & { actualEnd?: string | null }, ctx: HousingContext) => {
      ctx.access.require(WORK_ORDER_ROLES.complete, 'complete a work order');
      return domain.completeWorkOrder(actorOf(ctx), a.id, a.actualEnd, a.note, (row) => requireOrderAgency(ctx.access, 'complete', row));
    },
    acceptWorkOrder: (_: unknown, a: WithNote, ctx: HousingContext) => {
      ctx.access.require(WORK_ORDER_ROLES.accept, 'accept a work order');
      return domain.acceptWorkOrder(actorOf(ctx), a.id, a.note, (row) => requireOrderAgency(ctx.access, 'accept', row));
    },
    cancelWorkOrder: (_: unknown, a: Id & { reason: string }, ctx: HousingContext) => {
      ctx.access.require(WORK_ORDER_ROLES.cancel, 'cancel a work order');
      return domain.cancelWorkOrder(actorOf(ctx), a.id, a.reason, (row) => requireOrderAgency(ctx.access, 'cancel', row));
    },
  },
  ...onEveryAppeal(appealWorkOrders),
  WorkOrder: {
    __resolveReference: lookups.reference,
    ...orderAppealFields,
    responsibleAgency: (order: WorkOrderRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(order.responsibleAgencyId),
    executingUnit: (order: WorkOrderRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(order.executingAgencyId),
    // Free text: numbers, ID numbers and e-mails masked for every role (no citizen's name is known here).
    title: (order: WorkOrderRow) => maskFreeText(order.title),
    scope: (order: WorkOrderRow) => maskFreeText(order.scope),
    location: (order: WorkOrderRow) => maskFreeText(order.location),
    contractor: (order: WorkOrderRow) => maskFreeText(order.contractor),
    plannedDays: (order: WorkOrderRow) => domain.durations(order).plannedDays,
    actualDays: (order: WorkOrderRow) => domain.durations(order).actualDays,
    daysAheadOfPlan: (order: WorkOrderRow) => domain.durations(order).daysAheadOfPlan,
    timeline: async (order: WorkOrderRow, _: unknown, ctx: HousingContext) => maskNotes(await ctx.loaders.timelineByWorkOrder.load(order.id)),
  },
  WorkOrderTransition: orderTransitionFields,
};
