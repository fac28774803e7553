import DataLoader from 'dataloader';
import { Role, type Identity } from '../auth/identity.ts';
import type { Executor } from '../db/database.ts';
import { agencyDirectory } from '../directory.ts';

/*
 * Who took a step is recorded as the actor's subject (handler:wang, staff:th-housing). Staff see it
 * as recorded; the public and citizens see the agency instead, so no staff member's login (which
 * may itself be a name or a phone number) leaves the hub.
 */

/** Actors that are not a person's login: citizens are recorded as "citizen" already (actorName). */
const NOT_STAFF = new Set(['citizen', 'anonymous']);

/** What the public sees for a staff actor whose step names no agency. */
export const STAFF_ACTOR = 'staff';

/**
 * Roles that see staff subjects as recorded: those who work on appeals. Citizens, anonymous callers,
 * dashboards (live screens) and integrators (third-party applications) see the agency instead.
 */
const STAFF_ROLES: readonly Role[] = [Role.HOTLINE_AGENT, Role.HANDLER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN];

export const seesStaffSubjects = (identity: Identity) => identity.roles.some((role) => STAFF_ROLES.includes(role));

const loaders = new WeakMap<object, DataLoader<string, string | null>>();

/** Agency names from the directory, one statement per request: `scope` is the request's loaders object. */
export function agencyNames(db: Executor, scope: object): DataLoader<string, string | null> {
  let loader = loaders.get(scope);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const byId = await agencyDirectory().agencyNames(db, ids);
      return ids.map((id) => byId.get(id) ?? null);
    });
    loaders.set(scope, loader);
  }
  return loader;
}

export interface ActorView {
  identity: Identity;
  names: DataLoader<string, string | null>;
}

/** The view of a request's context (its identity, database and per-request loaders). */
export const actorView = (ctx: { access: { identity: Identity }; database: { db: Executor }; loaders: object }): ActorView => ({
  identity: ctx.access.identity,
  names: agencyNames(ctx.database.db, ctx.loaders),
});

/** The `actor` field of a feed's event type (feedEventFields carries the appeal's agency beside it). */
export const feedActor = (event: { actor: string; agencyId: string | null }, _: unknown, ctx: Parameters<typeof actorView>[0]) =>
  actorFor(actorView(ctx), event.actor, event.agencyId);

/** The actor as this caller may see it: as recorded for staff, otherwise the agency's name. */
export async function actorFor(view: ActorView, actor: string, agencyId: string | null): Promise<string> {
  if (seesStaffSubjects(view.identity) || NOT_STAFF.has(actor)) return actor;
  return (agencyId ? await view.names.load(agencyId) : null) ?? STAFF_ACTOR;
}

/** Timeline entries with their actors as this caller may see them. */
export function actorsFor<T extends { actor: string; agencyId: string | null }>(view: ActorView, entries: readonly T[]): Promise<T[]> {
  return Promise.all(entries.map(async (entry) => ({ ...entry, actor: await actorFor(view, entry.actor, entry.agencyId) })));
}
