import { isCityAdmin, type Actor } from '../actor';

/** The plan is public within the platform; only the city office writes it. */
export const campaignPolicy = {
  read: (_a: Actor) => true,
  update: (a: Actor) => isCityAdmin(a),
  copy: (a: Actor) => isCityAdmin(a),
  import: (a: Actor) => isCityAdmin(a),
  archive: (a: Actor) => isCityAdmin(a),
};
