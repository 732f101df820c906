import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile } from './client';
import type { MediaKind } from './media';
import type { Text, UnitType } from './types';

/*
 * 总结报告: a unit's summary (rich-text sections and picked photos) and its workflow, the office's
 * list, and the city summary draft. The shapes follow the server's Zod contract
 * (src/server/features/summaries/summary.schema.ts).
 */

export const SUMMARY_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];
/** A unit without a summary (or one still in draft) has not filed: the office sees it as missing. */
export type SummaryOfficeStatus = SummaryStatus | 'missing';
export type SummaryEventAction = 'save' | 'submit' | 'accept' | 'return' | 'reopen';
/** The office's steps; save and submit carry the content. */
export type SummaryDecision = 'accept' | 'return' | 'reopen';

export interface SummaryUnit {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
}

export interface SummaryPerson {
  id: number;
  username: string;
  displayName: string;
}

export interface SummarySectionDef {
  key: string;
  name: Text;
  hint: Text | null;
}

/** A picked item as the editor shows it: enough for a thumbnail and a caption field. */
export interface SummaryPick {
  id: number;
  caption: string | null;
  kind: MediaKind;
  originalName: string;
  unit: { id: number; code: string; name: string; shortName: string };
  category: string | null;
  takenOn: string;
  thumbUrl: string | null;
  displayUrl: string | null;
}

export interface Summary {
  id: number;
  status: SummaryStatus;
  /** Section key → sanitised HTML; a section with nothing written is absent. */
  sections: Record<string, string>;
  /** In the unit's order; an item deleted from the library since it was picked is left out. */
  media: SummaryPick[];
  revision: number;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: SummaryPerson | null;
  returnComment: string | null;
  updatedAt: string;
}

export interface SummaryEvent {
  action: SummaryEventAction;
  status: SummaryStatus;
  by: SummaryPerson | null;
  comment: string | null;
  at: string;
}

export interface SummaryLimits {
  /** Per section, measured on the sanitised HTML (markup included). */
  sectionChars: number;
  mediaPicks: number;
  captionChars: number;
}

export interface UnitSummary {
  unit: SummaryUnit;
  /** The campaign's sections, in order. */
  sections: SummarySectionDef[];
  /** The exclusive deadline, or null. */
  due: string | null;
  obligationKey: string | null;
  limits: SummaryLimits;
  summary: Summary | null;
  /** Newest first. */
  events: SummaryEvent[];
  can: { edit: boolean; decide: boolean; reopen: boolean; export: boolean };
}

/** A save or a submission: the whole new state, never a patch. */
export interface SummaryBody {
  sections: Record<string, string>;
  media: { id: number; caption?: string | null }[];
  revision?: number;
}

export interface SummaryOfficeRow {
  unit: SummaryUnit;
  status: SummaryOfficeStatus;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  /** How many photos and videos the summary picked. */
  media: number;
  updatedAt: string | null;
}

/** Shares are 0..1. */
export interface SummaryFigure {
  units: number;
  submitted: number;
  onTime: number;
  completeness: number;
  timeliness: number;
}

export interface SummaryOfficeList {
  due: string | null;
  rows: SummaryOfficeRow[];
  completeness: { byType: (SummaryFigure & { type: UnitType })[]; overall: SummaryFigure };
  missing: SummaryUnit[];
}

const base = (campaignId: number) => `/api/campaigns/${campaignId}/summaries`;

export const summaryKeys = {
  all: ['summaries'] as const,
  unit: (campaignId: number, unitId: number) => [...summaryKeys.all, 'unit', campaignId, unitId] as const,
  office: (campaignId: number, unitType?: UnitType) => [...summaryKeys.all, 'office', campaignId, unitType ?? null] as const,
};

export function useUnitSummary(campaignId: number | undefined, unitId: number | undefined) {
  return useQuery({
    queryKey: summaryKeys.unit(campaignId ?? 0, unitId ?? 0),
    queryFn: () => apiFetch<UnitSummary>(`${base(campaignId!)}/units/${unitId}`),
    enabled: campaignId !== undefined && unitId !== undefined,
  });
}

/** Every step answers with the unit's whole summary: it replaces the cached one. */
function useUnitMutation<V>(campaignId: number, unitId: number, send: (v: V) => Promise<UnitSummary>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (data) => {
      qc.setQueryData(summaryKeys.unit(campaignId, unitId), data);
      void qc.invalidateQueries({ queryKey: [...summaryKeys.all, 'office'] });
      // The first submission fulfils the to-do item and the matrix cell.
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}

export function useSaveSummary(campaignId: number, unitId: number) {
  return useUnitMutation(campaignId, unitId, (body: SummaryBody) =>
    apiFetch<UnitSummary>(`${base(campaignId)}/units/${unitId}`, { method: 'PUT', body }),
  );
}

export function useSubmitSummary(campaignId: number, unitId: number) {
  return useUnitMutation(campaignId, unitId, (body: SummaryBody) =>
    apiFetch<UnitSummary>(`${base(campaignId)}/units/${unitId}/submit`, { method: 'POST', body }),
  );
}

export function useDecideSummary(campaignId: number, unitId: number) {
  return useUnitMutation(campaignId, unitId, ({ action, text }: { action: SummaryDecision; text?: string }) => {
    // A return must say why (comment) and a reopening too (reason); an acceptance may add a comment.
    const body = action === 'reopen' ? { reason: text ?? '' } : action === 'return' ? { comment: text ?? '' } : text?.trim() ? { comment: text } : {};
    return apiFetch<UnitSummary>(`${base(campaignId)}/units/${unitId}/${action}`, { method: 'POST', body });
  });
}

export function useSummaryOffice(campaignId: number | undefined, unitType?: UnitType, enabled = true) {
  return useQuery({
    queryKey: summaryKeys.office(campaignId ?? 0, unitType),
    queryFn: () => apiFetch<SummaryOfficeList>(base(campaignId!), { query: { unitType } }),
    enabled: campaignId !== undefined && enabled,
  });
}

export function downloadUnitSummary(campaignId: number, unitId: number) {
  return downloadFile(`${base(campaignId)}/units/${unitId}/export.docx`, 'summary.docx');
}

export function downloadCitySummary(campaignId: number) {
  return downloadFile(`/api/campaigns/${campaignId}/city-summary.docx`, 'city-summary.docx');
}
