import { hasRole, inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

type UnitTarget = { path: string };
type ItemTarget = { unit: { path: string }; featured: boolean };

const unitRole = (a: Actor) => hasRole(a, 'unit_reporter', 'unit_approver');

/**
 * The media library. A unit's reporter or approver uploads for its own unit or a sub-unit; the
 * city office for any. Everyone sees the items of their own subtree, the office and the leading
 * group all. Originals (with whatever metadata the camera wrote, GPS included) are the office's
 * alone: everyone else sees the stripped derivatives. Choosing items for the summary is the
 * office's call, and once chosen a unit can no longer delete them from under the summary.
 */
export const mediaPolicy = {
  upload: (a: Actor) => isCityAdmin(a) || unitRole(a),
  uploadFor: (a: Actor, unit: UnitTarget) => isCityAdmin(a) || (unitRole(a) && inSubtree(a, unit.path)),
  /** A filter by unit, like the gallery itself, reaches no further than the caller's subtree. */
  readUnit: (a: Actor, unit: UnitTarget) => readsEverything(a) || inSubtree(a, unit.path),
  read: (a: Actor, item: ItemTarget) => readsEverything(a) || inSubtree(a, item.unit.path),
  readOriginal: (a: Actor) => readsEverything(a),
  feature: (a: Actor) => isCityAdmin(a),
  remove: (a: Actor) => isCityAdmin(a) || unitRole(a),
  removeItem: (a: Actor, item: ItemTarget) => isCityAdmin(a) || (unitRole(a) && inSubtree(a, item.unit.path)),
  removeFeatured: (a: Actor) => isCityAdmin(a),
};
