import { isCityAdmin, type Actor } from '../actor';

/** Accounts are issued by the city office; a unit cannot mint roles for itself. */
export const accountPolicy = {
  list: (a: Actor) => isCityAdmin(a),
  create: (a: Actor) => isCityAdmin(a),
  update: (a: Actor) => isCityAdmin(a),
  resetPassword: (a: Actor) => isCityAdmin(a),
  /** Everyone changes their own password, and only their own. */
  changeOwnPassword: (_a: Actor) => true,
};
