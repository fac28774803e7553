import { sql, type Column, type SQL } from 'drizzle-orm';
import type { Access, AppealAccessFacts } from '@civicgraph/platform';
import type { HotlineContext } from './context.ts';
import { calls, hotlines, type CallRow, type TicketRow } from './db/tables.ts';
import { intakeOf, ticketFacts } from './domain/channel.ts';

/*
 * Who may read which tickets and calls. Tickets follow the shared appeal rule (never public): staff
 * see their agency subtree's tickets and unassigned ones from their region; admins, supervisors,
 * dashboards and integrators see all. The office running the ticket's hotline (its intake office)
 * keeps reading it after assigning it elsewhere, as it does the return visit. A call is seen with its
 * ticket; a call without one (information, transfer, dropped) by the agency that runs its hotline.
 * This is the read side; locking for writes is the channel spec's (domain/channel.ts).
 */

/** A ticket's facts, its intake office read through the per-request (batched) hotline loader. */
export async function ticketFactsOf(ctx: HotlineContext, row: TicketRow): Promise<AppealAccessFacts> {
  const hotline = await ctx.loaders.hotlineById.load(row.hotlineId);
  return ticketFacts(row, hotline?.agencyId ?? null);
}

/** The where-condition for `tickets` lists; undefined: no limit. */
export const ticketScope = (access: Access, t: { assignee: SQL | Column; region: SQL | Column; hotline: SQL | Column; dispatcher: SQL | Column }) =>
  access.appealFilter({ assignee: t.assignee, region: t.region, intake: intakeOf(t.hotline), dispatcher: t.dispatcher });

/** The where-condition for `calls` lists, with the same rule per call as `canSeeCall`; undefined: no limit. */
export async function callScope(access: Access): Promise<SQL | undefined> {
  const onTicket = await ticketScope(access, { assignee: sql`t.assignee_id`, region: sql`t.region_code`, hotline: sql`t.hotline_id`, dispatcher: sql`t.dispatcher_id` });
  if (onTicket === undefined) return undefined;
  const agencies = (await access.readableAgencies()) ?? [];
  const ownLine = agencies.length
    ? sql`${calls.hotlineId} in (select h.id from ${hotlines} h where h.agency_id in (${sql.join(agencies.map((a) => sql`${a}`), sql`, `)}))`
    : sql`false`;
  return sql`(exists (select 1 from hotline.tickets t where t.id = ${calls.ticketId} and ${onTicket})
    or (${calls.ticketId} is null and ${ownLine}))`;
}

/** The ticket if the caller may see it, else null: the graph then behaves as if it did not exist. */
export async function visibleTicket(ctx: HotlineContext, row: TicketRow | null | undefined): Promise<TicketRow | null> {
  return row && (await ctx.access.canSee(await ticketFactsOf(ctx, row))) ? row : null;
}

export async function loadVisibleTicket(ctx: HotlineContext, id: string): Promise<TicketRow | null> {
  return visibleTicket(ctx, await ctx.loaders.ticketById.load(id));
}

/** Visible tickets of `ids`, in order, the others left out (one batched load). */
export async function loadVisibleTickets(ctx: HotlineContext, ids: readonly string[]): Promise<TicketRow[]> {
  const rows = await Promise.all(ids.map((id) => loadVisibleTicket(ctx, id)));
  return rows.filter((r): r is TicketRow => r !== null);
}

export async function canSeeCall(ctx: HotlineContext, call: CallRow): Promise<boolean> {
  if (call.ticketId) {
    const ticket = await ctx.loaders.ticketById.load(call.ticketId);
    return ticket !== null && ctx.access.canSee(await ticketFactsOf(ctx, ticket));
  }
  const hotline = await ctx.loaders.hotlineById.load(call.hotlineId);
  const agencies = await ctx.access.readableAgencies();
  return hotline !== null && (agencies === undefined || agencies.includes(hotline.agencyId));
}

export async function visibleCall(ctx: HotlineContext, row: CallRow | null | undefined): Promise<CallRow | null> {
  return row && (await canSeeCall(ctx, row)) ? row : null;
}

/** Whether the caller may read the rosters (agents' names) of this hotline: its agency's staff, or all-seeing roles. */
export async function canSeeRoster(access: Access, hotlineAgencyId: string): Promise<boolean> {
  const agencies = await access.readableAgencies();
  return agencies === undefined || agencies.includes(hotlineAgencyId);
}
