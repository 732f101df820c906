import { hasRole, inSubtree, isCityAdmin, type Actor } from '../actor';

/** What a case policy needs to know of a case: where it is assigned and who filed it. */
export interface CaseTarget {
  assignedPath: string | null;
  filedByPath: string | null;
}

/*
 * 举报案件. The city office's case desk (its administrators and its case handlers) receives every
 * case, accepts, routes, merges and escalates; the leading group reads all of them. A unit's staff
 * see the cases assigned to their unit or below and the leads their unit or below filed — never
 * another county's. The unit's case handlers work the cases assigned there (verify, rectify,
 * close). Who reported is the desk's alone to know.
 */
const unitStaff = (a: Actor) => hasRole(a, 'case_handler', 'unit_reporter', 'unit_approver');

export const isCaseDesk = (a: Actor) => isCityAdmin(a) || (hasRole(a, 'case_handler') && a.unitType === 'city_office');

const touches = (a: Actor, c: CaseTarget) =>
  (c.assignedPath !== null && inSubtree(a, c.assignedPath)) || (c.filedByPath !== null && inSubtree(a, c.filedByPath));

export const casePolicy = {
  list: (a: Actor) => isCaseDesk(a) || hasRole(a, 'leader') || unitStaff(a),
  readsAll: (a: Actor) => isCaseDesk(a) || hasRole(a, 'leader'),
  read: (a: Actor, c: CaseTarget) => isCaseDesk(a) || hasRole(a, 'leader') || (unitStaff(a) && touches(a, c)),
  /** A unit files a violation lead; the desk registers hotline, inspection and media cases. */
  fileLead: (a: Actor) => unitStaff(a) && a.unitType !== 'city_office',
  register: (a: Actor) => isCaseDesk(a),
  /** The unit side of the workflow: a case handler of the assigned unit or a unit above it. */
  actsForUnit: (a: Actor, c: CaseTarget) => hasRole(a, 'case_handler') && c.assignedPath !== null && inSubtree(a, c.assignedPath),
  seesReporter: (a: Actor) => isCaseDesk(a),
  /**
   * A file's original, metadata and all. What staff add keeps the camera's GPS and times as
   * evidence: the desk's alone (the office's administrators are desk). Everyone else who sees the
   * case gets the copy without metadata. A reporter's file was cleaned before it was kept, so its
   * original is already such a copy.
   */
  original: (a: Actor, addedBy: 'reporter' | 'staff') => isCaseDesk(a) || addedBy === 'reporter',
  /** The register: everything for the desk and the leading group, its own subtree's for a unit's handler. */
  export: (a: Actor) => isCaseDesk(a) || hasRole(a, 'leader', 'case_handler'),
  /** Posters: the office for any unit, a unit's reporter or approver for its own subtree. */
  poster: (a: Actor) => isCityAdmin(a) || hasRole(a, 'unit_reporter', 'unit_approver'),
  posterFor: (a: Actor, unitPath: string) => isCityAdmin(a) || (hasRole(a, 'unit_reporter', 'unit_approver') && inSubtree(a, unitPath)),
};
