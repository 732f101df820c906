/**
 * The roles of the platform, shared by the server (which enforces them) and the web app
 * (which only decides what to show). City-wide roles (city_admin, leader) belong to
 * accounts of the city office; every other role acts within its unit's subtree.
 */
export const roles = [
  'city_admin',
  'leader',
  'unit_reporter',
  'unit_approver',
  'case_handler',
  'reviewer',
  'media_partner',
] as const;

export type Role = (typeof roles)[number];
