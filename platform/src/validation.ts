import { DomainError, ErrorCode, invalidInput } from './errors.ts';

/** Trims `value` and checks its length; the error names the field so a form can point at it. */
export function requireText(field: string, value: string, { min = 1, max }: { min?: number; max: number }): string {
  const text = value.trim();
  if (text.length < min) throw invalidInput(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  if (text.length > max) throw invalidInput(field, `must be at most ${max} characters (got ${text.length})`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value == null || value.trim() === '') return null;
  return requireText(field, value, { max });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids of appeals and orders are UUIDs; anything else cannot exist, and must not reach a uuid column. */
export const isUuid = (id: string) => UUID.test(id);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date as YYYY-MM-DD, or INVALID_INPUT naming the field (2022-02-30 is refused). */
export function requireDate(field: string, value: string): string {
  const text = value.trim();
  const at = Date.parse(`${text}T00:00:00Z`);
  if (!DATE.test(text) || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text) {
    throw invalidInput(field, `${JSON.stringify(value.slice(0, 40))} is not a calendar date (YYYY-MM-DD)`);
  }
  return text;
}

export function requireFutureDeadline(field: string, dueAt: Date, now: Date): Date {
  if (Number.isNaN(dueAt.getTime())) throw invalidInput(field, 'is not a valid date-time');
  if (dueAt.getTime() <= now.getTime()) {
    throw new DomainError(ErrorCode.DEADLINE_IN_PAST, `${field} ${dueAt.toISOString()} is not in the future`, { field });
  }
  return dueAt;
}

/** Page sizes are bounded so one request cannot ask for the whole table. */
export function pageSize(first: number | null | undefined, { fallback = 20, max = 100 } = {}): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) throw invalidInput('first', `must be between 1 and ${max}`);
  return size;
}
