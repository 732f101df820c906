import { describe, expect, it } from 'vitest';
import { formObligationStatus, isReportedStatus, reportingOf } from './reporting';

describe('what "reported" means', () => {
  // Exclusive deadline: 2022-07-02T00:00+08:00.
  const due = new Date('2022-07-01T16:00:00Z');

  it('no form and a draft are not reported', () => {
    expect(reportingOf(null, due)).toEqual({ state: 'missing', reported: false, onTime: false, firstSubmittedAt: null });
    expect(reportingOf({ status: 'draft', firstSubmittedAt: null }, due)).toMatchObject({ state: 'draft', reported: false });
  });

  it('submitted, approved and accepted are reported; on time is judged on the first submission, at the edge', () => {
    expect(reportingOf({ status: 'submitted', firstSubmittedAt: '2022-07-01T15:59:59.999Z' }, due)).toMatchObject({ state: 'reported', reported: true, onTime: true });
    expect(reportingOf({ status: 'approved', firstSubmittedAt: '2022-07-01T16:00:00.000Z' }, due)).toMatchObject({ reported: true, onTime: false });
    expect(reportingOf({ status: 'accepted', firstSubmittedAt: new Date('2022-06-01T00:00:00Z') }, null)).toMatchObject({ reported: true, onTime: true });
  });

  it('a returned table is not reported and not on time, but keeps its first submission', () => {
    const r = reportingOf({ status: 'returned', firstSubmittedAt: '2022-06-20T00:00:00.000Z' }, due);
    expect(r).toEqual({ state: 'returned', reported: false, onTime: false, firstSubmittedAt: new Date('2022-06-20T00:00:00.000Z') });
  });

  it('statuses', () => {
    expect(['draft', 'submitted', 'approved', 'accepted', 'returned', null].map((s) => isReportedStatus(s as never)))
      .toEqual([false, true, true, true, false, false]);
  });

  it('the matrix shows a returned form as returned, whatever its fulfilment; other states keep theirs', () => {
    const returned = { status: 'returned' as const, firstSubmittedAt: '2022-06-20T00:00:00.000Z' };
    expect(formObligationStatus('done_on_time', returned)).toBe('returned');
    expect(formObligationStatus('done_late', returned)).toBe('returned');
    expect(formObligationStatus('overdue', returned)).toBe('overdue');
    expect(formObligationStatus('done_on_time', { status: 'accepted', firstSubmittedAt: '2022-06-20T00:00:00.000Z' })).toBe('done_on_time');
    // Recorded offline by the office, no table on the platform: done.
    expect(formObligationStatus('done_late', undefined)).toBe('done_late');
  });
});
