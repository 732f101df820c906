import { hasRole, isCityAdmin, type Actor } from '../actor';

/*
 * 典型案例曝光. The city office drafts, publishes and withdraws; the publicity staff (reviewer) and
 * the leading group review as the campaign's chain says (the domain decides each step); all three
 * read every typical case. A media partner reads published cases only, downloads them, records
 * where it ran them and reads the feed. The monthly report to the province is the office's.
 */
const office = (a: Actor) => hasRole(a, 'city_admin', 'leader', 'reviewer');

export const exposurePolicy = {
  list: (a: Actor) => office(a) || hasRole(a, 'media_partner'),
  readsUnpublished: office,
  read: (a: Actor, t: { status: string }) => office(a) || (hasRole(a, 'media_partner') && t.status === 'published'),
  draft: isCityAdmin,
  recordRun: (a: Actor, t: { status: string }) => t.status === 'published' && (isCityAdmin(a) || hasRole(a, 'media_partner')),
  quota: office,
  province: (a: Actor) => hasRole(a, 'city_admin', 'leader'),
  sendProvince: isCityAdmin,
  feedToken: (a: Actor) => hasRole(a, 'media_partner'),
};
