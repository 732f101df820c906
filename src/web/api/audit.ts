import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { AuditPage } from './types';

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (f: AuditFilter) => [...auditKeys.all, 'list', f] as const,
};

export function useAudit(filter: AuditFilter) {
  return useQuery({
    queryKey: auditKeys.list(filter),
    queryFn: () => apiFetch<AuditPage>('/api/audit', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}
