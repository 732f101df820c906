import type { Queryable } from '../../db';
import { parseObject } from '../../db/json';
import type { StatisticsValues } from '../../../domain/forms/statistics.rules';
import type { StatisticsStatus } from '../../../domain/forms/statistics.workflow';
import { reportedStatuses } from '../../../domain/forms/reporting';
import {
  findForm, formRowOf, insertForm, listFormEvents, listForms, updateForm,
  type FormChange, type FormRow, type NewForm, type StoredForm,
} from '../forms/form.store';

export interface ReportRow extends FormRow<StatisticsStatus> {
  values: StatisticsValues;
  comments: Record<string, string>;
}

function toRow(r: StoredForm<'statistics_reports'>): ReportRow {
  return {
    ...formRowOf<StatisticsStatus>(r),
    values: parseObject(r.values_json) as StatisticsValues,
    comments: parseObject(r.comments_json) as Record<string, string>,
  };
}

export async function findReport(db: Queryable, campaignId: number, unitId: number): Promise<ReportRow | undefined> {
  const r = await findForm(db, 'statistics_reports', campaignId, unitId);
  return r ? toRow(r) : undefined;
}

/** Every table of a campaign, for the office's list (figures included; the list is one row per unit). */
export async function listReports(db: Queryable, campaignId: number): Promise<ReportRow[]> {
  return (await listForms(db, 'statistics_reports', campaignId)).map(toRow);
}

/**
 * The figures of every reported table with the reporting unit's path and type: what the roll-up
 * and the outlier check read. Only the columns they need, as the roll-up reads tens of thousands.
 */
export async function listReportedFigures(
  db: Queryable,
  campaignId: number,
  filter: { unitType?: string; exceptUnitId?: number } = {},
): Promise<{ unitId: number; path: string; type: string; status: StatisticsStatus; values: StatisticsValues }[]> {
  let q = db
    .selectFrom('statistics_reports as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.unit_id', 'r.status', 'r.values_json', 'u.path', 'u.type'])
    .where('r.campaign_id', '=', campaignId)
    .where('r.status', 'in', [...reportedStatuses]);
  if (filter.unitType) q = q.where('u.type', '=', filter.unitType);
  if (filter.exceptUnitId !== undefined) q = q.where('r.unit_id', '<>', filter.exceptUnitId);
  const rows = await q.execute();
  return rows.map((r) => ({
    unitId: r.unit_id, path: r.path, type: r.type, status: r.status as StatisticsStatus, values: parseObject(r.values_json) as StatisticsValues,
  }));
}

export async function insertReport(
  db: Queryable,
  r: NewForm<StatisticsStatus> & { values: StatisticsValues; comments: Record<string, string> },
): Promise<number> {
  return insertForm(db, 'statistics_reports', r, { values_json: JSON.stringify(r.values), comments_json: JSON.stringify(r.comments) });
}

/**
 * Writes a new state of a table, only if nobody wrote since `revision` was read.
 * Returns false when the revision moved on (the caller answers 409).
 */
export async function updateReport(
  db: Queryable,
  id: number,
  revision: number,
  r: FormChange<StatisticsStatus> & { values?: StatisticsValues; comments?: Record<string, string> },
): Promise<boolean> {
  return updateForm(db, 'statistics_reports', id, revision, r, {
    values_json: r.values && JSON.stringify(r.values),
    comments_json: r.comments && JSON.stringify(r.comments),
  });
}

/** A table's steps, newest first. */
export const listEvents = (db: Queryable, reportId: number) => listFormEvents<StatisticsStatus>(db, 'statistics_reports', reportId);
