import type { ObligationStatus } from '../obligations/obligation.rules';
import type { StatisticsStatus } from './statistics.workflow';

/*
 * What "reported" means, in one place. The statistics table and the summary share one life
 * (statistics.workflow.ts); every view that says whether a unit has reported — completeness and
 * timeliness, the roll-up, the obligation matrix and to-do, the city summary — asks `reportingOf`.
 *
 *   missing   no table, or a draft never submitted                → not reported
 *   returned  submitted once, sent back for correction            → not reported, figures not counted
 *   reported  submitted, approved or accepted                     → reported, figures counted
 *
 * A returned table keeps the instant it was first submitted: timeliness is judged on it, so a unit
 * that filed on time and was asked to correct is on time again once it resubmits (it is not counted
 * as on time while the table is out for correction, because it is not counted at all).
 *
 * A liaison form (附件1) has no return: it is reported from its first version; a later version
 * replaces the contact details but not the instant it was reported.
 */

export const reportedStatuses = ['submitted', 'approved', 'accepted'] as const satisfies readonly StatisticsStatus[];

export type ReportingState = 'missing' | 'draft' | 'returned' | 'reported';

export interface Reporting {
  state: ReportingState;
  /** Counted in completeness and in the roll-up's figures. */
  reported: boolean;
  /** Reported, and first submitted before the (exclusive) deadline. */
  onTime: boolean;
  firstSubmittedAt: Date | null;
}

export interface FiledFormHead {
  status: StatisticsStatus;
  firstSubmittedAt: string | Date | null;
}

const asDate = (d: string | Date | null) => (d === null ? null : d instanceof Date ? d : new Date(d));

export const isReportedStatus = (s: StatisticsStatus | null | undefined): boolean =>
  s !== null && s !== undefined && (reportedStatuses as readonly string[]).includes(s);

/** Where a unit's filed form stands, against the deadline (null: no deadline, anything filed is on time). */
export function reportingOf(form: FiledFormHead | null | undefined, due: Date | null): Reporting {
  if (!form) return { state: 'missing', reported: false, onTime: false, firstSubmittedAt: null };
  const first = asDate(form.firstSubmittedAt);
  if (isReportedStatus(form.status)) {
    return { state: 'reported', reported: true, onTime: first !== null && (!due || first.getTime() < due.getTime()), firstSubmittedAt: first };
  }
  if (form.status === 'returned') return { state: 'returned', reported: false, onTime: false, firstSubmittedAt: first };
  return { state: 'draft', reported: false, onTime: false, firstSubmittedAt: null };
}

/**
 * The obligation of filing a form, as the matrix and the to-do show it: a fulfilment recorded by
 * the first submission stays (it dates timeliness), but while the form is out for correction the
 * cell says so instead of "done". A form the office recorded as received offline, with no table on
 * the platform, stays done: the office has the paper.
 */
export function formObligationStatus(base: ObligationStatus, form: FiledFormHead | null | undefined): ObligationStatus {
  if (form?.status === 'returned' && (base === 'done_on_time' || base === 'done_late')) return 'returned';
  return base;
}
