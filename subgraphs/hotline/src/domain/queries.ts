import { and, eq, gte, inArray, like, lte, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  invalidInput,
  isUuid,
  keysetPageOf,
  overdueCondition,
  regionSubtree,
  type AppealStatus,
  type Executor,
} from '@civicgraph/platform';
import { calls, tickets, type CallRow, type TicketRow } from '../db/tables.ts';

export { isOverdue } from '@civicgraph/platform';

const CATEGORY_OR_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)?$/;

export function requireCategoryOrDomain(categoryId: string, field = 'categoryId'): string {
  if (!CATEGORY_OR_DOMAIN.test(categoryId)) throw invalidInput(field, 'is not a category or domain id');
  return categoryId;
}

/** A category, or a domain with every category under it. */
export function categorySubtree(column: PgColumn, categoryId: string, field = 'categoryId'): SQL {
  requireCategoryOrDomain(categoryId, field);
  return or(eq(column, categoryId), like(column, `${categoryId}.%`))!;
}

export interface TicketFilter {
  status?: AppealStatus[] | null;
  categoryId?: string | null;
  assigneeId?: string | null;
  regionCode?: string | null;
  hotlineId?: string | null;
  submittedFrom?: Date | null;
  submittedTo?: Date | null;
  overdue?: boolean | null;
  firstContactResolution?: boolean | null;
}

function ticketConditions(filter: TicketFilter, now: Date): SQL[] {
  const where: SQL[] = [];
  if (filter.submittedFrom && filter.submittedTo && filter.submittedFrom > filter.submittedTo) {
    throw invalidInput('filter.submittedTo', 'must not be before submittedFrom');
  }
  if (filter.status?.length) where.push(inArray(tickets.status, filter.status));
  if (filter.categoryId) where.push(categorySubtree(tickets.categoryId, filter.categoryId, 'filter.categoryId'));
  if (filter.assigneeId) where.push(eq(tickets.assigneeId, filter.assigneeId));
  if (filter.regionCode) where.push(like(tickets.regionCode, regionSubtree(filter.regionCode, 'filter.regionCode')));
  if (filter.hotlineId) where.push(eq(tickets.hotlineId, filter.hotlineId));
  if (filter.submittedFrom) where.push(gte(tickets.submittedAt, filter.submittedFrom));
  if (filter.submittedTo) where.push(lte(tickets.submittedAt, filter.submittedTo));
  if (filter.firstContactResolution != null) where.push(eq(tickets.firstContactResolution, filter.firstContactResolution));
  if (filter.overdue != null) where.push(overdueCondition(tickets, now, filter.overdue));
  return where;
}

export interface CallFilter {
  hotlineId?: string | null;
  seatId?: string | null;
  agentHandle?: string | null;
  outcome?: string[] | null;
  startedFrom?: Date | null;
  startedTo?: Date | null;
}

function callConditions(filter: CallFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.startedFrom && filter.startedTo && filter.startedFrom > filter.startedTo) {
    throw invalidInput('filter.startedTo', 'must not be before startedFrom');
  }
  if (filter.hotlineId) where.push(eq(calls.hotlineId, filter.hotlineId));
  if (filter.seatId) where.push(eq(calls.seatId, filter.seatId));
  if (filter.agentHandle) where.push(eq(calls.agentHandle, filter.agentHandle));
  if (filter.outcome?.length) where.push(inArray(calls.outcome, filter.outcome));
  if (filter.startedFrom) where.push(gte(calls.startedAt, filter.startedFrom));
  if (filter.startedTo) where.push(lte(calls.startedAt, filter.startedTo));
  return where;
}

const allOf = (where: SQL[]) => (where.length ? and(...where) : undefined);

/** What a list query is asked for, and `scope`: the rows the caller may read (undefined: all). */
export interface ListArgs<F> {
  filter: F;
  scope: SQL | undefined;
  first?: number | null;
  after?: string | null;
}

/** Newest first, keyset-paginated on (submittedAt, id); the caller's scope is part of the count too. */
export const listTickets = (db: Executor, a: ListArgs<TicketFilter>, now: Date) =>
  keysetPageOf(db, tickets, {
    first: a.first, after: a.after, at: tickets.submittedAt, id: tickets.id, isId: isUuid,
    key: (row: TicketRow) => ({ at: row.submittedAt, id: row.id }),
    filtered: allOf([...ticketConditions(a.filter, now), ...(a.scope ? [a.scope] : [])]),
  });

/** Newest first, keyset-paginated on (startedAt, id). */
export const listCalls = (db: Executor, a: ListArgs<CallFilter>) =>
  keysetPageOf(db, calls, {
    first: a.first, after: a.after, at: calls.startedAt, id: calls.id, isId: isUuid,
    key: (row: CallRow) => ({ at: row.startedAt, id: row.id }),
    filtered: allOf([...callConditions(a.filter), ...(a.scope ? [a.scope] : [])]),
  });
