import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { Account, Role, SessionInfo } from './types';

export const accountKeys = {
  all: ['accounts'] as const,
  list: (unitId?: number) => [...accountKeys.all, 'list', unitId ?? null] as const,
};

export function useAccounts(unitId?: number) {
  return useQuery({
    queryKey: accountKeys.list(unitId),
    queryFn: () => apiFetch<Account[]>('/api/accounts', { query: { unitId } }),
  });
}

export interface AccountInput {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  password: string;
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AccountInput) => apiFetch<Account>('/api/accounts', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useUpdateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; displayName?: string; unitId?: number; roles?: Role[]; active?: boolean }) =>
      apiFetch<Account>(`/api/accounts/${id}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      apiFetch<{ password: string }>(`/api/accounts/${id}/reset-password`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

/** The office's actions on an account's sign-in: clear failed-login counts, reset a lost second factor. */
export function useAccountAction(action: 'unlock' | 'reset-two-factor') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<void>(`/api/accounts/${id}/${action}`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useAccountSessions(id: number | null) {
  return useQuery({
    queryKey: [...accountKeys.all, 'sessions', id],
    queryFn: () => apiFetch<SessionInfo[]>(`/api/accounts/${id}/sessions`),
    enabled: id !== null,
  });
}

export function useRevokeAccountSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, sessionId }: { id: number; sessionId: string }) =>
      apiFetch<void>(`/api/accounts/${id}/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.all }),
  });
}
