/*
 * The list's filters live in the address (?unit=&category=&status=&from=&to=&q=&page=&size=), so
 * going back from a record returns to the same page of the same filtered list, and a filtered
 * list can be linked to.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { pagingFrom, positiveParam, writePaging } from '../../lib/paging';
import { ACTIVITY_STATUSES, type ActivityFilter, type ActivityStatus } from '../../api/activities';

export interface ActivityFilterState {
  unitId?: number;
  category?: string;
  status?: ActivityStatus;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  size: number;
}

const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

export function useActivityFilter() {
  const [params, setParams] = useSearchParams();

  const state = useMemo<ActivityFilterState>(() => {
    const status = params.get('status');
    return {
      unitId: positiveParam(params.get('unit')),
      category: params.get('category') || undefined,
      status: ACTIVITY_STATUSES.includes(status as ActivityStatus) ? (status as ActivityStatus) : undefined,
      from: day(params.get('from')),
      to: day(params.get('to')),
      q: params.get('q')?.trim() || undefined,
      ...pagingFrom(params),
    };
  }, [params]);

  /** A change of any filter starts again from the first page. */
  const update = (patch: Partial<ActivityFilterState>) => {
    const next = { ...state, page: 1, ...patch };
    const out = new URLSearchParams();
    if (next.unitId) out.set('unit', String(next.unitId));
    if (next.category) out.set('category', next.category);
    if (next.status) out.set('status', next.status);
    if (next.from) out.set('from', next.from);
    if (next.to) out.set('to', next.to);
    if (next.q) out.set('q', next.q);
    writePaging(out, next);
    setParams(out, { replace: true });
  };

  const query: ActivityFilter = {
    unitId: state.unitId,
    category: state.category,
    status: state.status,
    from: state.from,
    to: state.to,
    q: state.q,
    limit: state.size,
    offset: (state.page - 1) * state.size,
  };

  return { state, query, update, reset: () => setParams(new URLSearchParams(), { replace: true }) };
}
