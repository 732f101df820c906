import { isCityAdmin, type Actor } from '../actor';

/**
 * The final packages: every unit's summary, table and media originals (with whatever GPS the
 * cameras wrote) in one zip. Only the city office makes and downloads them.
 */
export const packagePolicy = {
  create: (a: Actor) => isCityAdmin(a),
  read: (a: Actor) => isCityAdmin(a),
};
