import { maskName } from '../auth/personal-data.ts';

/*
 * Personal data typed into free text (titles, contents, comments, notes, replies): mainland mobile
 * numbers, landlines, 18-digit resident ID numbers, e-mail addresses, and the names the record
 * itself knows (its poster's, caller's or reporter's). Names nobody gave us are not detected.
 * Text is stored as typed; every response, event and export carries the masked form.
 */

export type PersonalDataKind = 'ID_NUMBER' | 'EMAIL' | 'MOBILE' | 'LANDLINE' | 'NAME';

export interface PersonalDataSpan {
  kind: PersonalDataKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  text: string;
}

/** Names known for a record; empty and one-character values are ignored (a lone 张 is everywhere). */
export type KnownNames = readonly (string | null | undefined)[];

// Full-width ASCII (０-９, ＋, －, （, ＠, Ｘ...) folds to ASCII one code unit for one, so offsets stay put.
const fold = (text: string) =>
  text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

// Not part of a longer run of digits, nor a part of a code like BRD-2026-000123 (parts joined by - / .);
// a letter right before or after is allowed (Tel13912345678, 13912345678a).
const START = String.raw`(?<![0-9])(?<![0-9A-Za-z][-/.])`;
const END = String.raw`(?![0-9])(?![-/.][0-9A-Za-z])`;

const PATTERNS: readonly { kind: PersonalDataKind; pattern: RegExp }[] = [
  { kind: 'EMAIL', pattern: /[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g },
  { kind: 'ID_NUMBER', pattern: new RegExp(String.raw`${START}\d{6} ?\d{8} ?\d{3}[0-9Xx]${END}`, 'g') },
  { kind: 'MOBILE', pattern: new RegExp(String.raw`${START}(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d){8}${END}`, 'g') },
  {
    kind: 'LANDLINE',
    pattern: new RegExp(String.raw`${START}(?:\(0\d{2,3}\) ?|0\d{2,3}[ -]?)[2-9]\d{2,3}[ -]?\d{4}${END}`, 'g'),
  },
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-digit resident ID number (GB 11643): a real birth date and the right check character. */
export function isResidentIdNumber(value: string): boolean {
  const id = value.replace(/ /g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17]) return false;
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
}

/** Every span of personal data in `text`, in order, none overlapping (the earlier kind in PATTERNS wins). */
export function findPersonalData(text: string, names: KnownNames = []): PersonalDataSpan[] {
  const folded = fold(text);
  const spans: PersonalDataSpan[] = [];
  const taken = (start: number, end: number) => spans.some((s) => start < s.end && s.start < end);
  const add = (kind: PersonalDataKind, start: number, end: number) => {
    if (!taken(start, end)) spans.push({ kind, start, end, text: text.slice(start, end) });
  };
  for (const { kind, pattern } of PATTERNS) {
    for (const match of folded.matchAll(pattern)) {
      if (kind === 'ID_NUMBER' && !isResidentIdNumber(match[0])) continue;
      add(kind, match.index, match.index + match[0].length);
    }
  }
  for (const name of new Set(names.map((n) => n?.trim()).filter((n): n is string => !!n && [...n].length >= 2))) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) add('NAME', at, at + name.length);
  }
  return spans.sort((a, b) => a.start - b.start);
}

const digitsOf = (span: string) => fold(span).replace(/\D/g, '');

/** The masked form of one span: the same shapes as the structured fields (138****5678, 张**). */
export function maskSpan(span: PersonalDataSpan): string {
  switch (span.kind) {
    case 'MOBILE': {
      const digits = digitsOf(span.text).slice(-11);
      return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
    }
    case 'LANDLINE': {
      const digits = digitsOf(span.text);
      const area = digits.slice(0, /^0[12]/.test(digits) ? 3 : 4); // 010 and 02x are three digits, the rest four
      return `${area}-****${digits.slice(-4)}`;
    }
    case 'ID_NUMBER': {
      const id = fold(span.text).replace(/ /g, '').toUpperCase();
      return `${id.slice(0, 6)}********${id.slice(-4)}`;
    }
    case 'EMAIL': {
      const [local, domain] = fold(span.text).split('@') as [string, string];
      return `${local[0]}***@${domain}`;
    }
    case 'NAME':
      return maskName(span.text)!;
  }
}

/** `text` with each span replaced by `replace(span)`. */
export function replacePersonalData(text: string, names: KnownNames, replace: (span: PersonalDataSpan) => string): string {
  let out = '';
  let at = 0;
  for (const span of findPersonalData(text, names)) {
    out += text.slice(at, span.start) + replace(span);
    at = span.end;
  }
  return out + text.slice(at);
}

/** Free text as every response shows it: phone numbers, ID numbers, e-mails and the known names masked. */
export function maskFreeText(text: string, names?: KnownNames): string;
export function maskFreeText(text: string | null | undefined, names?: KnownNames): string | null;
export function maskFreeText(text: string | null | undefined, names: KnownNames = []): string | null {
  if (text === null || text === undefined) return null;
  return replacePersonalData(text, names, maskSpan);
}

/** Whether the text holds anything maskFreeText would change. */
export const containsPersonalData = (text: string, names: KnownNames = []) => findPersonalData(text, names).length > 0;

/** Timeline entries (or any rows with a note) with their notes masked. */
export const maskNotes = <T extends { note: string | null }>(entries: readonly T[], names?: KnownNames): T[] =>
  entries.map((entry) => ({ ...entry, note: maskFreeText(entry.note, names) }));

/**
 * The text with its personal data cut out (a clause break in its place), for statistics over free
 * text such as the most frequent words: a number or a name must never become a "word".
 */
export const withoutPersonalData = (text: string, names: KnownNames = []) => replacePersonalData(text, names, () => '，');

/** One free-text field in full, as an audited reveal returns it (RevealedText in the graph). */
export interface RevealedText {
  /** The field as the graph names it: title, content, reply.content, timeline.3.note... */
  field: string;
  text: string;
}

/**
 * The fields whose text masking changes, in full: what a reveal returns beside the structured
 * contact (and names in its audit row). Fields with nothing personal in them are left out.
 */
export function revealedTexts(texts: Record<string, string | null | undefined>, names: KnownNames = []): RevealedText[] {
  return Object.entries(texts).flatMap(([field, text]) => (text && containsPersonalData(text, names) ? [{ field, text }] : []));
}
