import { and, gte, inArray, isNull, lt, notInArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { AppealStatus } from '../lifecycle.ts';

const S = AppealStatus;

/**
 * The one "awaiting reply" definition: statuses in which the appeal still waits for the handling
 * side's answer (an accepted appeal waiting to be forwarded again after a return included). Only
 * these can be overdue; once a reply is approved the deadline has been met.
 */
export const AWAITING_REPLY: readonly AppealStatus[] = [S.ACCEPTED, S.ASSIGNED, S.RETURNED, S.IN_PROGRESS, S.REPLY_SUBMITTED];

export const isAwaitingReply = (status: string) => AWAITING_REPLY.includes(status as AppealStatus);

/** Past its deadline while still awaiting the reply. */
export const isOverdue = (row: { status: string; dueAt: Date | null }, now: Date): boolean =>
  row.dueAt !== null && row.dueAt < now && isAwaitingReply(row.status);

/** The same rule as a where-condition over a table's status and due columns (`overdue: false` is its complement). */
export function overdueCondition(columns: { status: PgColumn; dueAt: PgColumn }, now: Date, overdue = true): SQL {
  return overdue
    ? and(inArray(columns.status, [...AWAITING_REPLY]), lt(columns.dueAt, now))!
    : or(notInArray(columns.status, [...AWAITING_REPLY]), isNull(columns.dueAt), gte(columns.dueAt, now))!;
}
