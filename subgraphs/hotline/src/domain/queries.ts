import { and, eq, gte, inArray, like, lte, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  appealListConditions,
  appealPage,
  invalidInput,
  isUuid,
  keysetPageOf,
  overdueCondition,
  type AppealListFilter,
  type Executor,
} from '@civicgraph/platform';
import { calls, tickets, type CallRow } from '../db/tables.ts';

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

export interface TicketFilter extends AppealListFilter {
  categoryId?: string | null;
  hotlineId?: string | null;
  overdue?: boolean | null;
  firstContactResolution?: boolean | null;
}

function ticketConditions(filter: TicketFilter, now: Date): SQL[] {
  const where = appealListConditions(tickets, filter);
  if (filter.categoryId) where.push(categorySubtree(tickets.categoryId, filter.categoryId, 'filter.categoryId'));
  if (filter.hotlineId) where.push(eq(tickets.hotlineId, filter.hotlineId));
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

/** Newest first; the caller's scope is part of the count too. */
export const listTickets = (db: Executor, a: ListArgs<TicketFilter>, now: Date) =>
  appealPage(db, tickets, [...ticketConditions(a.filter, now), a.scope], a.first, a.after);

/** Newest first, keyset-paginated on (startedAt, id). */
export const listCalls = (db: Executor, a: ListArgs<CallFilter>) =>
  keysetPageOf(db, calls, {
    first: a.first, after: a.after, at: calls.startedAt, id: calls.id, isId: isUuid,
    key: (row: CallRow) => ({ at: row.startedAt, id: row.id }),
    filtered: allOf([...callConditions(a.filter), ...(a.scope ? [a.scope] : [])]),
  });
