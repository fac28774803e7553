/**
 * Working-day arithmetic for deadlines and escalation. Dates are reckoned in China Standard Time
 * (UTC+8, no daylight saving). A calendar is a set of holidays plus a set of make-up working days
 * (调休: weekend days that are worked to bridge a holiday), both as YYYY-MM-DD strings.
 */
export interface HolidayCalendar {
  holidays: ReadonlySet<string>;
  workingWeekends: ReadonlySet<string>;
}

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The State Council's 2022 and 2023 public holidays and make-up working days. */
export const CHINA_CALENDAR: HolidayCalendar = {
  holidays: new Set([
    ...range('2022-01-01', '2022-01-03'), ...range('2022-01-31', '2022-02-06'), ...range('2022-04-03', '2022-04-05'),
    ...range('2022-04-30', '2022-05-04'), ...range('2022-06-03', '2022-06-05'), ...range('2022-09-10', '2022-09-12'),
    ...range('2022-10-01', '2022-10-07'), ...range('2022-12-31', '2023-01-02'), ...range('2023-01-21', '2023-01-27'),
    '2023-04-05', ...range('2023-04-29', '2023-05-03'), ...range('2023-06-22', '2023-06-24'),
    ...range('2023-09-29', '2023-10-06'),
  ]),
  workingWeekends: new Set([
    '2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09',
    '2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08',
  ]),
};

function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time. */
export const chinaDate = (at: Date) => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

/** The year of an instant in China Standard Time (2026-12-31T16:30Z is 2027 there). */
export const chinaYear = (at: Date) => new Date(at.getTime() + CST_OFFSET_MS).getUTCFullYear();

export function isWorkingDay(at: Date, calendar: HolidayCalendar = CHINA_CALENDAR): boolean {
  const date = chinaDate(at);
  if (calendar.workingWeekends.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(at.getTime() + CST_OFFSET_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The instant `days` working days after `from`, at the same time of day (holidays and weekends skipped). */
export function addWorkingDays(from: Date, days: number, calendar: HolidayCalendar = CHINA_CALENDAR): Date {
  let at = new Date(from);
  let left = days;
  while (left > 0) {
    at = new Date(at.getTime() + DAY_MS);
    if (isWorkingDay(at, calendar)) left--;
  }
  return at;
}

/** Whole working days that have passed from `from` to `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: Date, to: Date, calendar: HolidayCalendar = CHINA_CALENDAR): number {
  let count = 0;
  for (let at = new Date(from.getTime() + DAY_MS); at <= to; at = new Date(at.getTime() + DAY_MS)) {
    if (isWorkingDay(at, calendar)) count++;
  }
  return count;
}
