import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch } from './client';
import type { Me, SessionInfo, TwoFactorStatus } from './types';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in account, or null when nobody is signed in (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await apiFetch<Me>('/api/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: authKeys.me(), queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The answer of either sign-in step: the account (signed in), or a token for the code step. */
export interface LoginAnswer { account?: Me; pendingToken?: string }

function useSignInStep<B>(url: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ['login', url],
    mutationFn: (body: B) => apiFetch<LoginAnswer>(url, { method: 'POST', body }),
    onSuccess: (data) => {
      if (!data.account) return;
      // A new session: nothing cached for the previous one may leak into it.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      qc.setQueryData(authKeys.me(), data.account);
    },
  });
}

export const useLogin = () => useSignInStep<{ username: string; password: string }>('/api/auth/login');
/** The second step: an authenticator code or a recovery code. */
export const useLoginCode = () => useSignInStep<{ pendingToken: string; code: string }>('/api/auth/login/code');

const twoFactorKey = [...authKeys.all, 'two-factor'] as const;
const sessionsKey = [...authKeys.all, 'sessions'] as const;

export function useTwoFactor() {
  return useQuery({ queryKey: twoFactorKey, queryFn: () => apiFetch<TwoFactorStatus>('/api/auth/two-factor') });
}

export function useTwoFactorSetup() {
  return useMutation({
    mutationFn: () => apiFetch<{ secret: string; uri: string; qr: string }>('/api/auth/two-factor/setup', { method: 'POST', body: {} }),
  });
}

export function useTwoFactorEnable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string }) => apiFetch<{ recoveryCodes: string[] }>('/api/auth/two-factor/enable', { method: 'POST', body }),
    // As after a password change: what a restricted session was refused is read again.
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useTwoFactorDisable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { password: string; code: string }) => apiFetch<void>('/api/auth/two-factor/disable', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.all }),
  });
}

export function useMySessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => apiFetch<SessionInfo[]>('/api/auth/sessions') });
}

export function useRevokeMySession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(authKeys.me(), null);
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ['password'],
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      apiFetch<void>('/api/auth/password', { method: 'POST', body }),
    // Everything read while the account was restricted was refused (403): read it all again.
    onSuccess: () => qc.invalidateQueries(),
  });
}
