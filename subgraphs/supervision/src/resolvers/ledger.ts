import { invalidInput, maskFreeText, type Channel, type RequestContext } from '@civicgraph/platform';
import { visibleCase, visibleClue, visibleOrder, visibleOrders } from '../access.ts';
import type { SupervisionContext } from '../context.ts';
import type { CaseRow, EscalationRow, PolicyRow } from '../db/tables.ts';
import { isOverdue, workingDaysOverdue } from '../ledger/overdue.ts';

type Ctx = SupervisionContext;

/** A reference to the channel's own record, resolved by the channel's subgraph; null for other channels. */
const channelRecord = (row: CaseRow, channel: string, typename: string) => (row.channel === channel ? { __typename: typename, id: row.id } : null);

/** The cross-channel ledger's types, and the KPIs supervision adds to Agency. */
export const ledgerResolvers = {
  Case: {
    __resolveReference: async (ref: { id: string }, ctx: Ctx) => visibleCase(ctx, await ctx.loaders.caseById.load(ref.id)),
    region: (row: CaseRow, _: unknown, ctx: RequestContext) => ctx.directory.region(row.regionCode),
    // Written masked from the channels' events; masked again for cases projected before that.
    title: (row: CaseRow) => maskFreeText(row.title),
    assignee: (row: CaseRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(row.assigneeId),
    overdue: (row: CaseRow, _: unknown, ctx: Ctx) => isOverdue(row, ctx.clock.now()),
    workingDaysOverdue: (row: CaseRow, _: unknown, ctx: Ctx) => {
      const now = ctx.clock.now();
      return isOverdue(row, now) ? workingDaysOverdue(row.dueAt!, now) : null;
    },
    escalationLevel: async (row: CaseRow, _: unknown, ctx: Ctx) =>
      Math.max(0, ...(await ctx.loaders.escalationsByCase.load(row.id)).map((e) => e.level)),
    escalations: (row: CaseRow, _: unknown, ctx: Ctx) => ctx.loaders.escalationsByCase.load(row.id),
    supervisionOrders: async (row: CaseRow, _: unknown, ctx: Ctx) => visibleOrders(ctx, await ctx.loaders.ordersByAppeal.load(row.id)),
    mergedInto: async (row: CaseRow, _: unknown, ctx: Ctx) =>
      row.mergedIntoId ? visibleCase(ctx, await ctx.loaders.caseById.load(row.mergedIntoId)) : null,
    message: (row: CaseRow) => channelRecord(row, 'BOARD', 'Message'),
    ticket: (row: CaseRow) => channelRecord(row, 'HOTLINE', 'Ticket'),
    clue: async (row: CaseRow, _: unknown, ctx: Ctx) =>
      row.channel === 'SUPERVISION' ? visibleClue(ctx, await ctx.loaders.clueById.load(row.id)) : null,
  },
  CaseEscalation: {
    supervisionOrder: async (e: EscalationRow, _: unknown, ctx: Ctx) =>
      e.orderId ? visibleOrder(ctx, await ctx.loaders.orderById.load(e.orderId)) : null,
  },
  EscalationPolicy: {
    issuingAgency: (p: PolicyRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(p.issuingAgencyId),
  },
  Agency: {
    __resolveReference: (ref: { id: string }) => ref,
    kpis: (agency: { id: string }, { from, to, channel }: { from: Date; to: Date; channel?: Channel[] | null }, ctx: Ctx) => {
      if (!(to > from)) throw invalidInput('to', 'must be after from');
      if (channel && channel.length === 0) throw invalidInput('channel', 'name at least one channel, or leave it out for all');
      return ctx.loaders.kpis.load({ agencyId: agency.id, from, to, channels: channel ? [...new Set(channel)].sort() : null });
    },
  },
};
