import { describe, expect, it } from 'vitest';
import { CHINA_CALENDAR, calendarOf, isWorkingDay, workingDaysBetween, type HolidayCalendar } from './calendar.ts';

const DAY_MS = 86_400_000;

/** The definition, day by day: the China dates of from + 1 day, from + 2 days, ... up to `to`. */
function countedDayByDay(from: Date, to: Date, calendar: HolidayCalendar): number {
  let count = 0;
  for (let at = from.getTime() + DAY_MS; at <= to.getTime(); at += DAY_MS) if (isWorkingDay(new Date(at), calendar)) count++;
  return count;
}

describe('workingDaysBetween, computed rather than looped', () => {
  it('equals the day-by-day count for instants spread over 2021–2028, official years and years without data', () => {
    // A fixed pseudo-random walk (no Math.random: the same pairs on every run).
    let seed = 20261201;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const start = Date.parse('2021-06-01T00:00:00Z');
    const span = Date.parse('2028-06-01T00:00:00Z') - start;
    let mismatches = 0;
    for (let i = 0; i < 600; i++) {
      const from = new Date(start + Math.floor(next() * span));
      const to = new Date(from.getTime() + Math.floor(next() * 400 * DAY_MS) - 20 * DAY_MS);
      if (workingDaysBetween(from, to) !== countedDayByDay(from, to, CHINA_CALENDAR)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('counts across National Day 2026 and the make-up Saturday after it', () => {
    // Due Wednesday 30 September 2026, 17:00: 1–7 October are holidays, Saturday 10 October is worked.
    const due = new Date('2026-09-30T17:00:00+08:00');
    expect(workingDaysBetween(due, new Date('2026-10-07T18:00:00+08:00'))).toBe(0);
    expect(workingDaysBetween(due, new Date('2026-10-09T18:00:00+08:00'))).toBe(2);
    expect(workingDaysBetween(due, new Date('2026-10-10T18:00:00+08:00'))).toBe(3);
    // To today, 1 December 2026 at 18:00: 2 + 1 (the 10th) + 35 weekdays from 12 October to 27 November + 2.
    expect(workingDaysBetween(due, new Date('2026-12-01T18:00:00+08:00'))).toBe(40);
  });

  it('counts a calendar with a holiday on a make-up day as worked (make-up days win, as isWorkingDay has it)', () => {
    const odd = calendarOf({ years: { 2030: { notice: 'test', holidays: [{ name: 'x', from: '2030-01-05', to: '2030-01-08' }], workingDays: ['2030-01-05'] } } });
    const from = new Date('2030-01-01T09:00:00+08:00');
    const to = new Date('2030-01-12T09:00:00+08:00');
    expect(workingDaysBetween(from, to, odd)).toBe(countedDayByDay(from, to, odd));
    // 8 weekdays from 2 to 12 January, less the holidays on Monday 7 and Tuesday 8, plus Saturday 5.
    expect(workingDaysBetween(from, to, odd)).toBe(8 - 2 + 1);
  });
});
