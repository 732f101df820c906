import type { UnitType } from '../../domain/orgs/unit-type';
import { roles, type Role } from '../../domain/accounts/roles';

export { roles, type Role };

/** Who is asking: the account, its unit and where that unit sits in the tree. */
export interface Actor {
  accountId: number;
  username: string;
  unitId: number;
  unitType: UnitType;
  /** Materialised path of the actor's unit, e.g. "/1/7/": its subtree is every path with this prefix. */
  unitPath: string;
  roles: ReadonlySet<Role>;
  csrfToken: string;
}

export const hasRole = (actor: Actor, ...wanted: Role[]) => wanted.some((r) => actor.roles.has(r));

/** The city office's administrators act on every unit. */
export const isCityAdmin = (actor: Actor) => actor.roles.has('city_admin');

/** Administrators and the leading group read everything (§三: the leading group oversees the whole campaign). */
export const readsEverything = (actor: Actor) => hasRole(actor, 'city_admin', 'leader');

/** The roles that act for a unit and so reach its subtree's records. */
const unitScoped = (actor: Actor) => hasRole(actor, 'unit_reporter', 'unit_approver', 'case_handler');

/**
 * Unit roles reach their own unit and its sub-units only. A reviewer or a media partner belongs to
 * a unit too (usually the city office, whose subtree is the whole city) but acts for no unit, so
 * its unit gives it nothing: what it may read its own policies say.
 */
export const inSubtree = (actor: Actor, unitPath: string) => unitScoped(actor) && unitPath.startsWith(actor.unitPath);

/** What list queries filter by: everything, or one subtree. */
export type Scope = { kind: 'all' } | { kind: 'subtree'; path: string };
/** A path no unit has: the subtree of an actor that acts for no unit is empty. */
const NO_UNIT = '/none/';
export const scopeOf = (actor: Actor): Scope =>
  readsEverything(actor) ? { kind: 'all' } : { kind: 'subtree', path: unitScoped(actor) ? actor.unitPath : NO_UNIT };
