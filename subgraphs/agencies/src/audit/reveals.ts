import { and, eq, type SQL } from 'drizzle-orm';
import { keysetPageOf, personalDataReveals, Role, Scope, type Access, type Executor, type Page, type PersonalDataRevealRow } from '@civicgraph/platform';

export interface RevealsArgs {
  recordType?: string | null;
  recordId?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Who reads the audit trail: those who answer for how personal data is used, across every agency. */
export const AUDIT_ROLES: readonly Role[] = [Role.SUPERVISOR, Role.ADMIN];

/** Audit row ids are bigserials: a cursor carrying anything else is malformed, not a query. */
const isRowId = (id: string) => /^[1-9]\d{0,17}$/.test(id);

/**
 * The audit trail of personal data revealed, newest first, keyset-paginated on (at, id); optionally
 * only one kind of record, or one record. The platform owns the table (access.personal_data_reveals);
 * the directory serves it because agencies are what its rows point to.
 */
export function listReveals(db: Executor, access: Access, args: RevealsArgs): Promise<Page<PersonalDataRevealRow>> {
  const what = 'read the audit trail of personal data';
  access.require(AUDIT_ROLES, what);
  // The gateway checks @requiresScopes too; checked here so a schema slip cannot open the trail.
  access.requireScope(Scope.AUDIT_READ, what);
  const where: SQL[] = [];
  if (args.recordType) where.push(eq(personalDataReveals.recordType, args.recordType));
  if (args.recordId) where.push(eq(personalDataReveals.recordId, args.recordId));
  return keysetPageOf(db, personalDataReveals, {
    first: args.first,
    after: args.after,
    at: personalDataReveals.at,
    id: personalDataReveals.id,
    key: (row) => ({ at: row.at, id: String(row.id) }),
    filtered: where.length ? and(...where) : undefined,
    isId: isRowId,
  });
}
