import { chinaDate, invalidInput } from '@civicgraph/platform';

const DAY_MS = 86_400_000;
/**
 * Calendar days from `from` to `to`, both days counted: the way a construction period (工期) is
 * stated in China, so a plan from 07-25 to 08-23 is 30 days and a job that starts and ends on the
 * same day took 1 day.
 */
export function calendarDaysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Today's date in China Standard Time, by the business clock. */
export const today = (now: Date) => chinaDate(now);

/** An actual date (of work started or finished) cannot be later than today. */
export function requireNotFuture(field: string, date: string, now: Date): string {
  if (date > today(now)) throw invalidInput(field, `${date} is in the future (today is ${today(now)})`);
  return date;
}
