import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { invalidInput } from '../errors.ts';
import { requireText } from '../validation.ts';
import { forbidden, type Access, type AppealAccessFacts } from './access.ts';
import { Role, Scope } from './identity.ts';
import { personalDataReveals } from './tables.ts';

/*
 * Citizens' names, phone numbers and addresses. Stored in full (return visits and inspections need
 * them), shown masked in every response, never written to event payloads or logs. Reading one in
 * full is an explicit mutation that leaves an audit row (who, when, which record, which fields, why).
 */

export const ACCESS_MIGRATIONS = { schema: 'access', folder: fileURLToPath(new URL('./migrations', import.meta.url)) };

/**
 * A number as stored: digits only, without the +86 country code. Mobile numbers (1[3-9] and nine
 * more digits) and landlines with their area code (0 + 9 to 11 digits) are accepted.
 */
export function normalizePhone(field: string, raw: string): string {
  let digits = raw.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return digits;
  throw invalidInput(field, 'must be a mainland mobile number or a landline with its area code');
}

/**
 * The first three and last four digits with four stars between (138****1234). Every stored number
 * has at least ten digits, so at least three stay hidden, and the fixed four stars hide the length.
 */
export function maskPhone(phone: string): string;
export function maskPhone(phone: string | null | undefined): string | null;
export function maskPhone(phone: string | null | undefined): string | null {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : null;
}

/** The family name (first character) and one star per hidden character, at most three: 张** . */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name.trim()];
  return chars[0] + '*'.repeat(Math.min(Math.max(chars.length - 1, 1), 3));
}

/** Down to the district or street name (the first six characters), the rest hidden: 长春市朝阳区**** . */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const chars = [...address.trim()];
  return chars.slice(0, Math.min(6, Math.max(chars.length - 4, 0))).join('') + '****';
}

/** Who may ask to see personal data at all; row-level reach is checked as well. */
export const REVEAL_ROLES: readonly Role[] = [Role.HOTLINE_AGENT, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN];

export interface RevealRequest {
  /** The subgraph holding the record. */
  subgraph: string;
  /** The record's type in the graph (Ticket, Message, Clue, HeatingOrder...). */
  recordType: string;
  recordId: string;
  /** Which personal fields are revealed (callerPhone, posterName...). */
  fields: string[];
  reason: string;
}

/**
 * Checks that the caller may reveal personal data of this record — role, the personal-data:reveal
 * scope, the record within their agency's reach, a stated reason — and writes the audit row. Call it
 * in the transaction that reads the values, and return them only after it succeeds.
 */
export async function auditReveal(
  db: Executor,
  { access, clock }: { access: Access; clock: Clock },
  facts: AppealAccessFacts | { agencyId: string },
  request: RevealRequest,
): Promise<Date> {
  const reason = requireText('reason', request.reason, { min: 5, max: 500 });
  const what = `reveal personal data of ${request.recordType} ${request.recordId}`;
  if ('agencyId' in facts) await access.requireAgency(REVEAL_ROLES, facts.agencyId, what);
  else await access.requireAsIntakeOrOnAppeal(REVEAL_ROLES, facts, what);
  if (!access.identity.scopes.includes(Scope.PERSONAL_DATA_REVEAL)) throw forbidden(what, { requiredScope: Scope.PERSONAL_DATA_REVEAL });
  const at = clock.now();
  await db.insert(personalDataReveals).values({
    at,
    subject: access.identity.subject!, // requireOnAppeal/requireAgency refused anonymous callers
    agencyId: access.identity.agency,
    roles: [...access.identity.roles],
    subgraph: request.subgraph,
    recordType: request.recordType,
    recordId: request.recordId,
    fields: request.fields,
    reason,
  });
  return at;
}
