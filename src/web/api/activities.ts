import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import { statisticsKeys } from './statistics';
import type { Named, Text, UnitType } from './types';

/*
 * 活动记录: a unit's activities, their workflow, the calendar, a unit's timeline and its coverage
 * of the task categories. The shapes follow the server's Zod contract
 * (src/server/features/activities/activity.schema.ts); the public page's are in ./public.ts.
 */

export const ACTIVITY_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Indicator key → count. */
export type Contributions = Record<string, number>;

export interface ActivityUnit {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
}

export interface ActivityPerson {
  id: number;
  username: string;
  displayName: string;
}

export interface ActivityPlace {
  county: { code: string; name: string } | null;
  address: string | null;
}

export interface ActivityAttachment {
  id: number;
  kind: string;
  originalName: string;
  takenOn: string;
  thumbUrl: string | null;
  displayUrl: string | null;
}

export interface ActivitySummary {
  id: number;
  campaignId: number;
  unit: ActivityUnit;
  category: Named;
  forms: Named[];
  title: string;
  startsOn: string;
  endsOn: string;
  place: ActivityPlace;
  organiser: string | null;
  participants: number;
  isPublic: boolean;
  status: ActivityStatus;
  returnComment: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  updatedAt: string;
}

export interface Activity extends ActivitySummary {
  audience: string | null;
  description: string | null;
  links: string[];
  /** What it adds to the unit's statistics table once accepted. */
  contributions: Contributions;
  /** What its forms and participants would add. */
  suggestedContributions: Contributions;
  revision: number;
  decidedBy: ActivityPerson | null;
  createdBy: ActivityPerson | null;
  createdAt: string;
  attachments: ActivityAttachment[];
  can: { edit: boolean; submit: boolean; decide: boolean; delete: boolean };
}

export interface ActivityList {
  items: ActivitySummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface ActivityFilter {
  unitId?: number;
  category?: string;
  status?: ActivityStatus;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** The record as the form sends it; blanks as null. Omitted contributions: the forms' defaults. */
export interface ActivityBody {
  category: string;
  forms: string[];
  title: string;
  startsOn: string;
  endsOn: string;
  countyCode: string | null;
  address: string | null;
  organiser: string | null;
  audience: string | null;
  participants: number;
  description: string | null;
  links: string[];
  contributions?: Record<string, number | null>;
  isPublic: boolean;
}

export interface CalendarItem {
  id: number;
  title: string;
  status: ActivityStatus;
  category: string;
  unit: { id: number; shortName: string };
}

export interface ActivityCalendar {
  month: string;
  /** Only days with activities; an activity spanning days is on each of them. */
  days: { date: string; count: number; items: CalendarItem[] }[];
  milestones: { key: string; name: Text; date: string; approximate: boolean }[];
}

export interface ActivityTimeline {
  unit: ActivityUnit;
  periods: { key: string; name: Text; start: string; end: string }[];
  /** Earliest first. */
  items: { id: number; title: string; category: Named; startsOn: string; endsOn: string; status: ActivityStatus; isPublic: boolean }[];
}

export interface ActivityCoverage {
  unit: ActivityUnit;
  obligation: { key: string; name: Text; due: string } | null;
  categories: { key: string; name: Text; section: string; accepted: number; pending: number }[];
  /** Keys of the categories with no accepted activity yet. */
  missing: string[];
}

const base = (campaignId: number) => `/api/campaigns/${campaignId}/activities`;

export const activityKeys = {
  all: ['activities'] as const,
  list: (campaignId: number, f: ActivityFilter) => [...activityKeys.all, 'list', campaignId, f] as const,
  one: (campaignId: number, id: number) => [...activityKeys.all, 'one', campaignId, id] as const,
  calendar: (campaignId: number, month: string, f: Pick<ActivityFilter, 'unitId' | 'category' | 'status'>) =>
    [...activityKeys.all, 'calendar', campaignId, month, f] as const,
  timeline: (campaignId: number, unitId: number) => [...activityKeys.all, 'timeline', campaignId, unitId] as const,
  coverage: (campaignId: number, unitId: number) => [...activityKeys.all, 'coverage', campaignId, unitId] as const,
};

export function useActivities(campaignId: number | undefined, filter: ActivityFilter) {
  return useQuery({
    queryKey: activityKeys.list(campaignId ?? 0, filter),
    queryFn: () => apiFetch<ActivityList>(base(campaignId!), { query: { ...filter } }),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useActivity(campaignId: number | undefined, id: number | undefined) {
  return useQuery({
    queryKey: activityKeys.one(campaignId ?? 0, id ?? 0),
    queryFn: () => apiFetch<Activity>(`${base(campaignId!)}/${id}`),
    enabled: campaignId !== undefined && id !== undefined,
  });
}

export function useActivityCalendar(
  campaignId: number | undefined,
  month: string,
  filter: Pick<ActivityFilter, 'unitId' | 'category' | 'status'>,
) {
  return useQuery({
    queryKey: activityKeys.calendar(campaignId ?? 0, month, filter),
    queryFn: () => apiFetch<ActivityCalendar>(`${base(campaignId!)}/calendar`, { query: { month, ...filter } }),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useActivityTimeline(campaignId: number | undefined, unitId: number | undefined) {
  return useQuery({
    queryKey: activityKeys.timeline(campaignId ?? 0, unitId ?? 0),
    queryFn: () => apiFetch<ActivityTimeline>(`${base(campaignId!)}/units/${unitId}/timeline`),
    enabled: campaignId !== undefined && unitId !== undefined,
  });
}

export function useActivityCoverage(campaignId: number | undefined, unitId: number | undefined) {
  return useQuery({
    queryKey: activityKeys.coverage(campaignId ?? 0, unitId ?? 0),
    queryFn: () => apiFetch<ActivityCoverage>(`${base(campaignId!)}/units/${unitId}/coverage`),
    enabled: campaignId !== undefined && unitId !== undefined,
  });
}

/**
 * Every write answers with the whole record. Attachments uploaded side by side answer out of
 * order, so an answer older than the cached record does not replace it.
 */
function useActivityWrite<V>(campaignId: number, send: (v: V) => Promise<Activity>, alsoStale: readonly (readonly unknown[])[] = []) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (a) => {
      const key = activityKeys.one(campaignId, a.id);
      const cached = qc.getQueryData<Activity>(key);
      if (!cached || cached.revision <= a.revision) qc.setQueryData(key, a);
      for (const part of ['list', 'calendar', 'timeline', 'coverage']) void qc.invalidateQueries({ queryKey: [...activityKeys.all, part] });
      for (const k of alsoStale) void qc.invalidateQueries({ queryKey: k });
    },
  });
}

export function useCreateActivity(campaignId: number) {
  return useActivityWrite(campaignId, (body: ActivityBody & { unitId?: number }) =>
    apiFetch<Activity>(base(campaignId), { method: 'POST', body }),
  );
}

export function useUpdateActivity(campaignId: number) {
  return useActivityWrite(campaignId, ({ id, ...body }: ActivityBody & { id: number; revision: number }) =>
    apiFetch<Activity>(`${base(campaignId)}/${id}`, { method: 'PUT', body }),
  );
}

export function useSubmitActivity(campaignId: number) {
  return useActivityWrite(campaignId, ({ id, revision }: { id: number; revision?: number }) =>
    apiFetch<Activity>(`${base(campaignId)}/${id}/submit`, { method: 'POST', body: revision === undefined ? {} : { revision } }),
  );
}

/** Accepting feeds the unit's statistics pre-fill and its coverage to-do: both are read again. */
export function useDecideActivity(campaignId: number) {
  return useActivityWrite(
    campaignId,
    ({ id, action, comment }: { id: number; action: 'accept' | 'return'; comment?: string }) =>
      apiFetch<Activity>(`${base(campaignId)}/${id}/${action}`, { method: 'POST', body: comment ? { comment } : {} }),
    [statisticsKeys.all, ['obligations']],
  );
}

export function useDeleteActivity(campaignId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<void>(`${base(campaignId)}/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: activityKeys.all }),
  });
}

export function useAttachMedia(campaignId: number) {
  return useActivityWrite(campaignId, ({ id, mediaId }: { id: number; mediaId: number }) =>
    apiFetch<Activity>(`${base(campaignId)}/${id}/media`, { method: 'POST', body: { mediaId } }),
  );
}

export function useDetachMedia(campaignId: number) {
  return useActivityWrite(campaignId, ({ id, mediaId }: { id: number; mediaId: number }) =>
    apiFetch<Activity>(`${base(campaignId)}/${id}/media/${mediaId}`, { method: 'DELETE' }),
  );
}
