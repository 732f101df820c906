import { isCityAdmin, type Actor } from '../actor';

/** Accounts are issued by the city office; a unit cannot mint roles for itself. */
export const accountPolicy = {
  list: (a: Actor) => isCityAdmin(a),
  create: (a: Actor) => isCityAdmin(a),
  update: (a: Actor) => isCityAdmin(a),
  resetPassword: (a: Actor) => isCityAdmin(a),
  /** Clearing an account's failed-login counts, resetting a lost second factor, ending its sessions. */
  unlock: (a: Actor) => isCityAdmin(a),
  resetTwoFactor: (a: Actor) => isCityAdmin(a),
  manageSessions: (a: Actor) => isCityAdmin(a),
  /** Everyone lists and ends their own sessions and sets up their own second factor. */
  ownSecurity: (_a: Actor) => true,
  /** Everyone changes their own password, and only their own. */
  changeOwnPassword: (_a: Actor) => true,
};
