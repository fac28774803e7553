/**
 * Who is asking. The gateway verifies the caller's bearer token and hands every subgraph the same
 * Identity (signed, see upstream-token.ts); subgraphs never see the caller's own token.
 */

export const Role = {
  CITIZEN: 'citizen',
  HOTLINE_AGENT: 'hotline_agent',
  HANDLER: 'handler',
  REVIEWER: 'reviewer',
  SUPERVISOR: 'supervisor',
  ADMIN: 'admin',
  INTEGRATOR: 'integrator',
  DASHBOARD: 'dashboard',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

/**
 * Scopes name what a token may touch; the gateway checks them against @requiresScopes in the schema
 * before anything runs. Roles (and the agency) decide, inside each subgraph, which rows and which
 * transitions — a scope alone never opens another agency's appeals.
 */
export const Scope = {
  /** Non-public appeals and their timelines (within the caller's row scope). */
  APPEALS_READ: 'appeals:read',
  /** Posting a message on a leader's board. */
  APPEALS_POST: 'appeals:post',
  /** Moving appeals through the lifecycle, work and heating orders, return visits. */
  APPEALS_WRITE: 'appeals:write',
  /** Approving or sending back replies. */
  APPEALS_REVIEW: 'appeals:review',
  /** Taking calls and opening hotline tickets. */
  HOTLINE_WRITE: 'hotline:write',
  /** Supervision orders, inspection campaigns, escalation. */
  SUPERVISION_WRITE: 'supervision:write',
  /** Routing and deadline rules, standards and other configuration. */
  CONFIG_WRITE: 'config:write',
  /** The live event feeds (subscriptions and their resumable queries). */
  EVENTS_READ: 'events:read',
  /** Revealing a citizen's name, phone or address: audited. */
  PERSONAL_DATA_REVEAL: 'personal-data:reveal',
  /** Reading the audit trail of reveals. */
  AUDIT_READ: 'audit:read',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];
export const SCOPES: readonly Scope[] = Object.values(Scope);

const S = Scope;
/** The scopes a development token of each role gets (`npm run tokens`); production issuers decide their own. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  citizen: [S.APPEALS_POST, S.APPEALS_READ],
  hotline_agent: [S.APPEALS_READ, S.APPEALS_WRITE, S.HOTLINE_WRITE, S.PERSONAL_DATA_REVEAL],
  handler: [S.APPEALS_READ, S.APPEALS_WRITE, S.PERSONAL_DATA_REVEAL],
  reviewer: [S.APPEALS_READ, S.APPEALS_REVIEW],
  supervisor: [S.APPEALS_READ, S.APPEALS_WRITE, S.APPEALS_REVIEW, S.SUPERVISION_WRITE, S.EVENTS_READ, S.PERSONAL_DATA_REVEAL, S.AUDIT_READ],
  admin: SCOPES,
  // Integrators' applications read appeals and submit new ones for citizens (Open311), nothing more.
  integrator: [S.APPEALS_READ, S.APPEALS_POST],
  dashboard: [S.APPEALS_READ, S.EVENTS_READ],
};

export interface Identity {
  /** The token's `sub`; null for an anonymous caller. */
  subject: string | null;
  /** The agency the caller works for (staff roles), from the token's `agency` claim. */
  agency: string | null;
  roles: readonly Role[];
  scopes: readonly string[];
}

export const ANONYMOUS: Identity = Object.freeze({ subject: null, agency: null, roles: [], scopes: [] });

/**
 * Everything about a caller that decides what they may see. Work or results may be shared between
 * two callers only when their keys are equal (see the README, "What callers share"). It is the whole
 * identity: a narrower class (dropping the subject of staff, say) would first have to be shown to
 * decide nothing in any subgraph's rules.
 */
export function visibilityKey(identity: Identity): string {
  return JSON.stringify([identity.subject, identity.agency, [...identity.roles].sort(), [...identity.scopes].sort()]);
}

/**
 * The caller as far as reads can tell callers apart: roles, agency, scopes, whether signed in, and
 * the subject only for citizens (whose row scope is their own appeals; for every other role the
 * rules in access.ts read the agency and roles, never the subject). Callers of one access class
 * see the same rows and the same masks, so a subscription's events may be resolved once for all
 * of them, as this representative identity.
 */
export function accessClassOf(identity: Identity): Identity {
  if (!identity.subject || identity.roles.includes(Role.CITIZEN)) return identity;
  const roles = [...identity.roles].sort();
  return { ...identity, roles, scopes: [...identity.scopes].sort(), subject: `class:${roles.join('+') || 'none'}@${identity.agency ?? '-'}` };
}

export const hasRole = (identity: Identity, ...roles: Role[]) => roles.some((role) => identity.roles.includes(role));

/**
 * The actor recorded in timelines and event payloads: a staff member's subject; for a citizen only
 * "citizen" — a citizen's login may itself identify them (often it is a phone number), and events
 * reach dashboards. Which citizen filed an appeal is kept on the appeal (its author), not in the feed.
 */
export function actorName(identity: Identity): string {
  if (!identity.subject) return 'anonymous';
  return identity.roles.length > 0 && identity.roles.every((role) => role === Role.CITIZEN) ? Role.CITIZEN : identity.subject;
}

/** Claims of a verified token → Identity. Unknown roles are dropped, not trusted. */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string' ? value.split(' ').filter(Boolean)
    : [];
  return {
    subject: typeof claims.sub === 'string' && claims.sub ? claims.sub : null,
    agency: typeof claims.agency === 'string' && claims.agency ? claims.agency : null,
    roles: list(claims.roles).filter((r): r is Role => (ROLES as string[]).includes(r)),
    // `scope` (space-separated, RFC 8693) or `scopes` (array) — issuers differ.
    scopes: [...new Set([...list(claims.scope), ...list(claims.scopes)])],
  };
}
