import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { UnitType } from './types';

/*
 * The office's final packages (one unit's folder or every unit's, zipped in the background) and
 * their progress. The shapes follow the server's Zod contract
 * (src/server/features/packages/package.schema.ts).
 */

export const PACKAGE_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

export interface PackageJob {
  id: number;
  campaignId: number;
  /** 'unit': one unit's folder; 'all': every unit that owes a summary. */
  scope: 'unit' | 'all';
  unit: { id: number; code: string; name: string; shortName: string; type: UnitType } | null;
  status: PackageStatus;
  /** Files the package will hold, and how many are in it so far (the server updates this every few files). */
  total: number;
  done: number;
  /** The zip's size once done. */
  bytes: number | null;
  error: { code: string; message: string; messageEn: string } | null;
  createdAt: string;
  finishedAt: string | null;
  /** Null until the zip is whole. */
  downloadUrl: string | null;
}

/** How often a package still being made is asked about. */
export const PACKAGE_POLL_MS = 1000;

export const isUnfinished = (job: Pick<PackageJob, 'status'>) => job.status === 'queued' || job.status === 'running';

const base = (campaignId: number) => `/api/campaigns/${campaignId}/packages`;

export const packageKeys = {
  all: ['packages'] as const,
  list: (campaignId: number) => [...packageKeys.all, 'list', campaignId] as const,
  job: (campaignId: number, jobId: number) => [...packageKeys.all, 'job', campaignId, jobId] as const,
};

/** The office's recent packages, newest first. */
export function usePackageJobs(campaignId: number | undefined) {
  return useQuery({
    queryKey: packageKeys.list(campaignId ?? 0),
    queryFn: () => apiFetch<{ jobs: PackageJob[] }>(base(campaignId!)).then((r) => r.jobs),
    enabled: campaignId !== undefined,
  });
}

function replaceInList(jobs: PackageJob[] | undefined, job: PackageJob): PackageJob[] | undefined {
  if (!jobs) return jobs;
  return jobs.some((j) => j.id === job.id) ? jobs.map((j) => (j.id === job.id ? job : j)) : [job, ...jobs];
}

/**
 * One package, starting from what the list said, asked again every second while it is queued or
 * running; each answer is written back into the list so both agree once it is finished.
 */
export function usePackageJob(campaignId: number, listed: PackageJob) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: packageKeys.job(campaignId, listed.id),
    queryFn: async () => {
      const job = await apiFetch<PackageJob>(`${base(campaignId)}/${listed.id}`);
      qc.setQueryData<PackageJob[]>(packageKeys.list(campaignId), (jobs) => replaceInList(jobs, job));
      return job;
    },
    initialData: listed,
    // The list's copy is as old as the list; a finished job never changes again.
    initialDataUpdatedAt: 0,
    staleTime: (q) => (q.state.data && !isUnfinished(q.state.data) ? Infinity : 0),
    refetchInterval: (q) => (q.state.data && isUnfinished(q.state.data) ? PACKAGE_POLL_MS : false),
  });
}

/** Starts a package: one unit's with `unitId`, every unit's without. An unfinished identical package is answered instead of a new one. */
export function useStartPackage(campaignId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (unitId: number | undefined) =>
      apiFetch<PackageJob>(base(campaignId), { method: 'POST', body: unitId === undefined ? {} : { unitId } }),
    onSuccess: (job) => {
      qc.setQueryData<PackageJob[]>(packageKeys.list(campaignId), (jobs) => replaceInList(jobs ?? [], job));
      qc.setQueryData(packageKeys.job(campaignId, job.id), job);
    },
  });
}
