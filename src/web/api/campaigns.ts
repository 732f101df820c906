import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { Campaign, CampaignDefinition, CampaignSummary } from './types';

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: () => [...campaignKeys.all, 'list'] as const,
  detail: (id: number) => [...campaignKeys.all, 'detail', id] as const,
};

export function useCampaigns(enabled = true) {
  return useQuery({
    queryKey: campaignKeys.list(),
    queryFn: () => apiFetch<CampaignSummary[]>('/api/campaigns'),
    enabled,
    staleTime: 60_000,
  });
}

export function useCampaign(id: number | undefined) {
  return useQuery({
    queryKey: campaignKeys.detail(id ?? 0),
    queryFn: () => apiFetch<Campaign>(`/api/campaigns/${id}`),
    enabled: id !== undefined,
    staleTime: 60_000,
  });
}

export function useSaveDefinition(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (definition: CampaignDefinition) =>
      apiFetch<Campaign>(`/api/campaigns/${id}/definition`, { method: 'PUT', body: { definition } }),
    onSuccess: (campaign) => {
      qc.setQueryData(campaignKeys.detail(id), campaign);
      void qc.invalidateQueries({ queryKey: campaignKeys.list() });
      // Deadlines and applicability may have changed with the definition.
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}

/** A copy is next year's plan: it names its own document number (文号) and issue date. */
export interface CopyCampaignInput { year: number; documentNumber: string; issuedOn: string }

export function useCopyCampaign(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CopyCampaignInput) =>
      apiFetch<Campaign>(`/api/campaigns/${id}/copy`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignKeys.list() }),
  });
}

/** Archive (read-only, still viewable) or reopen. */
export function useArchiveCampaign(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (archived: boolean) =>
      apiFetch<Campaign>(`/api/campaigns/${id}/${archived ? 'archive' : 'unarchive'}`, { method: 'POST' }),
    onSuccess: (campaign) => {
      qc.setQueryData(campaignKeys.detail(id), campaign);
      void qc.invalidateQueries({ queryKey: campaignKeys.list() });
    },
  });
}
