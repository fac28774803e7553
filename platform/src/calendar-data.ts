import { writeFileSync } from 'node:fs';
import { HOLIDAY_DATA_FILE, range, readHolidayData, type HolidayData, type HolidayYear } from './calendar.ts';
import { invalidInput } from './errors.ts';
import { requireDate } from './validation.ts';

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/**
 * Checks one year's arrangement as transcribed from the notice: real dates, ranges in order and
 * within the year (a New Year holiday may start on 31 December), make-up days on weekends and
 * never inside a holiday. Throws INVALID_INPUT naming what is wrong.
 */
export function validateHolidayYear(year: number, entry: HolidayYear): HolidayYear {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalidInput('year', 'must be a year from 2000 to 2100');
  if (!entry.notice?.trim()) throw invalidInput('notice', 'must name the notice the dates come from');
  if (!Array.isArray(entry.holidays) || entry.holidays.length === 0) throw invalidInput('holidays', 'must list the year’s holidays');
  const inYear = (date: string) => date.startsWith(`${year}-`) || date === `${year - 1}-12-31`;
  const off = new Set<string>();
  entry.holidays.forEach((h, i) => {
    const from = requireDate(`holidays[${i}].from`, h.from);
    const to = requireDate(`holidays[${i}].to`, h.to);
    if (to < from) throw invalidInput(`holidays[${i}].to`, 'must not be before from');
    if (!inYear(from) || !to.startsWith(`${year}-`)) throw invalidInput(`holidays[${i}]`, `must lie in ${year}`);
    if (!h.name?.trim()) throw invalidInput(`holidays[${i}].name`, 'must name the holiday');
    for (const day of range(from, to)) off.add(day);
  });
  entry.workingDays.forEach((d, i) => {
    const date = requireDate(`workingDays[${i}]`, d);
    if (!inYear(date)) throw invalidInput(`workingDays[${i}]`, `must lie in ${year}`);
    if (!isWeekend(date)) throw invalidInput(`workingDays[${i}]`, `${date} is a weekday: only weekend days are made up`);
    if (off.has(date)) throw invalidInput(`workingDays[${i}]`, `${date} is also a holiday`);
  });
  return entry;
}

/** The data with `year` added (or replaced, when `replace`), validated; the data file is not touched. */
export function withHolidayYear(data: HolidayData, year: number, entry: HolidayYear, { replace = false } = {}): HolidayData {
  validateHolidayYear(year, entry);
  if (data.years[String(year)] && !replace) throw invalidInput('year', `${year} is already in the calendar; pass --replace to correct it`);
  const years = Object.fromEntries([...Object.entries(data.years), [String(year), entry]].sort(([a], [b]) => Number(a) - Number(b)));
  return { ...data, years };
}

/** Adds a year to the data file. Running processes read the file at start: restart them to use it. */
export function addHolidayYear(year: number, entry: HolidayYear, { file = HOLIDAY_DATA_FILE, replace = false } = {}): HolidayData {
  const data = withHolidayYear(readHolidayData(file), year, entry, { replace });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return data;
}
