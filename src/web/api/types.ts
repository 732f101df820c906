/* The shapes the API returns, as the contract states them. */

export interface Text {
  zh: string;
  en: string;
}

import { roles as ROLES, type Role } from '../../domain/accounts/roles';

export { ROLES, type Role };

export const UNIT_TYPES = ['city_office', 'county', 'zone', 'department', 'enterprise', 'township'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export interface UnitRef {
  id: number;
  code: string;
  name: string;
  type: UnitType;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  unit: UnitRef;
  roles: Role[];
  mustChangePassword: boolean;
  twoFactor: { enabled: boolean; required: boolean };
  /** What the account must do before anything else; the server refuses every other route meanwhile. */
  restriction: 'must_change_password' | 'two_factor_enrolment' | null;
}

/** A signed-in session as its owner or the office sees it. */
export interface SessionInfo {
  id: string;
  agent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
}

export interface CampaignSummary {
  id: number;
  code: string;
  year: number;
  title: Text;
  status: 'active' | 'archived';
  createdAt: string;
  /** First and last day of its periods (the Tour included). */
  startsOn: string;
  endsOn: string;
  /** The one running today, as the server decides it (src/domain/campaign/campaign.current.ts). */
  current: boolean;
}

export interface Person {
  name: string;
  position: Text;
}

export interface Named {
  key: string;
  name: Text;
}

/** An activity form of a task category, and what one activity of it adds to the statistics table. */
export interface ActivityFormDef extends Named {
  counts?: string[];
  participants?: string;
}

export interface CampaignDefinition {
  identity: {
    title: Text;
    shortTitle: Text;
    edition: number;
    theme: Text;
    issuer: Text;
    documentNumber: string;
    issuedOn: string;
    reportsTo?: Text;
    legalBasis: { title: Text; documentNumber: string }[];
  };
  periods: { key: string; name: Text; start: string; end: string; section: string }[];
  leadingGroup: { leader: Person; deputies: Person[]; duty?: Text; office: Text; officeDuty: Text };
  contact: { organisation: Text; person: string; phone: string; fax?: string; email: string };
  milestones: {
    key: string;
    name: Text;
    date: string;
    approximate: boolean;
    place?: Text;
    description?: Text;
    section: string;
  }[];
  taskCategories: { key: string; period: string; section: string; name: Text; summary: Text; forms: ActivityFormDef[] }[];
  tour: { forms: ActivityFormDef[]; themes: Named[] };
  /** The units the plan names (counties carry their division codes). */
  units?: { code: string; name: string; shortName: string; type: UnitType; parent?: string }[];
  participantGroups: { key: string; name: Text; unitTypes: UnitType[] }[];
  obligations: { key: string; name: Text; kind: string; due?: string; [k: string]: unknown }[];
  reminders?: { dueSoonDays: number };
  /** 举报案件 (§六): what may be reported, and the time limits (working days, rectification in calendar days). */
  cases?: {
    categories: Named[];
    deadlines: { acceptWorkingDays: number; verifyWorkingDays: number; rectifyDays: number };
    calendar?: { holidays: string[]; workdays: string[] };
  };
  /** 典型案例曝光 (§六): the review chain a typical case passes before it is published, and the outlets offered. */
  exposure?: {
    reviewChain: { key: string; role: Role; name: Text }[];
    outlets: string[];
  };
  [k: string]: unknown;
}

export interface Campaign {
  id: number;
  code: string;
  year: number;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
  definition: CampaignDefinition;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
  parentId: number | null;
  active: boolean;
  sortOrder: number;
}

export interface Account {
  id: number;
  username: string;
  displayName: string;
  unit: { id: number; code: string; name: string };
  roles: Role[];
  active: boolean;
  lockedUntil: string | null;
  twoFactorEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export const OBLIGATION_STATUSES = ['not_due', 'due_soon', 'done_on_time', 'done_late', 'overdue', 'returned'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export interface MyObligationItem {
  key: string;
  name: Text;
  description?: Text;
  section: string;
  kind: string;
  form?: string;
  due: string;
  status: ObligationStatus;
  fulfilledAt: string | null;
  count: number;
  minCount: number;
  targetCount?: number;
  /** A coverage obligation's task categories that have no accepted activity yet. */
  missing?: Named[];
}

export interface MyObligations {
  unit: UnitRef;
  items: MyObligationItem[];
}

export interface MatrixCell {
  status: ObligationStatus;
  fulfilledAt: string | null;
  count: number;
}

export interface ObligationMatrix {
  obligations: { key: string; name: Text; due: string }[];
  rows: {
    unit: { id: number; code: string; name: string; shortName: string; type: UnitType };
    cells: Record<string, MatrixCell | null>;
  }[];
  summary: Record<string, { applicable: number; done: number; onTime: number; overdue: number }>;
}

export interface ImportPreviewRow {
  row: number;
  code: string;
  name: string;
  shortName: string;
  type: string;
  parentCode: string;
  action: 'create' | 'update' | 'unchanged' | 'error';
  errors: { field: string; message: string; messageEn: string }[];
}

export interface ImportPreview {
  rows: ImportPreviewRow[];
  summary: { create: number; update: number; unchanged: number; error: number };
}

export interface AuditItem {
  id: number;
  at: string;
  actor: { id: number; username: string } | null;
  unit: { id: number; name: string } | null;
  action: string;
  entityType: string;
  entityId: string | number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditItem[];
  total: number;
}
