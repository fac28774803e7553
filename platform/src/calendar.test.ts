import { describe, expect, it } from 'vitest';
import { addWorkingDays, chinaDate, isWorkingDay, workingDaysBetween } from './calendar.ts';

describe('working-day calendar', () => {
  it('skips weekends and the National Day holiday, and counts make-up Saturdays', () => {
    // Friday 2022-09-30 17:00 CST + 1 working day: the holiday runs to 10-07, and 10-08 (Sat) is worked.
    expect(chinaDate(addWorkingDays(new Date('2022-09-30T17:00:00+08:00'), 1))).toBe('2022-10-08');
    // Monday 2022-11-28 + 5 working days = Monday 2022-12-05.
    expect(chinaDate(addWorkingDays(new Date('2022-11-28T09:00:00+08:00'), 5))).toBe('2022-12-05');
    expect(isWorkingDay(new Date('2022-10-03T12:00:00+08:00'))).toBe(false);
    expect(isWorkingDay(new Date('2022-10-09T12:00:00+08:00'))).toBe(true);
    expect(isWorkingDay(new Date('2022-11-26T12:00:00+08:00'))).toBe(false);
  });

  it('counts working days between two instants in China Standard Time', () => {
    expect(workingDaysBetween(new Date('2022-11-28T09:00:00+08:00'), new Date('2022-12-05T09:00:00+08:00'))).toBe(5);
    expect(workingDaysBetween(new Date('2022-12-05T09:00:00+08:00'), new Date('2022-11-28T09:00:00+08:00'))).toBe(0);
    // 23:30 UTC on a Sunday is already Monday in Changchun.
    expect(isWorkingDay(new Date('2022-11-27T23:30:00Z'))).toBe(true);
  });
});
