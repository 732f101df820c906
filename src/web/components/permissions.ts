import type { Role } from '../api/types';

/*
 * Who may see or do what in the web app. The server enforces the same rules; this table only
 * decides what to show. Pages and buttons ask through useCan() or <RequireRole>, never by
 * inspecting roles themselves.
 */
export const PERMISSIONS = {
  'campaign.edit': ['city_admin'],
  'todo.view': ['unit_reporter', 'unit_approver'],
  'obligations.matrix': ['city_admin', 'leader'],
  'obligations.record': ['city_admin'],
  'liaison.fill': ['unit_reporter', 'unit_approver'],
  'liaison.office': ['city_admin', 'leader'],
  'statistics.fill': ['unit_reporter', 'unit_approver'],
  'statistics.office': ['city_admin', 'leader'],
  'statistics.import': ['city_admin'],
  // Opening one unit's table: its own unit, or the office looking at any unit.
  'statistics.view': ['unit_reporter', 'unit_approver', 'city_admin', 'leader'],
  'summary.fill': ['unit_reporter', 'unit_approver'],
  'summary.office': ['city_admin', 'leader'],
  // Opening one unit's summary: its own unit, or the office looking at any unit.
  'summary.view': ['unit_reporter', 'unit_approver', 'city_admin', 'leader'],
  // The packages hold media originals, GPS and all; only the office makes and downloads them.
  'package.manage': ['city_admin'],
  'units.view': ['city_admin', 'leader'],
  'units.write': ['city_admin'],
  'accounts.view': ['city_admin'],
  'accounts.write': ['city_admin'],
  'audit.view': ['city_admin', 'leader'],
  // Activities: every role with a unit scope reads its subtree's; who decides a record is the server's `can`.
  'activities.view': ['unit_reporter', 'unit_approver', 'city_admin', 'leader'],
  'activities.write': ['unit_reporter', 'unit_approver', 'city_admin'],
  'activities.decide': ['city_admin', 'unit_approver'],
  // The office's view across units: the unit filter, the public page's link.
  'activities.office': ['city_admin', 'leader'],
  'media.view': ['unit_reporter', 'unit_approver', 'city_admin', 'leader'],
  'media.feature': ['city_admin'],
  // Originals keep the camera's metadata (GPS included).
  'media.original': ['city_admin', 'leader'],
  // 举报案件: the queue and a case's page; what a caller may do on one case is the server's `actions`.
  'cases.view': ['city_admin', 'leader', 'case_handler', 'unit_reporter', 'unit_approver'],
  // Filing a unit's violation lead, or the office registering a hotline call, an inspection, a media item.
  'cases.file': ['unit_reporter', 'unit_approver', 'case_handler', 'city_admin'],
  'cases.export': ['city_admin', 'leader', 'case_handler'],
  'cases.posters': ['city_admin', 'unit_reporter', 'unit_approver'],
  // 典型案例曝光: the office drafts, the review chain reads; what a caller may do on one case is the server's `actions`.
  'exposures.view': ['city_admin', 'leader', 'reviewer'],
  'exposures.write': ['city_admin'],
  // The media partner's desk: published cases, their packages, the feed.
  'exposures.media': ['media_partner'],
  // The monthly report to the province office; only the office marks it sent.
  'exposures.province': ['city_admin', 'leader'],
  'exposures.send': ['city_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasAnyRole(have: readonly Role[] | undefined, want: readonly Role[]): boolean {
  if (!have) return false;
  return want.some((r) => have.includes(r));
}
