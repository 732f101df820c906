import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile, withQuery } from './client';
import type { Text, UnitType } from './types';

/* 附件1 联络员反馈表: a unit's form with its versions, and the office's consolidated view. */

export interface LiaisonField {
  key: string;
  label: Text;
  type: 'text' | 'mobile' | 'phone' | 'email' | 'number' | 'date' | 'choice';
  required: boolean;
  group: 'liaison' | 'leader';
  /** type choice: the options; the value sent is the option's Chinese label. */
  options?: Text[];
}

export type LiaisonValues = Record<string, string>;

export interface LiaisonUnit {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
}

export interface LiaisonVersion {
  id: number;
  version: number;
  values: LiaisonValues;
  submittedAt: string;
  submittedBy: { id: number; username: string; displayName: string } | null;
  late: boolean;
  changes: { key: string; before: string | null; after: string | null }[];
}

interface LiaisonFormInfo {
  fields: LiaisonField[];
  due: string | null;
  obligationKey: string | null;
}

export interface MyLiaison extends LiaisonFormInfo {
  unit: LiaisonUnit;
  current: LiaisonVersion | null;
  versions: LiaisonVersion[];
}

export const LIAISON_STATUSES = ['missing', 'on_time', 'late'] as const;
export type LiaisonStatus = (typeof LIAISON_STATUSES)[number];

export interface LiaisonRow {
  unit: LiaisonUnit;
  status: LiaisonStatus;
  version: number | null;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  values: LiaisonValues | null;
}

export interface LiaisonList extends LiaisonFormInfo {
  rows: LiaisonRow[];
  summary: { total: number; missing: number; onTime: number; late: number };
}

export interface LiaisonSubmitted {
  id: number;
  unitId: number;
  version: number;
  late: boolean;
  submittedAt: string;
  values: LiaisonValues;
}

export const liaisonKeys = {
  all: ['liaisons'] as const,
  mine: (campaignId: number, unitId?: number) => [...liaisonKeys.all, 'mine', campaignId, unitId ?? null] as const,
  list: (campaignId: number, unitType?: UnitType) => [...liaisonKeys.all, 'list', campaignId, unitType ?? null] as const,
};

export function useMyLiaison(campaignId: number | undefined, unitId?: number) {
  return useQuery({
    queryKey: liaisonKeys.mine(campaignId ?? 0, unitId),
    queryFn: () => apiFetch<MyLiaison>(`/api/campaigns/${campaignId}/liaisons/mine`, { query: { unitId } }),
    enabled: campaignId !== undefined,
  });
}

export function useLiaisonList(campaignId: number | undefined, unitType?: UnitType) {
  return useQuery({
    queryKey: liaisonKeys.list(campaignId ?? 0, unitType),
    queryFn: () => apiFetch<LiaisonList>(`/api/campaigns/${campaignId}/liaisons`, { query: { unitType } }),
    enabled: campaignId !== undefined,
  });
}

export function useSubmitLiaison(campaignId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { unitId?: number; values: LiaisonValues }) =>
      apiFetch<LiaisonSubmitted>(`/api/campaigns/${campaignId}/liaisons`, { method: 'POST', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: liaisonKeys.all });
      // The first submission fulfils the to-do.
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}

export function downloadLiaisonSheet(campaignId: number, unitType?: UnitType) {
  return downloadFile(withQuery(`/api/campaigns/${campaignId}/liaisons/export.xlsx`, { unitType }), 'liaisons.xlsx');
}

export type LiaisonImportAction = 'create' | 'update' | 'unchanged' | 'error';

export interface LiaisonImportRow {
  row: number;
  unitCode: string;
  unitName: string;
  unit: LiaisonUnit | null;
  action: LiaisonImportAction;
  values: LiaisonValues;
  changes: LiaisonVersion['changes'];
  errors: { field: string; message: string; messageEn: string }[];
  /** The row would replace a version the unit filed itself: the office keeps the unit's or takes the file's. */
  ownSubmission: { version: number; note: { zh: string; en: string } } | null;
}

export interface LiaisonImportPreview {
  fields: LiaisonField[];
  /** Keys of fields the sheet has no column for: each unit keeps its current value. */
  missingColumns: string[];
  rows: LiaisonImportRow[];
  summary: Record<LiaisonImportAction, number> & { ownSubmissions: number };
}

function fileForm(file: File): FormData {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return fd;
}

export function usePreviewLiaisonImport(campaignId: number) {
  return useMutation({
    mutationFn: (file: File) =>
      apiFetch<LiaisonImportPreview>(`/api/campaigns/${campaignId}/liaisons/import/preview`, { method: 'POST', body: fileForm(file) }),
  });
}

/** `choices()` gives the office's choice per flagged row ("unit" or "file") at the moment of confirming. */
export function useCommitLiaisonImport(campaignId: number, choices: () => Record<number, 'unit' | 'file'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = fileForm(file);
      body.append('choices', JSON.stringify(choices()));
      return apiFetch<{ created: number; updated: number; kept: number }>(`/api/campaigns/${campaignId}/liaisons/import`, { method: 'POST', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: liaisonKeys.all });
      // A unit's first version fulfils its to-do.
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}
