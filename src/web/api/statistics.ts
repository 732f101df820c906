import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile, withQuery } from './client';
import type { Finding as StatisticsFinding } from '../../domain/forms/statistics.rules';
import type { Text, UnitType } from './types';

/*
 * 附件2 活动进展情况统计表: a unit's table and its workflow, the office's list and roll-up, and
 * the import of tables filled offline. The shapes follow the server's Zod contract
 * (src/server/features/statistics/statistics.schema.ts).
 */

export const STATISTICS_STATUSES = ['draft', 'submitted', 'approved', 'accepted', 'returned'] as const;
export type StatisticsStatus = (typeof STATISTICS_STATUSES)[number];
/** A unit without a table (or one still in draft) has not reported: the office sees it as missing. */
export type OfficeStatus = StatisticsStatus | 'missing';
export type StatisticsEventAction = 'save' | 'submit' | 'approve' | 'accept' | 'return' | 'reopen' | 'import';
/** The workflow steps a caller takes from the unit's page (save and submit carry the figures). */
export type StatisticsDecision = 'approve' | 'accept' | 'return' | 'reopen';

/** Indicator key → count; a key that is absent was left blank. */
export type StatisticsCounts = Record<string, number>;

export interface StatisticsUnit {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
}

export interface StatisticsPerson {
  id: number;
  username: string;
  displayName: string;
}

export interface StatisticsCategory {
  key: string;
  name: Text;
  section: string;
}

export interface StatisticsIndicator {
  key: string;
  category: string;
  label: Text;
  measure: Text;
  /** integer when absent; decimal and money have `decimals` places (2 when absent). */
  type?: 'integer' | 'decimal' | 'money';
  decimals?: number;
  allowNegative?: boolean;
}

export interface StatisticsRule {
  key: string;
  severity: 'hard' | 'soft';
  /** One indicator, or the indicators of a sum. */
  left: string | string[];
  op: string;
  right: string | string[];
  message: Text;
}

/** The server sends the domain's findings as they are. */
export type { StatisticsFinding };

export interface StatisticsForm {
  categories: StatisticsCategory[];
  indicators: StatisticsIndicator[];
  rules: StatisticsRule[];
  /** The exclusive deadline, or null. */
  due: string | null;
  obligationKey: string | null;
  approvalUnitTypes: UnitType[];
}

export interface StatisticsEvent {
  action: StatisticsEventAction;
  status: StatisticsStatus;
  by: StatisticsPerson | null;
  comment: string | null;
  at: string;
}

export interface StatisticsReport {
  id: number;
  status: StatisticsStatus;
  values: StatisticsCounts;
  comments: Record<string, string>;
  revision: number;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: StatisticsPerson | null;
  returnComment: string | null;
  updatedAt: string;
}

export interface UnitStatistics extends StatisticsForm {
  unit: StatisticsUnit;
  approvalRequired: boolean;
  report: StatisticsReport | null;
  findings: StatisticsFinding[];
  /** Newest first. */
  events: StatisticsEvent[];
  subUnits: { reports: number; total: StatisticsCounts };
  /** The sum of the unit's accepted activities per indicator; an indicator none mentions is absent. */
  prefill: StatisticsCounts;
  /** Figures that differ from their pre-fill, each explained under comments[`override.<indicator>`]. */
  overrides: StatisticsOverride[];
  can: { edit: boolean; approve: boolean; decide: boolean; reopen: boolean };
}

export interface StatisticsOverride {
  indicator: string;
  prefill: number;
  value: number;
}

/** What a save or a submission sends: blanks as null, explanations keyed by finding. */
export interface StatisticsBody {
  values: Record<string, number | null>;
  comments: Record<string, string>;
  revision?: number;
}

export interface StatisticsOfficeRow {
  unit: StatisticsUnit;
  status: OfficeStatus;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  explained: number;
  /** Figures that differ from the sum of the unit's accepted activities. */
  overrides: number;
}

/** Shares are 0..1. */
export interface StatisticsFigure {
  units: number;
  submitted: number;
  onTime: number;
  completeness: number;
  timeliness: number;
}

export interface StatisticsOfficeList {
  due: string | null;
  rows: StatisticsOfficeRow[];
  completeness: { byType: (StatisticsFigure & { type: UnitType })[]; overall: StatisticsFigure };
  missing: StatisticsUnit[];
}

export interface StatisticsRollup {
  categories: StatisticsCategory[];
  indicators: StatisticsIndicator[];
  rows: { unit: StatisticsUnit; status: OfficeStatus; reports: number; total: StatisticsCounts }[];
  subtotals: { type: UnitType; units: number; reports: number; total: StatisticsCounts }[];
  total: StatisticsCounts;
  reports: number;
}

export interface StatisticsImportRow {
  row: number;
  code: string | null;
  name: string;
  unit: StatisticsUnit | null;
  action: 'create' | 'update' | 'unchanged' | 'skipped' | 'error';
  changes: { key: string; before: number | null; after: number | null }[];
  errors: { field: string; message: string; messageEn: string }[];
  note: Text | null;
  /** The row would replace a table the unit filed itself: the office keeps the unit's or takes the file's. */
  ownSubmission: { status: StatisticsStatus; note: Text } | null;
}

/** The office's choice for a row that would replace a unit's own filing. */
export type ImportChoice = 'unit' | 'file';

export interface StatisticsImportPreview {
  rows: StatisticsImportRow[];
  missingColumns: string[];
  summary: { create: number; update: number; unchanged: number; skipped: number; error: number; ownSubmissions: number };
}

export interface StatisticsImportResult {
  created: number;
  updated: number;
  /** Flagged rows where the office kept the unit's own table. */
  kept: number;
}

const base = (campaignId: number) => `/api/campaigns/${campaignId}/statistics`;

export const statisticsKeys = {
  all: ['statistics'] as const,
  form: (campaignId: number) => [...statisticsKeys.all, 'form', campaignId] as const,
  unit: (campaignId: number, unitId: number) => [...statisticsKeys.all, 'unit', campaignId, unitId] as const,
  check: (campaignId: number, unitId: number, values: Record<string, number | null>) =>
    [...statisticsKeys.all, 'check', campaignId, unitId, values] as const,
  office: (campaignId: number, unitType?: UnitType) => [...statisticsKeys.all, 'office', campaignId, unitType ?? null] as const,
  rollup: (campaignId: number, unitType?: UnitType) => [...statisticsKeys.all, 'rollup', campaignId, unitType ?? null] as const,
};

export function useStatisticsForm(campaignId: number | undefined) {
  return useQuery({
    queryKey: statisticsKeys.form(campaignId ?? 0),
    queryFn: () => apiFetch<StatisticsForm>(`${base(campaignId!)}/form`),
    enabled: campaignId !== undefined,
  });
}

export function useUnitStatistics(campaignId: number | undefined, unitId: number | undefined) {
  return useQuery({
    queryKey: statisticsKeys.unit(campaignId ?? 0, unitId ?? 0),
    queryFn: () => apiFetch<UnitStatistics>(`${base(campaignId!)}/units/${unitId}`),
    enabled: campaignId !== undefined && unitId !== undefined,
  });
}

/**
 * The findings on figures not yet saved. The caller debounces `values`; the previous answer stays
 * on screen while the next is asked, so the messages do not flicker as the user types.
 */
export function useStatisticsCheck(
  campaignId: number | undefined,
  unitId: number | undefined,
  values: Record<string, number | null> | undefined,
) {
  return useQuery({
    queryKey: statisticsKeys.check(campaignId ?? 0, unitId ?? 0, values ?? {}),
    queryFn: ({ signal }) =>
      apiFetch<{ findings: StatisticsFinding[] }>(`${base(campaignId!)}/units/${unitId}/check`, {
        method: 'POST',
        body: { values },
        signal,
      }),
    enabled: campaignId !== undefined && unitId !== undefined && values !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

/** Every workflow step answers with the unit's whole table: it replaces the cached one. */
function useUnitMutation<V>(campaignId: number, unitId: number, send: (v: V) => Promise<UnitStatistics>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (data) => {
      qc.setQueryData(statisticsKeys.unit(campaignId, unitId), data);
      void qc.invalidateQueries({ queryKey: [...statisticsKeys.all, 'office'] });
      void qc.invalidateQueries({ queryKey: [...statisticsKeys.all, 'rollup'] });
      // A submission fulfils the to-do; a reopen or return may undo what the matrix shows.
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}

export function useSaveStatistics(campaignId: number, unitId: number) {
  return useUnitMutation(campaignId, unitId, (body: StatisticsBody) =>
    apiFetch<UnitStatistics>(`${base(campaignId)}/units/${unitId}`, { method: 'PUT', body }),
  );
}

export function useSubmitStatistics(campaignId: number, unitId: number) {
  return useUnitMutation(campaignId, unitId, (body: StatisticsBody) =>
    apiFetch<UnitStatistics>(`${base(campaignId)}/units/${unitId}/submit`, { method: 'POST', body }),
  );
}

export function useDecideStatistics(campaignId: number, unitId: number) {
  return useUnitMutation(campaignId, unitId, ({ action, text }: { action: StatisticsDecision; text?: string }) => {
    const body = action === 'reopen' ? { reason: text ?? '' } : text?.trim() ? { comment: text } : {};
    return apiFetch<UnitStatistics>(`${base(campaignId)}/units/${unitId}/${action}`, { method: 'POST', body });
  });
}

export function useStatisticsOffice(campaignId: number | undefined, unitType?: UnitType) {
  return useQuery({
    queryKey: statisticsKeys.office(campaignId ?? 0, unitType),
    queryFn: () => apiFetch<StatisticsOfficeList>(`${base(campaignId!)}`, { query: { unitType } }),
    enabled: campaignId !== undefined,
  });
}

export function useStatisticsRollup(campaignId: number | undefined, unitType?: UnitType, enabled = true) {
  return useQuery({
    queryKey: statisticsKeys.rollup(campaignId ?? 0, unitType),
    queryFn: () => apiFetch<StatisticsRollup>(`${base(campaignId!)}/rollup`, { query: { unitType } }),
    enabled: campaignId !== undefined && enabled,
  });
}

function fileForm(file: File): FormData {
  const fd = new FormData();
  fd.append('file', file);
  return fd;
}

export function usePreviewStatisticsImport(campaignId: number) {
  return useMutation({
    mutationFn: (file: File) =>
      apiFetch<StatisticsImportPreview>(`${base(campaignId)}/import/preview`, { method: 'POST', body: fileForm(file) }),
  });
}

/** `choices()` gives the office's choice per flagged row at the moment of confirming. */
export function useCommitStatisticsImport(campaignId: number, choices: () => Record<number, ImportChoice>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('choices', JSON.stringify(choices()));
      body.append('file', file);
      return apiFetch<StatisticsImportResult>(`${base(campaignId)}/import`, { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: statisticsKeys.all });
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}

export function downloadUnitStatistics(campaignId: number, unitId: number) {
  return downloadFile(`${base(campaignId)}/units/${unitId}/export.xlsx`, 'statistics.xlsx');
}

export function downloadStatisticsSheet(campaignId: number, format: 'xlsx' | 'csv', unitType?: UnitType) {
  return downloadFile(withQuery(`${base(campaignId)}/export.${format}`, { unitType }), `statistics.${format}`);
}
