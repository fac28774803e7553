import { workingDaysBetween } from '@civicgraph/platform';

// The one "awaiting reply / overdue" definition is the kit's; the ledger counts the working days.
export { AWAITING_REPLY, isOverdue } from '@civicgraph/platform';

/**
 * Whole working days from `dueAt` to `now` on the official calendar (holidays skipped, make-up
 * days counted): the real count, however long overdue (the platform computes it without a loop).
 */
export const workingDaysOverdue = (dueAt: Date, now: Date): number => workingDaysBetween(dueAt, now);
