import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { MyObligations, ObligationMatrix, UnitType } from './types';

export const obligationKeys = {
  all: ['obligations'] as const,
  mine: (campaignId: number, unitId?: number) => [...obligationKeys.all, 'mine', campaignId, unitId ?? null] as const,
  matrix: (campaignId: number, unitType?: UnitType) =>
    [...obligationKeys.all, 'matrix', campaignId, unitType ?? null] as const,
};

export function useMyObligations(campaignId: number | undefined, unitId?: number) {
  return useQuery({
    queryKey: obligationKeys.mine(campaignId ?? 0, unitId),
    queryFn: () =>
      apiFetch<MyObligations>(`/api/campaigns/${campaignId}/obligations/mine`, { query: { unitId } }),
    enabled: campaignId !== undefined,
  });
}

export function useObligationMatrix(campaignId: number | undefined, unitType?: UnitType) {
  return useQuery({
    queryKey: obligationKeys.matrix(campaignId ?? 0, unitType),
    queryFn: () =>
      apiFetch<ObligationMatrix>(`/api/campaigns/${campaignId}/obligations/matrix`, { query: { unitType } }),
    enabled: campaignId !== undefined,
  });
}

export function useRecordFulfilment(campaignId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, ...body }: { key: string; unitId: number; at?: string; note?: string }) =>
      apiFetch<unknown>(`/api/campaigns/${campaignId}/obligations/${encodeURIComponent(key)}/fulfilments`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: obligationKeys.all }),
  });
}
