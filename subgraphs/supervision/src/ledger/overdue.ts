import { isWorkingDay, type AppealStatus } from '@civicgraph/platform';

/** Statuses in which an appeal still awaits its reply: only these can be overdue. */
export const AWAITING_REPLY: readonly AppealStatus[] = ['ACCEPTED', 'ASSIGNED', 'RETURNED', 'IN_PROGRESS', 'REPLY_SUBMITTED'];

const DAY_MS = 86_400_000;

export function isOverdue(row: { status: string; dueAt: Date | null }, now: Date): boolean {
  return row.dueAt !== null && now > row.dueAt && AWAITING_REPLY.includes(row.status as AppealStatus);
}

/**
 * Whole working days from `dueAt` to `now`, like the platform's workingDaysBetween, but it stops
 * counting at `cap`: escalation only needs to know whether a threshold is reached, and a case years
 * overdue would otherwise cost a loop over every day since.
 */
export function workingDaysOverdue(dueAt: Date, now: Date, cap = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (let at = dueAt.getTime() + DAY_MS; at <= now.getTime() && count < cap; at += DAY_MS) {
    if (isWorkingDay(new Date(at))) count++;
  }
  return count;
}
