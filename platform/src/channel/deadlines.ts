import { addWorkingDays } from '../calendar.ts';

/** How long the handling agency has: calendar hours (urgent matters, round the clock) or working days. */
export interface DeadlineRule {
  unit: string;
  amount: number;
}

/** A channel's rule for appeals of a category and/or urgency; null matches any. */
export interface ChannelDeadlineRule extends DeadlineRule {
  category: string | null;
  urgency: string | null;
  description: string;
}

/** When an appeal assigned at `from` under `rule` is due (working days skip weekends and official holidays). */
export function dueAtFor<R extends DeadlineRule>(rule: R, from: Date): Date {
  if (rule.unit === 'HOURS') return new Date(from.getTime() + rule.amount * 3_600_000);
  return addWorkingDays(from, rule.amount);
}

/**
 * The most specific rule for an appeal: category and urgency, then urgency alone, then category
 * alone, then the channel's default (both null), which every channel's rule list must have.
 */
export function pickDeadlineRule<R extends ChannelDeadlineRule>(rules: readonly R[], appeal: { category: string | null; urgency: string | null }): R {
  const score = (r: R) =>
    (r.category !== null && r.category !== appeal.category) || (r.urgency !== null && r.urgency !== appeal.urgency)
      ? -1
      : (r.urgency !== null ? 2 : 0) + (r.category !== null ? 1 : 0);
  const best = [...rules].sort((a, b) => score(b) - score(a))[0];
  if (!best || score(best) < 0) throw new Error('a channel’s deadline rules need a default (category and urgency null)');
  return best;
}
