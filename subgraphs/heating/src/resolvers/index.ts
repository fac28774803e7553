import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { maskAddress, maskFreeText, maskNotes, onEveryAppeal, orderAppealFields, orderLookups, orderTransitionFields, type RequestContext } from '@civicgraph/platform';
import { HEATING_WORK_ROLES, readable, readableOnly, readableOrders, requireCompany, STANDARD_ROLES } from '../access.ts';
import { actorOf, type HeatingContext } from '../context.ts';
import { heatingOrders, type HeatingOrderRow, type ReadingRow } from '../db/tables.ts';
import * as orders from '../domain/heating-orders.ts';
import * as observations from '../domain/observations.ts';
import { revealHeatingAddress } from '../domain/reveal.ts';
import { listHeatingOrders, type HeatingOrderFilter } from '../domain/queries.ts';
import { DEFAULT_ROOM_STANDARD_C, setHeatingStandard, standardView, type HeatingStandard } from '../domain/standards.ts';

type PageArgs = { filter?: HeatingOrderFilter | null; first?: number | null; after?: string | null };
type Id = { id: string };

/**
 * Appeals of every channel (and their cases) list the heating orders answering them, batched by
 * appeal id — only those the caller may read: an order names a household, so seeing the appeal is not enough.
 */
const appealHeatingOrders = {
  heatingOrders: async (appeal: Id, _: unknown, ctx: HeatingContext) => readableOnly(ctx.access, await ctx.loaders.ordersByAppeal.load(appeal.id)),
};
/** Work on an existing order: the role first (nothing read otherwise), the company on the row as locked. */
const work = (ctx: HeatingContext, what: string) => {
  ctx.access.require(HEATING_WORK_ROLES, what);
  return (row: HeatingOrderRow) => requireCompany(ctx.access, row.companyId, `${what} ${row.number}`);
};
const currentStandard = async (companyId: string, ctx: HeatingContext) =>
  (await ctx.loaders.standardByCompany.load(companyId))?.roomMinC ?? DEFAULT_ROOM_STANDARD_C;

const lookups = orderLookups(heatingOrders, (ctx: HeatingContext) => ctx.loaders.orderById, readable);

export const resolvers: GraphQLResolverMap<HeatingContext> = {
  Query: {
    heatingOrder: lookups.byId,
    heatingOrderByNumber: lookups.byNumber,
    heatingOrders: async (_: unknown, { filter, first, after }: PageArgs, ctx: HeatingContext) =>
      listHeatingOrders(ctx.database.db, filter ?? {}, first, after, await readableOrders(ctx.access)),
    heatingStandard: async (_: unknown, { companyId }: { companyId: string }, ctx: HeatingContext) =>
      standardView(companyId, await ctx.loaders.standardByCompany.load(companyId)),
  },
  Mutation: {
    createHeatingOrder: async (_: unknown, { input }: { input: orders.CreateHeatingOrderInput }, ctx: HeatingContext) => {
      await requireCompany(ctx.access, input.companyId, 'create a heating order');
      return orders.createHeatingOrder(actorOf(ctx), input);
    },
    startHeatingInspection: (_: unknown, a: Id & { note?: string | null }, ctx: HeatingContext) =>
      orders.startInspection(actorOf(ctx), a.id, a.note, work(ctx, 'inspect heating order')),
    addHeatingReading: (_: unknown, a: Id & { input: observations.ReadingInput }, ctx: HeatingContext) =>
      observations.addReading(actorOf(ctx), a.id, a.input, work(ctx, 'record a reading on heating order')),
    addHeatingMeasure: (_: unknown, a: Id & { input: observations.MeasureInput }, ctx: HeatingContext) =>
      observations.addMeasure(actorOf(ctx), a.id, a.input, work(ctx, 'record a measure on heating order')),
    resolveHeatingOrder: (_: unknown, a: Id & { note?: string | null }, ctx: HeatingContext) =>
      orders.resolveOrder(actorOf(ctx), a.id, a.note, work(ctx, 'resolve heating order')),
    markHeatingOrderUnresolved: (_: unknown, a: Id & { reason: string }, ctx: HeatingContext) =>
      orders.markUnresolved(actorOf(ctx), a.id, a.reason, work(ctx, 'mark unresolved heating order')),
    setHeatingStandard: (_: unknown, a: { companyId: string; roomMinC: number }, ctx: HeatingContext) => {
      ctx.access.require(STANDARD_ROLES, 'configure heating standards');
      return setHeatingStandard(actorOf(ctx), a.companyId, a.roomMinC);
    },
    revealHeatingAddress: (_: unknown, a: Id & { reason: string }, ctx: HeatingContext) =>
      revealHeatingAddress({ db: ctx.database.db, clock: ctx.clock, access: ctx.access }, a.id, a.reason),
  },
  Agency: {
    // The orders themselves (numbers, addresses masked) only within the caller's reach; the count below is public.
    openHeatingOrders: async (agency: Id, _: unknown, ctx: HeatingContext) =>
      readableOnly(ctx.access, await ctx.loaders.openOrdersByCompany.load(agency.id)),
    roomsBelowStandard: (agency: Id, _: unknown, ctx: HeatingContext) => ctx.loaders.roomsBelowStandardByCompany.load(agency.id),
  },
  ...onEveryAppeal(appealHeatingOrders),
  HeatingOrder: {
    __resolveReference: lookups.reference,
    ...orderAppealFields,
    company: (order: HeatingOrderRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(order.companyId),
    supervisingAgency: (order: HeatingOrderRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(order.supervisingAgencyId),
    // Masked for every role; revealHeatingAddress gives it in full, audited.
    address: (order: HeatingOrderRow) => maskAddress(order.address),
    // Free text: numbers, ID numbers and e-mails masked for every role (the household has no known name here).
    description: (order: HeatingOrderRow) => maskFreeText(order.description),
    readings: (order: HeatingOrderRow, _: unknown, ctx: HeatingContext) => ctx.loaders.readingsByOrder.load(order.id),
    latestReading: (order: HeatingOrderRow, _: unknown, ctx: HeatingContext) => ctx.loaders.latestReadingByOrder.load(order.id),
    standardRoomC: (order: HeatingOrderRow, _: unknown, ctx: HeatingContext) => currentStandard(order.companyId, ctx),
    roomMeetsStandard: async (order: HeatingOrderRow, _: unknown, ctx: HeatingContext) => {
      const [latest, standard] = await Promise.all([
        ctx.loaders.latestRoomReadingByOrder.load(order.id),
        currentStandard(order.companyId, ctx),
      ]);
      return latest?.roomC == null ? null : latest.roomC >= standard;
    },
    measures: async (order: HeatingOrderRow, _: unknown, ctx: HeatingContext) =>
      (await ctx.loaders.measuresByOrder.load(order.id)).map((m) => ({ ...m, description: maskFreeText(m.description) })),
    timeline: async (order: HeatingOrderRow, _: unknown, ctx: HeatingContext) => maskNotes(await ctx.loaders.timelineByOrder.load(order.id)),
  },
  HeatingReading: {
    meetsStandard: (reading: ReadingRow) => (reading.roomC === null ? null : reading.roomC >= reading.standardRoomC),
  },
  HeatingStandard: {
    company: (standard: HeatingStandard, _: unknown, ctx: RequestContext) => ctx.directory.agency(standard.companyId),
  },
  HeatingOrderTransition: orderTransitionFields,
};
