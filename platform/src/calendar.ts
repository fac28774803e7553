import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Working-day arithmetic for deadlines and escalation. Dates are reckoned in China Standard Time
 * (UTC+8, no daylight saving). A calendar is a set of holidays plus a set of make-up working days
 * (调休: weekend days that are worked to bridge a holiday), both as YYYY-MM-DD strings, and the
 * years its data covers. The official arrangements are data (platform/calendar/china-holidays.json),
 * not code: a year is added with `npm run calendar -- add <file>` (calendar-data.ts).
 */
export interface HolidayCalendar {
  holidays: ReadonlySet<string>;
  workingWeekends: ReadonlySet<string>;
  /** Years whose official arrangements are in the data; other years count weekends only. */
  years: ReadonlySet<number>;
}

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** One year's arrangement as the State Council General Office's notice gives it. */
export interface HolidayYear {
  notice: string;
  holidays: { name: string; from: string; to: string }[];
  workingDays: string[];
}

export interface HolidayData {
  about?: string;
  years: Record<string, HolidayYear>;
}

export const HOLIDAY_DATA_FILE = fileURLToPath(new URL('../calendar/china-holidays.json', import.meta.url));

export function calendarOf(data: HolidayData): HolidayCalendar {
  const years = Object.values(data.years);
  return {
    holidays: new Set(years.flatMap((y) => y.holidays.flatMap((h) => range(h.from, h.to)))),
    workingWeekends: new Set(years.flatMap((y) => y.workingDays)),
    years: new Set(Object.keys(data.years).map(Number)),
  };
}

export const readHolidayData = (file = HOLIDAY_DATA_FILE): HolidayData => JSON.parse(readFileSync(file, 'utf8')) as HolidayData;

/** The official calendar, read from the data file when the process starts. */
export const CHINA_CALENDAR: HolidayCalendar = calendarOf(readHolidayData());

export function range(from: string, to: string): string[] {
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

/**
 * Whole working days that have passed from `from` to `to` (0 when `to` is not after `from`): the
 * China dates of from + 1 day, from + 2 days, ... up to `to`. Computed, not looped, so a case years
 * overdue costs the same as one a day late: weekdays by arithmetic, less the holidays on weekdays,
 * plus the make-up weekend days, both counted by binary search over the calendar's sorted days.
 */
export function workingDaysBetween(from: Date, to: Date, calendar: HolidayCalendar = CHINA_CALENDAR): number {
  const days = Math.floor((to.getTime() - from.getTime()) / DAY_MS);
  if (days <= 0) return 0;
  const first = chinaDayNumber(from) + 1;
  const last = first + days - 1;
  const { weekdayHolidays, weekendWorkdays } = exceptionsOf(calendar);
  return weekdaysBefore(last + 1) - weekdaysBefore(first) - countIn(weekdayHolidays, first, last) + countIn(weekendWorkdays, first, last);
}

/** Days since 1970-01-01 of an instant's date in China Standard Time. */
const chinaDayNumber = (at: Date) => Math.floor((at.getTime() + CST_OFFSET_MS) / DAY_MS);
const dayNumberOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
// Day 0 (1970-01-01) was a Thursday; 0 = Sunday.
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;
const isWeekend = (day: number) => weekdayOf(day) === 0 || weekdayOf(day) === 6;
// Weekdays among the first r days of a week that starts on a Thursday (Thu Fri Sat Sun Mon Tue Wed).
const WEEKDAYS_IN_FIRST = [0, 1, 2, 2, 2, 3, 4, 5];

/** Weekdays among days [0, day). */
function weekdaysBefore(day: number): number {
  const weeks = Math.floor(day / 7);
  return weeks * 5 + WEEKDAYS_IN_FIRST[day - weeks * 7]!;
}

const exceptions = new WeakMap<HolidayCalendar, { weekdayHolidays: number[]; weekendWorkdays: number[] }>();

/** The days where the calendar departs from Monday-to-Friday, sorted; computed once per calendar. */
function exceptionsOf(calendar: HolidayCalendar) {
  let found = exceptions.get(calendar);
  if (!found) {
    const sorted = (dates: Iterable<string>, keep: (day: number) => boolean) => [...dates].map(dayNumberOf).filter(keep).sort((a, b) => a - b);
    found = {
      weekdayHolidays: sorted(calendar.holidays, (day) => !isWeekend(day) && !calendar.workingWeekends.has(chinaDate(new Date(day * DAY_MS)))),
      weekendWorkdays: sorted(calendar.workingWeekends, isWeekend),
    };
    exceptions.set(calendar, found);
  }
  return found;
}

/** How many of the sorted `days` are in [first, last]. */
const countIn = (days: number[], first: number, last: number) => lowerBound(days, last + 1) - lowerBound(days, first);

function lowerBound(days: number[], value: number): number {
  let [lo, hi] = [0, days.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which years a computation from `from` to `to` needed and which of them the calendar has no data for. */
export interface CalendarCoverage {
  years: number[];
  missingYears: number[];
  /** True when every year needed is covered by official data; false means weekends only for the missing years. */
  complete: boolean;
}

export function calendarCoverage(from: Date, to: Date, calendar: HolidayCalendar = CHINA_CALENDAR): CalendarCoverage {
  const [a, b] = [chinaYear(from), chinaYear(to)].sort((x, y) => x - y) as [number, number];
  const years = Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const missingYears = years.filter((y) => !calendar.years.has(y));
  return { years, missingYears, complete: missingYears.length === 0 };
}

/**
 * A readiness warning when the calendar lacks the current year, or next year once December has
 * come (deadlines set then run into January): deadlines then count weekends only.
 */
export function calendarWarnings(now: Date, calendar: HolidayCalendar = CHINA_CALENDAR): string[] {
  const year = chinaYear(now);
  const needed = chinaDate(now).slice(5, 7) === '12' ? [year, year + 1] : [year];
  return needed
    .filter((y) => !calendar.years.has(y))
    .map((y) => `no official holiday data for ${y}: deadlines in ${y} count weekends only (add it with npm run calendar -- add <file>)`);
}
