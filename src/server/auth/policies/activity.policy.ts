import { hasRole, inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

type UnitTarget = { path: string };
/** `parentAccepts`: the campaign lets a unit above this one accept its activities (forms.activities). */
type DecideTarget = { path: string; parentAccepts: boolean };

const unitRole = (a: Actor) => hasRole(a, 'unit_reporter', 'unit_approver');

/**
 * 活动记录. A unit's reporter or approver records its own activities and its sub-units'; the city
 * office may record for any unit. The city office accepts or returns every activity; where the
 * campaign says so for the unit's type (a township's), so may an approver of a unit above it (its
 * county), never of the unit itself: nobody accepts their own unit's record. Everyone reads their
 * own subtree, the office and the leading group all.
 */
export const activityPolicy = {
  read: (a: Actor, unit: UnitTarget) => readsEverything(a) || inSubtree(a, unit.path),
  write: (a: Actor) => isCityAdmin(a) || unitRole(a),
  writeFor: (a: Actor, unit: UnitTarget) => isCityAdmin(a) || (unitRole(a) && inSubtree(a, unit.path)),
  decide: (a: Actor) => isCityAdmin(a) || hasRole(a, 'unit_approver'),
  decideFor: (a: Actor, t: DecideTarget) =>
    isCityAdmin(a) || (t.parentAccepts && hasRole(a, 'unit_approver') && inSubtree(a, t.path) && t.path !== a.unitPath),
};
