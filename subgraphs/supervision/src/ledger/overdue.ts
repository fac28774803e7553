import { isWorkingDay } from '@civicgraph/platform';

// The one "awaiting reply / overdue" definition is the kit's; the ledger counts the working days.
export { AWAITING_REPLY, isOverdue } from '@civicgraph/platform';

const DAY_MS = 86_400_000;

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
