import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile, withQuery } from './client';
import type { Text, UnitType } from './types';

/*
 * 举报案件办理: the handlers' side of public reports, units' violation leads (违法线索) and the
 * office's hotline calls, inspections and media items. The shapes follow the server's Zod
 * contract (src/server/features/cases/case.schema.ts: caseListSchema, caseSchema …); what a
 * reporter sees is the public report page's business, never this module's.
 */

export const CASE_STATUSES = [
  'received',
  'not_accepted',
  'accepted',
  'assigned',
  'founded',
  'unfounded',
  'rectifying',
  'rectified',
  'closed',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_SOURCES = ['public', 'unit', 'hotline', 'inspection', 'media'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
/** What the city office registers by hand. */
export const OFFICE_SOURCES = ['hotline', 'inspection', 'media'] as const;
export type NewCaseSource = 'unit' | (typeof OFFICE_SOURCES)[number];

/** The steps the server may offer on a case (`Case.actions`), in the order the page shows them. */
export const CASE_ACTIONS = [
  'accept',
  'reject',
  'assign',
  'reassign',
  'verify',
  'order_rectification',
  'rectify',
  'close',
  'merge',
  'escalate',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CaseMessageKind = 'to_reporter' | 'from_reporter' | 'internal';
export type CaseFilePurpose = 'evidence' | 'rectification';

export interface CaseUnit {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
}

export interface CasePerson {
  id: number;
  displayName: string;
}

export interface CaseFile {
  id: number;
  kind: string;
  mime: string;
  size: number;
  purpose: CaseFilePurpose;
  addedBy: 'reporter' | 'staff';
  addedOn: string;
  /** Copies without metadata: an image's thumbnail and display copy, a staff video's cleaned copy; null where there is none. */
  thumbUrl: string | null;
  displayUrl: string | null;
  /** The file as received; null when the caller may not have it (staff evidence keeps its GPS: the desk's only). */
  originalUrl: string | null;
}

/** One case as the queue shows it. */
export interface CaseSummary {
  id: number;
  reference: string;
  campaignId: number;
  source: CaseSource;
  category: { key: string; name: Text };
  whistleblower: boolean;
  county: CaseUnit | null;
  enterprise: string | null;
  status: CaseStatus;
  receivedOn: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalated: boolean;
  assignedUnit: CaseUnit | null;
  filedByUnit: CaseUnit | null;
  updatedOn: string;
}

export interface CaseEvent {
  id: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: CasePerson | null;
  unit: CaseUnit | null;
  comment: string | null;
  at: string;
}

export interface CaseMessage {
  id: number;
  kind: CaseMessageKind;
  body: string;
  author: CasePerson | null;
  at: string;
  files: CaseFile[];
}

export interface CaseRef {
  id: number;
  reference: string;
}

/** One case in full, with what the caller may do now. */
export interface Case extends CaseSummary {
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  occurredOn: string | null;
  description: string;
  posterUnit: CaseUnit | null;
  /** Null with `reporterHidden` for callers who may not see who reported. */
  reporter: { name: string | null; phone: string | null } | null;
  reporterHidden: boolean;
  /** The reporter follows the case with a receipt code (public reports). */
  hasReceipt: boolean;
  rejectReason: string | null;
  findings: string | null;
  rectificationRequired: string | null;
  rectificationReport: string | null;
  reply: string | null;
  mergedInto: CaseRef | null;
  merged: CaseRef[];
  revision: number;
  events: CaseEvent[];
  messages: CaseMessage[];
  files: CaseFile[];
  /** Steps the caller may take now, among CASE_ACTIONS. */
  actions: string[];
  canMessage: boolean;
}

export interface CaseCounts {
  open: number;
  overdue: number;
  mine: number;
}

export interface CaseList {
  items: CaseSummary[];
  total: number;
  page: number;
  pageSize: number;
  counts: CaseCounts;
}

export type CaseQueue = 'mine' | 'all';

/** The list's filters as the server reads them (the export takes the same, without the page). */
export interface CaseFilter {
  queue: CaseQueue;
  status?: CaseStatus;
  category?: string;
  countyId?: number;
  source?: CaseSource;
  overdue?: boolean;
  q?: string;
}

export interface CaseListQuery extends CaseFilter {
  page: number;
  pageSize: number;
}

/** A unit's lead or a call the office registers; blanks as null. */
export interface NewCaseBody {
  source: NewCaseSource;
  category: string;
  countyId: number;
  address: string;
  enterprise: string | null;
  occurredOn: string | null;
  description: string;
  whistleblower: boolean;
  reporterName: string | null;
  reporterPhone: string | null;
  unitId?: number;
}

/** One workflow step; each action reads only the fields it needs. */
export interface CaseActionBody {
  action: CaseAction;
  revision: number;
  reason?: string | null;
  unitId?: number;
  founded?: boolean;
  findings?: string | null;
  requirement?: string | null;
  days?: number;
  report?: string | null;
  reply?: string | null;
  targetId?: number;
}

const base = (campaignId: number) => `/api/campaigns/${campaignId}/cases`;

/** The filter as query parameters: `overdue` only when set, everything blank left out. */
function filterQuery(f: CaseFilter) {
  return {
    queue: f.queue,
    status: f.status,
    category: f.category,
    countyId: f.countyId,
    source: f.source,
    overdue: f.overdue ? 'true' : undefined,
    q: f.q,
  };
}

export const caseKeys = {
  all: ['cases'] as const,
  list: (campaignId: number, q: CaseListQuery) => [...caseKeys.all, 'list', campaignId, q] as const,
  one: (campaignId: number, id: number) => [...caseKeys.all, 'one', campaignId, id] as const,
};

export function useCases(campaignId: number | undefined, query: CaseListQuery, enabled = true) {
  return useQuery({
    queryKey: caseKeys.list(campaignId ?? 0, query),
    queryFn: () => apiFetch<CaseList>(base(campaignId!), { query: { ...filterQuery(query), page: query.page, pageSize: query.pageSize } }),
    enabled: enabled && campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCase(campaignId: number | undefined, id: number | undefined) {
  return useQuery({
    queryKey: caseKeys.one(campaignId ?? 0, id ?? 0),
    queryFn: () => apiFetch<Case>(`${base(campaignId!)}/${id}`),
    enabled: campaignId !== undefined && id !== undefined,
  });
}

/** Every write answers with the whole case: it replaces the cached one unless older, and the lists are read again. */
function useCaseWrite<V>(campaignId: number, send: (v: V) => Promise<Case>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (c) => {
      const key = caseKeys.one(campaignId, c.id);
      const cached = qc.getQueryData<Case>(key);
      if (!cached || cached.revision <= c.revision) qc.setQueryData(key, c);
      void qc.invalidateQueries({ queryKey: [...caseKeys.all, 'list'] });
    },
  });
}

export function useCreateCase(campaignId: number) {
  return useCaseWrite(campaignId, (body: NewCaseBody) => apiFetch<Case>(base(campaignId), { method: 'POST', body }));
}

export function useCaseAction(campaignId: number, caseId: number) {
  const qc = useQueryClient();
  return useCaseWrite(campaignId, async (body: CaseActionBody) => {
    const c = await apiFetch<Case>(`${base(campaignId)}/${caseId}/actions`, { method: 'POST', body });
    // A merge changes the target case too.
    if (body.action === 'merge' && body.targetId !== undefined) {
      void qc.invalidateQueries({ queryKey: caseKeys.one(campaignId, body.targetId) });
    }
    return c;
  });
}

export function useCaseMessage(campaignId: number, caseId: number) {
  return useCaseWrite(campaignId, (body: { kind: 'to_reporter' | 'internal'; body: string }) =>
    apiFetch<Case>(`${base(campaignId)}/${caseId}/messages`, { method: 'POST', body }),
  );
}

/**
 * One file as multipart `file` (the server judges the type by the bytes, never by the name);
 * answers the case with the file added.
 */
export function uploadCaseFile(campaignId: number, caseId: number, file: File, purpose: CaseFilePurpose): Promise<Case> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return apiFetch<Case>(withQuery(`${base(campaignId)}/${caseId}/files`, { purpose }), { method: 'POST', body: fd });
}

/** Uploads files one at a time (keeping their order); a refusal of one does not stop the others. */
export function useUploadCaseFiles(campaignId: number, caseId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ files, purpose }: { files: File[]; purpose: CaseFilePurpose }) => {
      const done: File[] = [];
      const failed: { file: File; error: unknown }[] = [];
      for (const file of files) {
        try {
          const c = await uploadCaseFile(campaignId, caseId, file, purpose);
          const key = caseKeys.one(campaignId, caseId);
          const cached = qc.getQueryData<Case>(key);
          if (!cached || cached.revision <= c.revision) qc.setQueryData(key, c);
          done.push(file);
        } catch (error) {
          failed.push({ file, error });
        }
      }
      return { done, failed };
    },
    onSettled: () => qc.invalidateQueries({ queryKey: caseKeys.one(campaignId, caseId) }),
  });
}

/**
 * The county-level units of the campaign by id, as the public report form lists them: a unit
 * sees only its own subtree in the unit list, yet may file a lead in any county.
 */
export function useCampaignCounties(campaignCode: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...caseKeys.all, 'counties', campaignCode ?? ''] as const,
    queryFn: async () =>
      (await apiFetch<{ counties: { id: number; code: string; name: string }[] }>(`/api/public/campaigns/${encodeURIComponent(campaignCode!)}/report-form`))
        .counties,
    enabled: enabled && campaignCode !== undefined,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function downloadCases(campaignId: number, format: 'xlsx' | 'csv', filter: CaseFilter) {
  return downloadFile(withQuery(`${base(campaignId)}.${format}`, filterQuery(filter)), `cases.${format}`);
}

export function downloadPoster(campaignId: number, unit: { id: number; code: string }, format: 'png' | 'pdf') {
  return downloadFile(`/api/campaigns/${campaignId}/units/${unit.id}/poster.${format}`, `poster-${unit.code}.${format}`);
}
