import { hasRole, inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

type UnitTarget = { path: string };

const unitRole = (a: Actor) => hasRole(a, 'unit_reporter', 'unit_approver');

/**
 * 总结报告. A unit's reporter or approver writes and submits its own summary and its sub-units';
 * the city office may write any unit's, and alone accepts, returns and reopens. Everyone reads
 * their own subtree's summaries, the office and the leading group all; the city summary draft is
 * theirs too.
 */
export const summaryPolicy = {
  read: (a: Actor, unit: UnitTarget) => readsEverything(a) || inSubtree(a, unit.path),
  write: (a: Actor) => isCityAdmin(a) || unitRole(a),
  writeFor: (a: Actor, unit: UnitTarget) => isCityAdmin(a) || (unitRole(a) && inSubtree(a, unit.path)),
  decide: (a: Actor) => isCityAdmin(a),
  list: (a: Actor) => readsEverything(a),
  citySummary: (a: Actor) => readsEverything(a),
};
