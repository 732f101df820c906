import { readsEverything, type Actor } from '../actor';

/** The audit log is read by the office and the leading group; nobody writes it through the API. */
export const auditPolicy = {
  read: (a: Actor) => readsEverything(a),
};
