import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { CHINA_CALENDAR } from './calendar.ts';
import { addHolidayYear } from './calendar-data.ts';

/*
 * npm run calendar -- list
 * npm run calendar -- add <file.json> [--replace]
 *   where the file is { "year": 2027, "notice": "…", "holidays": [{ "name", "from", "to" }], "workingDays": ["…"] }
 */
const [command, file] = process.argv.slice(2);
try {
  if (command === 'list') {
    console.log(`official holiday data for: ${[...CHINA_CALENDAR.years].sort().join(', ')}`);
  } else if (command === 'add' && file) {
    const { year, ...entry } = JSON.parse(readFileSync(file, 'utf8'));
    const data = addHolidayYear(Number(year), entry, { replace: process.argv.includes('--replace') });
    console.log(`added ${year}; the calendar covers ${Object.keys(data.years).join(', ')} (restart running processes to use it)`);
  } else {
    console.error('usage: npm run calendar -- list | add <file.json> [--replace]');
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof GraphQLError ? `refused: ${error.message}` : error);
  process.exit(1);
}
