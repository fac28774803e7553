import type { Executor } from '../db/database.ts';
import type { AppealAction } from '../lifecycle.ts';
import { Access, STAFF_SIDE } from './access.ts';
import { Role, ROLE_SCOPES } from './identity.ts';

/**
 * The role a member of staff takes a lifecycle step in, as the demo's tokens have them: the handling
 * agency's handlers acknowledge, return and reply; reviewers review; the offices' staff (hotline
 * agents by role: intake and return visits) do the rest.
 */
export function staffRoleFor(action: AppealAction): Role {
  if (STAFF_SIDE[action] === 'handling') return Role.HANDLER;
  return action === 'approveReply' || action === 'sendBackReply' ? Role.REVIEWER : Role.HOTLINE_AGENT;
}

/**
 * Demo stories name their actors `staff:<agency>`; this gives each the Access a request of that
 * agency in that role would have (the role's scopes, the agency's reach), so every step the demo
 * takes passes the same checks as the API. Other actors (`citizen`) act without one, as the API
 * lets citizens post. One Access per actor and role, so the agency tree is read once each.
 */
export function demoStaff(db: Executor): (actor: string, role: Role) => Access | undefined {
  const known = new Map<string, Access>();
  return (actor, role) => {
    const agency = /^staff:(.+)$/.exec(actor)?.[1];
    if (!agency) return undefined;
    const key = `${role} ${actor}`;
    let access = known.get(key);
    if (!access) {
      access = new Access({ subject: actor, agency, roles: [role], scopes: ROLE_SCOPES[role] }, db);
      known.set(key, access);
    }
    return access;
  };
}
