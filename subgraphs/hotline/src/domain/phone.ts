import { invalidInput } from '@civicgraph/platform';

/**
 * A caller's number as stored: digits only, without the +86 country code. Mobile numbers
 * (1[3-9] and nine more digits) and landlines with their area code (0 + 9 to 11 digits) are accepted.
 */
export function normalizePhone(field: string, raw: string): string {
  let digits = raw.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return digits;
  throw invalidInput(field, 'must be a mainland mobile number or a landline with its area code');
}

/**
 * How a number is shown anywhere outside the database: the first three and last four digits with
 * four stars between (138****1234). Every stored number has at least ten digits, so at least three stay hidden,
 * and the fixed four stars do not give away the length.
 */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
