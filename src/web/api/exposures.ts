import { useMemo } from 'react';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile } from './client';
import { caseKeys, type CaseList, type CaseStatus, type CaseSummary } from './cases';
import type { Text } from './types';
import type { ProvinceRow } from '../../server/formats/province-report';

/*
 * 典型案例曝光 (§六): the city office drafts typical cases from verified cases, redacts their photos,
 * the review chain screens and approves them, the office publishes them, media partners record
 * where they ran, and each month's exposures are reported to the province. The shapes follow the
 * server's Zod contract (src/server/features/exposures/exposure.schema.ts); nothing here can hold
 * a reporter: the API has no such field.
 */

export const EXPOSURE_STATUSES = ['draft', 'in_review', 'approved', 'published', 'withdrawn'] as const;
export type ExposureStatus = (typeof EXPOSURE_STATUSES)[number];

/** The review steps the server may offer (`Typical.actions`), in the order the page shows them. */
export const EXPOSURE_ACTIONS = ['submit', 'pass', 'publish', 'return', 'withdraw'] as const;
export type ExposureAction = (typeof EXPOSURE_ACTIONS)[number];

/** A return says what to fix; a withdrawal says why. */
export const COMMENT_REQUIRED: ReadonlySet<ExposureAction> = new Set(['return', 'withdraw']);

/** Cases a typical case may be drafted from: verified as founded. */
export const VERIFIED_CASE_STATUSES = ['founded', 'rectifying', 'rectified', 'closed'] as const satisfies readonly CaseStatus[];
export const isVerifiedCase = (status: string) => (VERIFIED_CASE_STATUSES as readonly string[]).includes(status);

export const QUOTA_STATUSES = ['upcoming', 'open', 'at_risk', 'short', 'met', 'target_met'] as const;
export type QuotaStatus = (typeof QUOTA_STATUSES)[number];

export interface ExposurePerson {
  id: number;
  displayName: string;
}

/** The review step a case in review awaits. */
export interface ExposureStage {
  index: number;
  key: string;
  role: string;
  name: Text;
}

export interface RedactBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TypicalImage {
  id: number;
  caseFileId: number;
  boxes: RedactBox[];
  caption: string | null;
  width: number;
  height: number;
  /** The blurred copy: the only picture of the case anyone outside the office ever gets. */
  blurredUrl: string;
}

export interface TypicalRun {
  id: number;
  outlet: string;
  ranOn: string;
  link: string | null;
  recordedBy: ExposurePerson | null;
}

export interface TypicalEvent {
  id: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  stage: number | null;
  actor: ExposurePerson | null;
  comment: string | null;
  at: string;
}

export interface TypicalSource {
  id: number;
  reference: string;
  status: string;
  category: Text;
}

export interface TypicalSummary {
  id: number;
  title: string;
  subject: string;
  sector: string | null;
  status: ExposureStatus;
  stage: ExposureStage | null;
  publishedAt: string | null;
  updatedAt: string;
  /** How many redacted photos. */
  images: number;
  /** How many media runs are recorded. */
  runs: number;
}

export interface Typical extends Omit<TypicalSummary, 'images' | 'runs'> {
  facts: string;
  violations: string;
  handling: string;
  dualPenalty: boolean;
  criminalTransfer: boolean;
  lesson: string;
  sources: TypicalSource[];
  images: TypicalImage[];
  runs: TypicalRun[];
  events: TypicalEvent[];
  returnComment: string | null;
  withdrawReason: string | null;
  withdrawnAt: string | null;
  revision: number;
  canEdit: boolean;
  /** Review actions the caller may take now. */
  actions: string[];
  canRecordRun: boolean;
}

/** What the office writes; `revision` on every save after the first. */
export interface TypicalBody {
  title: string;
  subject: string;
  sector: string | null;
  facts: string;
  violations: string;
  handling: string;
  dualPenalty: boolean;
  criminalTransfer: boolean;
  lesson: string;
  caseIds: number[];
  revision?: number;
}

export interface TypicalActionBody {
  action: ExposureAction;
  revision: number;
  comment?: string | null;
}

export interface RunBody {
  outlet: string;
  ranOn: string;
  link: string | null;
}

export interface EvidencePhoto {
  caseFileId: number;
  caseId: number;
  reference: string;
  /** The staff URL of the unblurred display copy. */
  displayUrl: string;
  width: number | null;
  height: number | null;
}

export interface ExposureQuotaMonth {
  month: string;
  count: number;
  status: QuotaStatus | string;
}

export interface ExposureQuota {
  minCount: number;
  targetCount: number;
  months: ExposureQuotaMonth[];
}

export interface FeedToken {
  token: string;
  feedUrl: string;
}

/** A row of the province report as the server builds it (a type only: nothing of the server is bundled). */
export type { ProvinceRow };

export interface ProvinceMonth {
  month: string;
  cases: number;
  sent: { at: string; to: string } | null;
}

export interface ProvinceReport {
  month: string;
  rows: ProvinceRow[];
  sent: { at: string; to: string; by: ExposurePerson | null } | null;
}

const base = (campaignId: number) => `/api/campaigns/${campaignId}/typical-cases`;
const provinceBase = (campaignId: number) => `/api/campaigns/${campaignId}/province-reports`;

export const exposureKeys = {
  all: ['exposures'] as const,
  list: (campaignId: number, status?: ExposureStatus) => [...exposureKeys.all, 'list', campaignId, status ?? ''] as const,
  one: (campaignId: number, id: number) => [...exposureKeys.all, 'one', campaignId, id] as const,
  evidence: (campaignId: number, id: number) => [...exposureKeys.all, 'evidence', campaignId, id] as const,
  quota: (campaignId: number) => [...exposureKeys.all, 'quota', campaignId] as const,
  province: (campaignId: number) => [...exposureKeys.all, 'province', campaignId] as const,
  provinceMonth: (campaignId: number, month: string) => [...exposureKeys.all, 'province', campaignId, month] as const,
};

export function useTypicalCases(campaignId: number | undefined, status?: ExposureStatus) {
  return useQuery({
    queryKey: exposureKeys.list(campaignId ?? 0, status),
    queryFn: () => apiFetch<{ items: TypicalSummary[] }>(base(campaignId!), { query: { status } }).then((r) => r.items),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTypicalCase(campaignId: number | undefined, id: number | undefined) {
  return useQuery({
    queryKey: exposureKeys.one(campaignId ?? 0, id ?? 0),
    queryFn: () => apiFetch<Typical>(`${base(campaignId!)}/${id}`),
    enabled: campaignId !== undefined && id !== undefined,
  });
}

/** The photos of the source cases an editor may choose from (the office only). */
export function useTypicalEvidence(campaignId: number | undefined, id: number | undefined, enabled = true) {
  return useQuery({
    queryKey: exposureKeys.evidence(campaignId ?? 0, id ?? 0),
    queryFn: () => apiFetch<{ items: EvidencePhoto[] }>(`${base(campaignId!)}/${id}/evidence`).then((r) => r.items),
    enabled: enabled && campaignId !== undefined && id !== undefined,
  });
}

export function useExposureQuota(campaignId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: exposureKeys.quota(campaignId ?? 0),
    queryFn: () => apiFetch<ExposureQuota>(`/api/campaigns/${campaignId}/exposure-quota`),
    enabled: enabled && campaignId !== undefined,
  });
}

/**
 * Verified cases (founded, rectifying, rectified, closed) matching `q`, one request per status
 * through the cases list, merged newest first: the only cases a typical case may come from.
 */
export function useVerifiedCases(campaignId: number | undefined, q: string, enabled = true) {
  const results = useQueries({
    queries: VERIFIED_CASE_STATUSES.map((status) => {
      const query = { queue: 'all' as const, status, q: q || undefined, page: 1, pageSize: 20 };
      return {
        queryKey: caseKeys.list(campaignId ?? 0, query),
        queryFn: () => apiFetch<CaseList>(`/api/campaigns/${campaignId}/cases`, { query: { ...query } }),
        enabled: enabled && campaignId !== undefined,
        staleTime: 30_000,
      };
    }),
  });
  // A new list only when an answer changes, so what depends on it does not run on every render.
  const answers = results.map((r) => r.data);
  const items = useMemo<CaseSummary[]>(
    () =>
      answers
        .flatMap((a) => a?.items ?? [])
        .sort((a, b) => (a.receivedOn < b.receivedOn ? 1 : a.receivedOn > b.receivedOn ? -1 : b.id - a.id)),
    answers,
  );
  return { items, isFetching: results.some((r) => r.isFetching), error: results.find((r) => r.error)?.error ?? null };
}

/** Every write answers with the whole typical case: it replaces the cached one unless older, and lists are read again. */
function useTypicalWrite<V>(campaignId: number, send: (v: V) => Promise<Typical>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (c) => {
      const key = exposureKeys.one(campaignId, c.id);
      const cached = qc.getQueryData<Typical>(key);
      if (!cached || cached.revision <= c.revision) qc.setQueryData(key, c);
      void qc.invalidateQueries({ queryKey: [...exposureKeys.all, 'list'] });
      void qc.invalidateQueries({ queryKey: [...exposureKeys.all, 'quota'] });
      void qc.invalidateQueries({ queryKey: [...exposureKeys.all, 'province'] });
    },
  });
}

export function useCreateTypical(campaignId: number) {
  return useTypicalWrite(campaignId, (body: TypicalBody) => apiFetch<Typical>(base(campaignId), { method: 'POST', body }));
}

export function useSaveTypical(campaignId: number, id: number) {
  return useTypicalWrite(campaignId, (body: TypicalBody) => apiFetch<Typical>(`${base(campaignId)}/${id}`, { method: 'PUT', body }));
}

export function useTypicalAction(campaignId: number, id: number) {
  return useTypicalWrite(campaignId, (body: TypicalActionBody) =>
    apiFetch<Typical>(`${base(campaignId)}/${id}/actions`, { method: 'POST', body }),
  );
}

/** A redacted photo: new (with the evidence file it comes from) or re-drawn (with the image's id). */
export function useSaveTypicalImage(campaignId: number, id: number) {
  return useTypicalWrite(
    campaignId,
    ({ imageId, caseFileId, boxes, caption }: { imageId?: number; caseFileId: number; boxes: RedactBox[]; caption: string | null }) =>
      imageId === undefined
        ? apiFetch<Typical>(`${base(campaignId)}/${id}/images`, { method: 'POST', body: { caseFileId, boxes, caption } })
        : apiFetch<Typical>(`${base(campaignId)}/${id}/images/${imageId}`, { method: 'PUT', body: { boxes, caption } }),
  );
}

export function useRemoveTypicalImage(campaignId: number, id: number) {
  return useTypicalWrite(campaignId, (imageId: number) =>
    apiFetch<Typical>(`${base(campaignId)}/${id}/images/${imageId}`, { method: 'DELETE' }),
  );
}

export function useAddRun(campaignId: number, id: number) {
  return useTypicalWrite(campaignId, (body: RunBody) => apiFetch<Typical>(`${base(campaignId)}/${id}/runs`, { method: 'POST', body }));
}

/** The zip a medium needs: 典型案例.docx with the blurred photos, and the photos themselves. */
export function downloadTypicalPackage(campaignId: number, id: number) {
  return downloadFile(`${base(campaignId)}/${id}/package`, `typical-case-${id}.zip`);
}

/** A media partner's new feed token; the old one stops working. Shown once. */
export function useCreateFeedToken() {
  return useMutation({
    mutationFn: () => apiFetch<FeedToken>('/api/feed-token', { method: 'POST' }),
  });
}

export function useProvinceReports(campaignId: number | undefined) {
  return useQuery({
    queryKey: exposureKeys.province(campaignId ?? 0),
    queryFn: () => apiFetch<{ months: ProvinceMonth[] }>(provinceBase(campaignId!)).then((r) => r.months),
    enabled: campaignId !== undefined,
  });
}

export function useProvinceReport(campaignId: number | undefined, month: string | undefined) {
  return useQuery({
    queryKey: exposureKeys.provinceMonth(campaignId ?? 0, month ?? ''),
    queryFn: () => apiFetch<ProvinceReport>(`${provinceBase(campaignId!)}/${month}`),
    enabled: campaignId !== undefined && month !== undefined,
  });
}

export function useSendProvinceReport(campaignId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ month, sentTo, sentOn }: { month: string; sentTo: string; sentOn?: string }) =>
      apiFetch<ProvinceReport>(`${provinceBase(campaignId)}/${month}/send`, { method: 'POST', body: { sentTo, sentOn } }),
    onSuccess: (report) => {
      qc.setQueryData(exposureKeys.provinceMonth(campaignId, report.month), report);
      void qc.invalidateQueries({ queryKey: exposureKeys.province(campaignId), exact: true });
    },
  });
}

export function downloadProvinceReport(campaignId: number, month: string, format: 'xlsx' | 'docx') {
  return downloadFile(`${provinceBase(campaignId)}/${month}/report.${format}`, `province-report-${month}.${format}`);
}
