import type { Queryable } from '../../db';
import type { StatisticsValues } from '../../../domain/forms/statistics.rules';
import type { StatisticsStatus } from '../../../domain/forms/statistics.workflow';

export interface ReportRow {
  id: number;
  campaignId: number;
  unitId: number;
  status: StatisticsStatus;
  values: StatisticsValues;
  comments: Record<string, string>;
  revision: number;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: { id: number; username: string; displayName: string } | null;
  returnComment: string | null;
  updatedAt: string;
}

/** Stored JSON is ours, but a hand-edited row must not take a page down. */
function parseObject<T>(json: string): T {
  try {
    const v = JSON.parse(json) as unknown;
    return (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as T;
  } catch {
    return {} as T;
  }
}

const base = (db: Queryable) =>
  db
    .selectFrom('statistics_reports as r')
    .leftJoin('accounts as a', 'a.id', 'r.submitted_by')
    .select([
      'r.id', 'r.campaign_id', 'r.unit_id', 'r.status', 'r.values_json', 'r.comments_json', 'r.revision', 'r.late',
      'r.first_submitted_at', 'r.submitted_at', 'r.submitted_by', 'r.return_comment', 'r.updated_at', 'a.username', 'a.display_name',
    ]);

type Raw = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toRow(r: Raw): ReportRow {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    status: r.status as StatisticsStatus,
    values: parseObject<StatisticsValues>(r.values_json),
    comments: parseObject<Record<string, string>>(r.comments_json),
    revision: r.revision,
    late: r.late === 1,
    firstSubmittedAt: r.first_submitted_at,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by !== null ? { id: r.submitted_by, username: r.username ?? '', displayName: r.display_name ?? '' } : null,
    returnComment: r.return_comment,
    updatedAt: r.updated_at,
  };
}

export async function findReport(db: Queryable, campaignId: number, unitId: number): Promise<ReportRow | undefined> {
  const r = await base(db).where('r.campaign_id', '=', campaignId).where('r.unit_id', '=', unitId).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** Every table of a campaign, for the office's list (figures included; the list is one row per unit). */
export async function listReports(db: Queryable, campaignId: number): Promise<ReportRow[]> {
  return (await base(db).where('r.campaign_id', '=', campaignId).execute()).map(toRow);
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
    .where('r.status', 'in', ['submitted', 'approved', 'accepted']);
  if (filter.unitType) q = q.where('u.type', '=', filter.unitType);
  if (filter.exceptUnitId !== undefined) q = q.where('r.unit_id', '<>', filter.exceptUnitId);
  const rows = await q.execute();
  return rows.map((r) => ({
    unitId: r.unit_id, path: r.path, type: r.type, status: r.status as StatisticsStatus, values: parseObject<StatisticsValues>(r.values_json),
  }));
}

export async function insertReport(
  db: Queryable,
  r: {
    campaignId: number; unitId: number; status: StatisticsStatus; values: StatisticsValues; comments: Record<string, string>;
    late: boolean; firstSubmittedAt: string | null; submittedAt: string | null; submittedBy: number | null; at: Date;
  },
): Promise<number> {
  const at = r.at.toISOString();
  const row = await db
    .insertInto('statistics_reports')
    .values({
      campaign_id: r.campaignId,
      unit_id: r.unitId,
      status: r.status,
      values_json: JSON.stringify(r.values),
      comments_json: JSON.stringify(r.comments),
      revision: 1,
      late: r.late ? 1 : 0,
      first_submitted_at: r.firstSubmittedAt,
      submitted_at: r.submittedAt,
      submitted_by: r.submittedBy,
      return_comment: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes a new state of a table, only if nobody wrote since `revision` was read.
 * Returns false when the revision moved on (the caller answers 409).
 */
export async function updateReport(
  db: Queryable,
  id: number,
  revision: number,
  r: {
    status: StatisticsStatus; values?: StatisticsValues; comments?: Record<string, string>; late?: boolean;
    firstSubmittedAt?: string | null; submittedAt?: string | null; submittedBy?: number | null; returnComment?: string | null; at: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('statistics_reports')
    .set({
      status: r.status,
      ...(r.values !== undefined ? { values_json: JSON.stringify(r.values) } : {}),
      ...(r.comments !== undefined ? { comments_json: JSON.stringify(r.comments) } : {}),
      ...(r.late !== undefined ? { late: r.late ? 1 : 0 } : {}),
      ...(r.firstSubmittedAt !== undefined ? { first_submitted_at: r.firstSubmittedAt } : {}),
      ...(r.submittedAt !== undefined ? { submitted_at: r.submittedAt } : {}),
      ...(r.submittedBy !== undefined ? { submitted_by: r.submittedBy } : {}),
      ...(r.returnComment !== undefined ? { return_comment: r.returnComment } : {}),
      revision: revision + 1,
      updated_at: r.at.toISOString(),
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertEvent(
  db: Queryable,
  e: { reportId: number; action: string; status: StatisticsStatus; actorId: number | null; comment: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('statistics_events')
    .values({ report_id: e.reportId, action: e.action, status: e.status, actor_id: e.actorId, comment: e.comment, at: e.at.toISOString() })
    .execute();
}

/** A table's steps, newest first. */
export async function listEvents(db: Queryable, reportId: number) {
  const rows = await db
    .selectFrom('statistics_events as e')
    .leftJoin('accounts as a', 'a.id', 'e.actor_id')
    .select(['e.action', 'e.status', 'e.actor_id', 'e.comment', 'e.at', 'a.username', 'a.display_name'])
    .where('e.report_id', '=', reportId)
    .orderBy('e.id', 'desc')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    status: r.status as StatisticsStatus,
    by: r.actor_id !== null ? { id: r.actor_id, username: r.username ?? '', displayName: r.display_name ?? '' } : null,
    comment: r.comment,
    at: r.at,
  }));
}
