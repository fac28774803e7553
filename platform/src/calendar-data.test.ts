import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarCoverage,
  calendarOf,
  calendarWarnings,
  chinaDate,
  CHINA_CALENDAR,
  HOLIDAY_DATA_FILE,
  isWorkingDay,
  readHolidayData,
  workingDaysBetween,
} from './calendar.ts';
import { addHolidayYear, validateHolidayYear } from './calendar-data.ts';

const day = (date: string) => new Date(`${date}T12:00:00+08:00`);
const works = (date: string) => isWorkingDay(day(date));
const after = (date: string, days: number) => chinaDate(addWorkingDays(new Date(`${date}T10:00:00+08:00`), days));

describe('the official calendar, as data', () => {
  it('covers 2022 to 2026', () => {
    expect([...CHINA_CALENDAR.years].sort()).toEqual([2022, 2023, 2024, 2025, 2026]);
  });

  it('has the Spring Festival of 2024, 2025 and 2026 off, with their make-up working days', () => {
    expect(['2024-02-10', '2024-02-12', '2024-02-17'].map(works)).toEqual([false, false, false]);
    expect(['2024-02-04', '2024-02-18'].map(works)).toEqual([true, true]); // Sundays worked
    expect(['2025-01-28', '2025-01-31', '2025-02-04'].map(works)).toEqual([false, false, false]);
    expect(['2025-01-26', '2025-02-08'].map(works)).toEqual([true, true]);
    expect(['2026-02-15', '2026-02-18', '2026-02-23'].map(works)).toEqual([false, false, false]);
    expect(['2026-02-14', '2026-02-28'].map(works)).toEqual([true, true]);
  });

  it('has National Day of 2024, 2025 (with Mid-Autumn, to 8 October) and 2026 off, with their make-up days', () => {
    expect(['2024-10-01', '2024-10-07'].map(works)).toEqual([false, false]);
    expect(['2024-09-29', '2024-10-12'].map(works)).toEqual([true, true]);
    expect(['2025-10-01', '2025-10-08'].map(works)).toEqual([false, false]);
    expect(['2025-09-28', '2025-10-11'].map(works)).toEqual([true, true]);
    expect(['2026-10-01', '2026-10-07'].map(works)).toEqual([false, false]);
    expect(['2026-09-20', '2026-10-10'].map(works)).toEqual([true, true]);
  });

  it('counts a make-up Saturday as a working day in deadlines', () => {
    // The 2025 holiday runs to Wednesday 8 October: one working day after 30 September is the 9th.
    expect(works('2025-10-11')).toBe(true);
    expect(after('2025-09-30', 1)).toBe('2025-10-09');
    expect(after('2025-10-10', 1)).toBe('2025-10-11');
    // An ordinary Saturday is not.
    expect(works('2025-10-18')).toBe(false);
  });

  it('runs a deadline across the year end and the New Year holiday', () => {
    // Tuesday 2025-12-30 + 3 working days: 31 Dec, (1–3 Jan off), Sunday 4 Jan (made up), Monday 5 Jan.
    expect(after('2025-12-30', 3)).toBe('2026-01-05');
    // 2026: 1–3 January off, Sunday 4 January worked.
    expect(after('2025-12-31', 1)).toBe('2026-01-04');
    expect(workingDaysBetween(new Date('2025-12-30T10:00:00+08:00'), new Date('2026-01-05T10:00:00+08:00'))).toBe(3);
  });

  it('still answers for a year without data, weekends only, and says so', () => {
    expect(after('2027-09-30', 1)).toBe('2027-10-01'); // National Day 2027 is not known yet
    expect(calendarCoverage(day('2026-12-30'), day('2027-01-08'))).toEqual({ years: [2026, 2027], missingYears: [2027], complete: false });
    expect(calendarCoverage(day('2026-03-01'), day('2026-04-01')).complete).toBe(true);
    expect(calendarWarnings(day('2026-06-01'))).toEqual([]);
    expect(calendarWarnings(day('2026-12-01'))).toEqual([expect.stringContaining('no official holiday data for 2027')]);
  });
});

describe('adding a year without a code change', () => {
  const YEAR_2027 = {
    notice: '国务院办公厅关于2027年部分节假日安排的通知 (test data)',
    holidays: [{ name: '国庆节 National Day', from: '2027-10-01', to: '2027-10-07' }],
    workingDays: ['2027-09-26', '2027-10-09'],
  };

  it('adds a year to a copy of the data file, after which it is covered', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calendar-')), 'holidays.json');
    writeFileSync(file, readFileSync(HOLIDAY_DATA_FILE));
    const data = addHolidayYear(2027, YEAR_2027, { file });
    expect(Object.keys(readHolidayData(file).years)).toEqual(['2022', '2023', '2024', '2025', '2026', '2027']);
    const calendar = calendarOf(data);
    expect(isWorkingDay(day('2027-10-04'), calendar)).toBe(false);
    expect(isWorkingDay(day('2027-10-09'), calendar)).toBe(true);
    expect(calendarCoverage(day('2027-01-01'), day('2027-12-31'), calendar).complete).toBe(true);
    // The year is there now: adding it again is refused unless it is a correction.
    expect(() => addHolidayYear(2027, YEAR_2027, { file })).toThrow(/already in the calendar/);
    expect(() => addHolidayYear(2027, YEAR_2027, { file, replace: true })).not.toThrow();
  });

  it('refuses transcription mistakes, naming the field', () => {
    const bad = (change: object) => () => validateHolidayYear(2027, { ...YEAR_2027, ...change });
    expect(bad({ workingDays: ['2027-09-28'] })).toThrow(/workingDays\[0\]: 2027-09-28 is a weekday/);
    expect(bad({ workingDays: ['2027-10-02'] })).toThrow(/also a holiday/);
    expect(bad({ holidays: [{ name: 'x', from: '2027-10-07', to: '2027-10-01' }] })).toThrow(/must not be before from/);
    expect(bad({ holidays: [{ name: 'x', from: '2028-01-01', to: '2028-01-02' }] })).toThrow(/must lie in 2027/);
    expect(bad({ holidays: [{ name: 'x', from: '2027-02-30', to: '2027-03-01' }] })).toThrow(/not a calendar date/);
  });
});
