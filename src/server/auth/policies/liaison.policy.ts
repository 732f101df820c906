import { hasRole, inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

type UnitTarget = { path: string };

/**
 * 附件1 联络员反馈表: a unit's reporter or approver files it for its own unit (or a sub-unit);
 * the city office may file on behalf of any unit (a form received by mail). The office and the
 * leading group read every unit's; nobody else reads beyond their own subtree.
 */
export const liaisonPolicy = {
  submit: (a: Actor) => isCityAdmin(a) || hasRole(a, 'unit_reporter', 'unit_approver'),
  read: (a: Actor, unit: UnitTarget) => readsEverything(a) || inSubtree(a, unit.path),
  submitFor: (a: Actor, unit: UnitTarget) => isCityAdmin(a) || (hasRole(a, 'unit_reporter', 'unit_approver') && inSubtree(a, unit.path)),
  list: (a: Actor) => readsEverything(a),
  export: (a: Actor) => readsEverything(a),
  /** Filing many units' forms from one sheet is the office's work alone. */
  import: (a: Actor) => isCityAdmin(a),
};
