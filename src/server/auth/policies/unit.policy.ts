import { inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

type UnitTarget = { path: string };

/** Units: everyone sees their own subtree; only the city office changes the tree. */
export const unitPolicy = {
  list: (_a: Actor) => true,
  read: (a: Actor, unit: UnitTarget) => readsEverything(a) || inSubtree(a, unit.path),
  create: (a: Actor) => isCityAdmin(a),
  update: (a: Actor) => isCityAdmin(a),
  move: (a: Actor) => isCityAdmin(a),
  deactivate: (a: Actor) => isCityAdmin(a),
  import: (a: Actor) => isCityAdmin(a),
};
