import { sql, type SQL } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Executor } from '../db/database.ts';
import { agencyDirectory } from '../directory.ts';
import type { AppealAction } from '../lifecycle.ts';
import { regionPrefix } from '../regions.ts';
import { actorName, hasRole, Role, type Identity } from './identity.ts';

import { AccessErrorCode } from '../error-codes.ts';
import { DomainError, ErrorCode } from '../errors.ts';

export { AccessErrorCode };

export const unauthenticated = (what: string) =>
  new GraphQLError(`Sign in to ${what}`, { extensions: { code: AccessErrorCode.UNAUTHENTICATED } });

export const forbidden = (what: string, details: Record<string, unknown> = {}) =>
  new GraphQLError(`Not allowed to ${what}`, { extensions: { code: AccessErrorCode.FORBIDDEN, ...details } });

const R = Role;
/** Roles that read every agency's appeals (still without personal data). */
const SEE_ALL: readonly Role[] = [R.ADMIN, R.SUPERVISOR, R.DASHBOARD, R.INTEGRATOR];
/** Roles whose rows are limited to their agency and its sub-agencies. */
const AGENCY_STAFF: readonly Role[] = [R.HANDLER, R.REVIEWER, R.HOTLINE_AGENT];

/**
 * Which roles may take each lifecycle action, in every channel. Intake (accept, reject, assign,
 * merge) belongs to the office that receives appeals; acknowledging, returning and replying to the
 * handling agency; approving replies to its reviewers; return visits to whoever receives appeals.
 */
export const ACTION_ROLES: Record<AppealAction, readonly Role[]> = {
  accept: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  reject: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  assign: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  reassign: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  merge: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  acknowledge: [R.HANDLER, R.ADMIN],
  return: [R.HANDLER, R.ADMIN],
  submitReply: [R.HANDLER, R.ADMIN],
  approveReply: [R.REVIEWER, R.SUPERVISOR, R.ADMIN],
  sendBackReply: [R.REVIEWER, R.SUPERVISOR, R.ADMIN],
  followUp: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  close: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
  reopen: [R.HOTLINE_AGENT, R.HANDLER, R.SUPERVISOR, R.ADMIN],
};

/**
 * Which agency staff (beyond the role) may take each action; supervisors and admins act anywhere.
 * - `intake`: staff with the appeal in reach (unassigned in their region, or assigned within their
 *   agency) or at the office keeping it (its dispatching office, or the hotline that took it in);
 * - `handling`: the handling agency (the appeal is assigned within the caller's agency);
 * - `office`: only the office keeping the appeal (审核关 review, 回访关 return visit, closing,
 *   reassigning after a return), never the handling agency: it may not approve its own reply nor
 *   record the visit that rates it. Staff who could act as the handling agency (the appeal is
 *   assigned within their agency subtree) never take these steps, whoever keeps the appeal. An
 *   appeal forwarded by an admin or a background job is kept by its channel's keeping office (the
 *   board's office; the hotline's office); one no office keeps (a clue an admin transferred) has
 *   its office steps taken by a supervisor.
 */
export const STAFF_SIDE: Record<AppealAction, 'intake' | 'handling' | 'office'> = {
  accept: 'intake',
  reject: 'intake',
  assign: 'intake',
  merge: 'intake',
  reassign: 'office',
  acknowledge: 'handling',
  return: 'handling',
  submitReply: 'handling',
  approveReply: 'office',
  sendBackReply: 'office',
  followUp: 'office',
  close: 'office',
  reopen: 'office',
};

/** What row-level checks need to know about one appeal. */
export interface AppealAccessFacts {
  assigneeId: string | null;
  regionCode: string;
  /** The citizen who filed it (board messages, clues reported online); null when unknown. */
  authorSubject?: string | null;
  /** Published for everyone to read (a board message with a published reply). */
  isPublic?: boolean;
  /**
   * The office that received the appeal (a hotline's office), when the channel has one. Like the
   * dispatching office, it keeps the appeal in reach after it is assigned elsewhere.
   */
  intakeAgencyId?: string | null;
  /** The office that forwarded the appeal to its assignee (the column the kit's forward step writes). */
  dispatcherId?: string | null;
}

/** What an office keeping an appeal may still do on it after assigning it to another agency. */
export const INTAKE_OFFICE_ACTIONS: readonly AppealAction[] = (Object.keys(STAFF_SIDE) as AppealAction[]).filter(
  (action) => STAFF_SIDE[action] !== 'handling',
);

/** The offices keeping an appeal in reach: the one that dispatched it and the hotline that took it in. */
const keepingOffices = (appeal: AppealAccessFacts): string[] =>
  [appeal.dispatcherId, appeal.intakeAgencyId].filter((id): id is string => !!id);

/** The columns (or expressions) a channel's appeal table offers to row-level filters. */
export interface AppealAccessColumns {
  assignee: SQL | SQL.Aliased | import('drizzle-orm').Column;
  region: SQL | import('drizzle-orm').Column;
  author?: SQL | import('drizzle-orm').Column;
  /** A condition true for rows anyone may read; omit when the channel publishes nothing. */
  isPublic?: SQL;
  /** The receiving office's agency id (see AppealAccessFacts.intakeAgencyId). */
  intake?: SQL | import('drizzle-orm').Column;
  /** The dispatching office's agency id (see AppealAccessFacts.dispatcherId). */
  dispatcher?: SQL | import('drizzle-orm').Column;
}

interface AgencyReach {
  /** The caller's agency and every agency below it. */
  agencies: string[];
  /** The agencies above the caller's (its office, when the caller works in one of its divisions). */
  above: string[];
  /** The caller's agency's region prefix: unassigned appeals from there are theirs to take in. */
  regionPrefix: string | null;
}

/**
 * The caller's rights for one request: role checks and the row-level scope every subgraph applies
 * to appeals. Built per request with the context; the agency tree is read once, when first needed.
 */
export class Access {
  private reach?: Promise<AgencyReach>;

  constructor(
    readonly identity: Identity,
    private readonly db: Executor,
  ) {}

  get actor(): string {
    return actorName(this.identity);
  }

  is(...roles: Role[]): boolean {
    return hasRole(this.identity, ...roles);
  }

  get seesAllAppeals(): boolean {
    return this.is(...SEE_ALL);
  }

  /** UNAUTHENTICATED for anonymous callers, FORBIDDEN unless the caller has one of `roles`. */
  require(roles: readonly Role[], what: string): void {
    if (!this.identity.subject) throw unauthenticated(what);
    if (!this.is(...roles)) throw forbidden(what, { requiredRoles: roles });
  }

  /**
   * The gateway already checks @requiresScopes; subgraphs check the scope again where a field has
   * no directive to carry it (event streams, reveals) so a schema slip cannot open them.
   */
  requireScope(scope: string, what: string): void {
    if (!this.identity.subject) throw unauthenticated(what);
    if (!this.identity.scopes.includes(scope)) throw forbidden(what, { requiredScope: scope });
  }

  /**
   * Reads the caller's agency tree now. serveSubgraph calls it before any resolver runs, so checks
   * made inside a writing transaction never need a second connection (PGlite has only one).
   */
  async preload(): Promise<void> {
    if (this.identity.agency && this.is(...AGENCY_STAFF)) await this.agencyReach();
  }

  private agencyReach(): Promise<AgencyReach> {
    this.reach ??= (async () => {
      const agency = this.identity.agency;
      if (!agency) return { agencies: [], above: [], regionPrefix: null };
      // The subtree (depth >= 0) and the chain of parents (depth < 0), in one statement.
      const rows = await agencyDirectory().agencySubtree(this.db, agency);
      const own = rows.find((r) => r.depth === 0);
      return {
        agencies: rows.filter((r) => r.depth >= 0).map((r) => r.id),
        above: rows.filter((r) => r.depth < 0).map((r) => r.id),
        regionPrefix: own ? regionPrefix(own.regionCode) : null,
      };
    })();
    return this.reach;
  }

  /**
   * A where-condition limiting a channel's appeals to what the caller may read; undefined means no
   * limit. Staff: assigned to their agency subtree, or not yet assigned and from their region.
   * Citizens: their own and public ones. Everyone else: public ones only.
   */
  async appealFilter(columns: AppealAccessColumns): Promise<SQL | undefined> {
    if (this.seesAllAppeals) return undefined;
    const anyOf: SQL[] = [];
    if (columns.isPublic) anyOf.push(columns.isPublic);
    if (this.is(...AGENCY_STAFF)) {
      const { agencies, above, regionPrefix } = await this.agencyReach();
      if (agencies.length > 0) {
        anyOf.push(sql`${columns.assignee} in (${sql.join(agencies.map((id) => sql`${id}`), sql`, `)})`);
      }
      if (regionPrefix) anyOf.push(sql`(${columns.assignee} is null and ${columns.region} like ${`${regionPrefix}%`})`);
      if (columns.intake && agencies.length > 0) {
        anyOf.push(sql`${columns.intake} in (${sql.join(agencies.map((id) => sql`${id}`), sql`, `)})`);
      }
      // The dispatching office keeps what it forwarded, and so do its divisions (the one making return visits).
      const offices = [...agencies, ...above];
      if (columns.dispatcher && offices.length > 0) {
        anyOf.push(sql`${columns.dispatcher} in (${sql.join(offices.map((id) => sql`${id}`), sql`, `)})`);
      }
    }
    if (this.is(R.CITIZEN) && this.identity.subject && columns.author) {
      anyOf.push(sql`${columns.author} = ${this.identity.subject}`);
    }
    if (anyOf.length === 0) return sql`false`;
    return sql`(${sql.join(anyOf, sql` or `)})`;
  }

  /** Staff reach over one appeal: assigned within their agency subtree, or unassigned in their region. */
  private async inAgencyReach(appeal: AppealAccessFacts): Promise<boolean> {
    if (!this.is(...AGENCY_STAFF)) return false;
    const { agencies, regionPrefix } = await this.agencyReach();
    if (appeal.assigneeId) return agencies.includes(appeal.assigneeId);
    return regionPrefix !== null && appeal.regionCode.startsWith(regionPrefix);
  }

  /**
   * The caller works at an office keeping the appeal (see keepingOffices): at it or above it, or in
   * one of its divisions (its online-opinion division) unless that division handles the appeal.
   */
  private async atKeepingOffice(appeal: AppealAccessFacts): Promise<boolean> {
    const offices = keepingOffices(appeal);
    if (offices.length === 0 || !this.is(...AGENCY_STAFF)) return false;
    const { agencies, above } = await this.agencyReach();
    if (offices.some((office) => agencies.includes(office))) return true;
    const handles = appeal.assigneeId !== null && agencies.includes(appeal.assigneeId);
    return !handles && offices.some((office) => above.includes(office));
  }

  /** The caller could act as the handling agency: the appeal is assigned within their agency subtree. */
  private async handles(appeal: AppealAccessFacts): Promise<boolean> {
    if (!appeal.assigneeId || !this.is(...AGENCY_STAFF)) return false;
    return (await this.agencyReach()).agencies.includes(appeal.assigneeId);
  }

  /**
   * SELF_DISPATCH unless `agencyId` lies outside the caller's own agency subtree. An office forwards
   * to another agency: one it may act for (its own or one below it) would handle the appeal, and
   * then nobody at the dispatching office could review, visit or close it. Staff are checked on
   * their subtree; other callers with an agency (a supervisor's division) on their agency alone.
   */
  async requireForwardTarget(agencyId: string): Promise<void> {
    const own = this.identity.agency;
    if (!own || this.is(R.ADMIN)) return;
    const within = this.is(...AGENCY_STAFF) ? (await this.agencyReach()).agencies.includes(agencyId) : agencyId === own;
    if (within) {
      throw new DomainError(
        ErrorCode.SELF_DISPATCH,
        `Cannot forward to ${agencyId}: it is ${agencyId === own ? 'your own agency' : 'below your agency'}. The dispatching office reviews, visits and closes; another agency handles`,
        { field: 'agencyId', agency: own, agencyId },
      );
    }
  }

  /** Whether the caller may read this appeal (the same rule as appealFilter, for one row). */
  async canSee(appeal: AppealAccessFacts): Promise<boolean> {
    if (this.seesAllAppeals || appeal.isPublic) return true;
    if (this.is(R.CITIZEN) && this.identity.subject && appeal.authorSubject === this.identity.subject) return true;
    return (await this.inAgencyReach(appeal)) || this.atKeepingOffice(appeal);
  }

  /**
   * Checks that the caller may take a lifecycle action on this appeal: their role allows the action
   * and, for agency staff, their side of it (STAFF_SIDE) holds on the appeal. Admins and supervisors
   * act anywhere; read-only roles (dashboard, integrator) never act.
   */
  async requireAppealAction(action: AppealAction, appeal: AppealAccessFacts, what: string = action): Promise<void> {
    this.require(ACTION_ROLES[action], what);
    if (this.is(R.ADMIN, R.SUPERVISOR)) return;
    const side = STAFF_SIDE[action];
    // Separation of duties (审核关, 回访关): whoever may act as the handling agency never reviews, visits or closes.
    if (side === 'office' && (await this.handles(appeal))) {
      throw forbidden(`${what}: the handling agency may not review, visit or close the appeal it handles`, {
        agency: this.identity.agency,
        assignee: appeal.assigneeId,
      });
    }
    if (side !== 'handling' && (await this.atKeepingOffice(appeal))) return;
    if (side === 'office' && keepingOffices(appeal).length > 0) {
      throw forbidden(`${what}: that is for the office that dispatched the appeal`, {
        agency: this.identity.agency,
        dispatcher: appeal.dispatcherId ?? appeal.intakeAgencyId,
      });
    }
    await this.requireOnAppeal(ACTION_ROLES[action], appeal, what);
  }

  /**
   * For what the receiving office still does after assigning an appeal elsewhere (the return visit
   * needs the citizen's number): role, then reach as the handling agency or as the receiving office.
   */
  async requireAsIntakeOrOnAppeal(roles: readonly Role[], appeal: AppealAccessFacts, what: string): Promise<void> {
    this.require(roles, what);
    if (await this.atKeepingOffice(appeal)) return;
    await this.requireOnAppeal(roles, appeal, what);
  }

  /**
   * For steps only an office itself takes (rejecting a message addressed to its leader): staff of
   * `officeId` or of one of its divisions, or a supervisor or admin.
   */
  async requireOffice(roles: readonly Role[], officeId: string | null, what: string): Promise<void> {
    this.require(roles, what);
    if (this.is(R.ADMIN, R.SUPERVISOR)) return;
    const { agencies, above } = await this.agencyReach();
    if (!officeId || !(agencies.includes(officeId) || above.includes(officeId))) {
      throw forbidden(`${what}: that is for the office of ${officeId ?? 'the board'}`, { agency: this.identity.agency, office: officeId });
    }
  }

  /** Like requireAppealAction, for channel-specific actions with their own role list. */
  async requireOnAppeal(roles: readonly Role[], appeal: AppealAccessFacts, what: string): Promise<void> {
    this.require(roles, what);
    if (this.is(R.ADMIN, R.SUPERVISOR)) return;
    if (!(await this.inAgencyReach(appeal))) {
      throw forbidden(`${what}: the appeal is outside your agency`, { agency: this.identity.agency });
    }
  }

  /** For records owned by an agency (work orders, heating orders): the caller's agency subtree holds it. */
  async requireAgency(roles: readonly Role[], agencyId: string, what: string): Promise<void> {
    this.require(roles, what);
    if (this.is(R.ADMIN, R.SUPERVISOR)) return;
    const { agencies } = await this.agencyReach();
    if (!agencies.includes(agencyId)) throw forbidden(`${what}: it belongs to another agency`, { agency: this.identity.agency });
  }

  /** The agencies (ids) whose records the caller may read; undefined means all. */
  async readableAgencies(): Promise<string[] | undefined> {
    if (this.seesAllAppeals) return undefined;
    return (await this.agencyReach()).agencies;
  }
}
