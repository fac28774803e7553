import { DomainError, ErrorCode, invalidInput } from './errors.ts';

/** Texts longer than this may span lines: their limit says they are a body, not a title or a name. */
const SINGLE_LINE_MAX = 200;
// Control characters (C0, DEL, C1); multi-line text allows \n and \t back.
const CONTROL = /\p{Cc}/u;
const CONTROL_MULTILINE = /[^\P{Cc}\n\t]/u;
// What renders as nothing: whitespace, format characters (zero-width, BOM, bidi marks), Hangul fillers, blank Braille.
const INVISIBLE_ONLY = /^[\s\p{Cf}\p{Z}\u115f\u1160\u3164\uffa0\u2800]*$/u;

/** No lone surrogate (ES2024's String.prototype.isWellFormed, in Node 20; the ES2023 lib types lack it). */
export const isWellFormedText = (value: string): boolean => (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * The one check of free text for every subgraph: refuses what a person cannot have meant (null
 * bytes, lone surrogates, control characters, text of invisible characters only) with INVALID_INPUT
 * naming the field, never replacing anything; then trims and normalizes to NFC, so the same words
 * are stored, searched and compared as the same text everywhere. Limits count the stored text.
 */
export function requireText(
  field: string,
  value: string,
  { min = 1, max, multiline = max > SINGLE_LINE_MAX }: { min?: number; max: number; multiline?: boolean },
): string {
  if (!isWellFormedText(value)) throw invalidInput(field, 'contains a lone surrogate (not valid Unicode text)');
  if (value.includes('\u0000')) throw invalidInput(field, 'contains a null byte');
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(value)) {
    throw invalidInput(field, multiline ? 'contains a control character (only line breaks and tabs are allowed)' : 'contains a control character');
  }
  const text = value.normalize('NFC').trim();
  if (text.length === 0) throw invalidInput(field, 'must not be empty');
  if (INVISIBLE_ONLY.test(text)) throw invalidInput(field, 'must contain visible characters');
  if (text.length < min) throw invalidInput(field, `must be at least ${min} characters`);
  if (text.length > max) throw invalidInput(field, `must be at most ${max} characters (got ${text.length})`);
  return text;
}

/** Like requireText, but absent or blank is null; text that is there is checked the same way. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  // Only whitespace (which trim removes) is absent; a null byte, a control or an invisible character is not.
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
