import { inSubtree, isCityAdmin, readsEverything, type Actor } from '../actor';

/** To-do lists: a unit sees its own subtree's; the matrix of all units is the office's and the leaders'. */
export const obligationPolicy = {
  readUnit: (a: Actor, unit: { path: string }) => readsEverything(a) || inSubtree(a, unit.path),
  readMatrix: (a: Actor) => readsEverything(a),
  /** Recording a submission received outside the platform (by mail, on paper) is the office's act. */
  recordFulfilment: (a: Actor) => isCityAdmin(a),
};
