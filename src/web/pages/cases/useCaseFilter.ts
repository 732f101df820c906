/*
 * The queue's filters live in the address (?queue=&status=&category=&county=&source=&overdue=1&q=
 * &page=&size=), so going back from a case returns to the same page of the same list, and a
 * filtered queue can be linked to. Without `queue` the caller's default applies (its own to-do
 * list for those who handle cases, everything for those who only read).
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { pagingFrom, positiveParam, writePaging } from '../../lib/paging';
import { CASE_SOURCES, CASE_STATUSES, type CaseFilter, type CaseListQuery, type CaseQueue, type CaseSource, type CaseStatus } from '../../api/cases';

export interface CaseFilterState {
  queue: CaseQueue;
  status?: CaseStatus;
  category?: string;
  countyId?: number;
  source?: CaseSource;
  overdue: boolean;
  q?: string;
  page: number;
  size: number;
}


export function useCaseFilter(defaultQueue: CaseQueue) {
  const [params, setParams] = useSearchParams();

  const state = useMemo<CaseFilterState>(() => {
    const queue = params.get('queue');
    const status = params.get('status');
    const source = params.get('source');
    return {
      queue: queue === 'mine' || queue === 'all' ? queue : defaultQueue,
      status: CASE_STATUSES.includes(status as CaseStatus) ? (status as CaseStatus) : undefined,
      category: params.get('category') || undefined,
      countyId: positiveParam(params.get('county')),
      source: CASE_SOURCES.includes(source as CaseSource) ? (source as CaseSource) : undefined,
      overdue: params.get('overdue') === '1',
      q: params.get('q')?.trim() || undefined,
      ...pagingFrom(params),
    };
  }, [params, defaultQueue]);

  /** A change of any filter starts again from the first page. */
  const update = (patch: Partial<CaseFilterState>) => {
    const next = { ...state, page: 1, ...patch };
    const out = new URLSearchParams();
    if (next.queue !== defaultQueue) out.set('queue', next.queue);
    if (next.status) out.set('status', next.status);
    if (next.category) out.set('category', next.category);
    if (next.countyId) out.set('county', String(next.countyId));
    if (next.source) out.set('source', next.source);
    if (next.overdue) out.set('overdue', '1');
    if (next.q) out.set('q', next.q);
    writePaging(out, next);
    setParams(out, { replace: true });
  };

  /** Clears the filters but keeps the queue the caller is looking at. */
  const reset = () => {
    const out = new URLSearchParams();
    if (state.queue !== defaultQueue) out.set('queue', state.queue);
    setParams(out, { replace: true });
  };

  const filter: CaseFilter = {
    queue: state.queue,
    status: state.status,
    category: state.category,
    countyId: state.countyId,
    source: state.source,
    overdue: state.overdue || undefined,
    q: state.q,
  };
  const query: CaseListQuery = { ...filter, page: state.page, pageSize: state.size };

  return { state, filter, query, update, reset };
}
