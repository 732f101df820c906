import { isOpen, type CaseStatus } from './case.workflow';

/*
 * Duplicates: two citizens report the same illegal mine. The office merges one case into the
 * other; the merged case stops, every reporter keeps their own receipt, and a receipt of a
 * merged case leads to the case it was merged into, so both see the same progress and reply.
 */

export interface MergeableCase {
  id: number;
  status: CaseStatus;
  /** The case this one was merged into, if it was. */
  mergedInto: number | null;
}

export type MergeError = 'same_case' | 'source_closed' | 'target_closed' | 'target_merged';

/** Whether `source` may be merged into `target`. */
export function checkMerge(source: MergeableCase, target: MergeableCase): MergeError | null {
  if (source.id === target.id) return 'same_case';
  if (!isOpen(source.status)) return 'source_closed';
  if (target.status === 'merged') return 'target_merged';
  if (!isOpen(target.status)) return 'target_closed';
  return null;
}

/**
 * The case a receipt shows: follow the merge chain to its end. Merges only ever point at open,
 * unmerged cases, so a chain cannot loop; the guard is for a hand-edited database.
 */
export function resolveMerged(id: number, byId: (id: number) => MergeableCase | undefined): number {
  const seen = new Set<number>();
  let current = id;
  for (;;) {
    const c = byId(current);
    if (!c || c.mergedInto === null || seen.has(current)) return current;
    seen.add(current);
    current = c.mergedInto;
  }
}
