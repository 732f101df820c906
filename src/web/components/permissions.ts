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
  'units.view': ['city_admin', 'leader'],
  'units.write': ['city_admin'],
  'accounts.view': ['city_admin'],
  'accounts.write': ['city_admin'],
  'audit.view': ['city_admin', 'leader'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasAnyRole(have: readonly Role[] | undefined, want: readonly Role[]): boolean {
  if (!have) return false;
  return want.some((r) => have.includes(r));
}
