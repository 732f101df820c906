import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile } from './client';
import type { ImportPreview, Unit, UnitType } from './types';

export const unitKeys = {
  all: ['units'] as const,
  list: () => [...unitKeys.all, 'list'] as const,
};

export function useUnits(enabled = true) {
  return useQuery({
    queryKey: unitKeys.list(),
    queryFn: () => apiFetch<Unit[]>('/api/units'),
    enabled,
    staleTime: 30_000,
  });
}

export interface UnitInput {
  code: string;
  name: string;
  shortName: string;
  type: UnitType;
  /** Every new unit sits under another: the city office is the tree's one root. */
  parentId: number;
}

function useUnitMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: unitKeys.all });
      void qc.invalidateQueries({ queryKey: ['obligations'] });
    },
  });
}

export function useCreateUnit() {
  return useUnitMutation((body: UnitInput) => apiFetch<Unit>('/api/units', { method: 'POST', body }));
}

export function useUpdateUnit() {
  return useUnitMutation(
    ({ id, ...body }: { id: number; code?: string; name?: string; shortName?: string; type?: UnitType; sortOrder?: number }) =>
      apiFetch<Unit>(`/api/units/${id}`, { method: 'PATCH', body }),
  );
}

export function useMoveUnit() {
  return useUnitMutation(({ id, parentId }: { id: number; parentId: number | null }) =>
    apiFetch<Unit>(`/api/units/${id}/move`, { method: 'POST', body: { parentId } }),
  );
}

export function useSetUnitActive() {
  return useUnitMutation(({ id, active }: { id: number; active: boolean }) =>
    apiFetch<Unit>(`/api/units/${id}/${active ? 'activate' : 'deactivate'}`, { method: 'POST' }),
  );
}

function fileForm(file: File): FormData {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return fd;
}

export function usePreviewImport() {
  return useMutation({
    mutationFn: (file: File) =>
      apiFetch<ImportPreview>('/api/units/import/preview', { method: 'POST', body: fileForm(file) }),
  });
}

export function useCommitImport() {
  return useUnitMutation((file: File) =>
    apiFetch<{ created: number; updated: number }>('/api/units/import/commit', { method: 'POST', body: fileForm(file) }),
  );
}

export function downloadUnitTemplate(): Promise<void> {
  return downloadFile('/api/units/import/template', 'units-template.xlsx');
}

export interface UnitNode extends Unit {
  children?: UnitNode[];
}

/** Builds the tree from the flat list; units whose parent is out of scope become roots. */
export function buildUnitTree(units: Unit[]): UnitNode[] {
  const byId = new Map<number, UnitNode>();
  for (const u of units) byId.set(u.id, { ...u });
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: UnitNode[]) => {
    nodes.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The ids of a unit and everything under it (a unit cannot be moved below itself). */
export function subtreeIds(units: Unit[], rootId: number): Set<number> {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parentId !== null && ids.has(u.parentId) && !ids.has(u.id)) {
        ids.add(u.id);
        grew = true;
      }
    }
  }
  return ids;
}
