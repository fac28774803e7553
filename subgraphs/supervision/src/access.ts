import { Role, type AppealAccessFacts } from '@civicgraph/platform';
import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SupervisionContext } from './context.ts';
import { cases, clues, supervisionOrders, type CaseRow, type ClueRow, type OrderRow } from './db/tables.ts';

/*
 * Who may see and do what in the supervision subgraph. Clues are never public: staff see those in
 * their agency's reach, the citizen who reported one sees it, see-all roles see every one. The case
 * ledger has no author, so citizens see none of it. Orders are read by the agencies they concern.
 */

type Ctx = SupervisionContext;

/**
 * Submitting a clue: the citizen online, the supervision office entering one, or an integrator's
 * application on a citizen's behalf (Open311). An integrator still moves no appeal.
 */
export const SUBMIT_ROLES: readonly Role[] = [Role.CITIZEN, Role.SUPERVISOR, Role.ADMIN, Role.INTEGRATOR];
/** Transfers, sensitivity, visits, meetings, issuing and closing orders, campaigns. */
export const SUPERVISION_ROLES: readonly Role[] = [Role.SUPERVISOR, Role.ADMIN];
/** Transferring a clue to the locality: supervisors, and the hotline office that takes clues in for its city. */
export const TRANSFER_ROLES: readonly Role[] = [Role.HOTLINE_AGENT, Role.SUPERVISOR, Role.ADMIN];
/** Answering a supervision order: the handling agency it was sent to. */
export const ANSWER_ROLES: readonly Role[] = [Role.HANDLER, Role.ADMIN];
/** Escalation configuration. */
export const CONFIG_ROLES: readonly Role[] = [Role.ADMIN];

export const clueFacts = (row: ClueRow): AppealAccessFacts => ({
  assigneeId: row.assigneeId,
  regionCode: row.regionCode,
  authorSubject: row.reporterSubject,
  isPublic: false,
  dispatcherId: row.dispatcherId,
});

export const caseFacts = (row: CaseRow): AppealAccessFacts => ({ assigneeId: row.assigneeId, regionCode: row.regionCode, dispatcherId: row.dispatcherId });

export const clueFilter = (ctx: Ctx): Promise<SQL | undefined> =>
  ctx.access.appealFilter({ assignee: clues.assigneeId, region: clues.regionCode, author: clues.reporterSubject, dispatcher: clues.dispatcherId });

export const caseFilter = (ctx: Ctx): Promise<SQL | undefined> =>
  ctx.access.appealFilter({ assignee: cases.assigneeId, region: cases.regionCode, dispatcher: cases.dispatcherId });

/** The list form of visibleOrders. */
export async function orderFilter(ctx: Ctx): Promise<SQL | undefined> {
  const readable = await ctx.access.readableAgencies();
  if (!readable) return undefined;
  if (readable.length === 0) return sql`false`;
  return or(inArray(supervisionOrders.targetAgencyId, readable), inArray(supervisionOrders.issuingAgencyId, readable));
}

/** The row if the caller may see it, else null (the graph then behaves as if it did not exist). */
export async function visibleClue(ctx: Ctx, row: ClueRow | null | undefined): Promise<ClueRow | null> {
  return row && (await ctx.access.canSee(clueFacts(row))) ? row : null;
}

export async function visibleCase(ctx: Ctx, row: CaseRow | null | undefined): Promise<CaseRow | null> {
  return row && (await ctx.access.canSee(caseFacts(row))) ? row : null;
}

/** Orders are read by see-all roles and by the agencies (with their sub-agencies) that issued or received them. */
export async function visibleOrders(ctx: Ctx, rows: readonly OrderRow[]): Promise<OrderRow[]> {
  const readable = await ctx.access.readableAgencies();
  if (!readable) return [...rows];
  return rows.filter((o) => readable.includes(o.targetAgencyId) || readable.includes(o.issuingAgencyId));
}

export async function visibleOrder(ctx: Ctx, row: OrderRow | null | undefined): Promise<OrderRow | null> {
  return row ? ((await visibleOrders(ctx, [row]))[0] ?? null) : null;
}
