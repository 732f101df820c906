import { hasRole, inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

type UnitTarget = { path: string };

/**
 * 附件2 活动进展情况统计表. A unit's reporter (or approver) fills and submits its own table and
 * those of its sub-units; the unit's approver signs it off where the campaign asks for that; only
 * the city office accepts, returns, reopens and imports. The office and the leading group read all.
 */
export const statisticsPolicy = {
  read: (a: Actor, unit: UnitTarget) => readsEverything(a) || inSubtree(a, unit.path),
  fill: (a: Actor) => isCityAdmin(a) || hasRole(a, 'unit_reporter', 'unit_approver'),
  fillFor: (a: Actor, unit: UnitTarget) => isCityAdmin(a) || (hasRole(a, 'unit_reporter', 'unit_approver') && inSubtree(a, unit.path)),
  approve: (a: Actor) => hasRole(a, 'unit_approver'),
  approveFor: (a: Actor, unit: UnitTarget) => hasRole(a, 'unit_approver') && inSubtree(a, unit.path),
  /** The approver may also send a table back to its reporter before it reaches the city. */
  returnFor: (a: Actor, unit: UnitTarget) => isCityAdmin(a) || (hasRole(a, 'unit_approver') && inSubtree(a, unit.path)),
  returnAny: (a: Actor) => isCityAdmin(a) || hasRole(a, 'unit_approver'),
  decide: (a: Actor) => isCityAdmin(a),
  list: (a: Actor) => readsEverything(a),
  export: (a: Actor) => readsEverything(a),
  import: (a: Actor) => isCityAdmin(a),
};
