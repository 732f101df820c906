import type { Queryable } from '../../db';
import type { LiaisonValues } from '../../../domain/forms/liaison.rules';

export interface SubmissionRow {
  id: number;
  campaignId: number;
  unitId: number;
  version: number;
  values: LiaisonValues;
  submittedBy: { id: number; username: string; displayName: string } | null;
  submittedAt: string;
  late: boolean;
}

function parseValues(json: string): LiaisonValues {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as LiaisonValues) : {};
  } catch {
    return {};
  }
}

const base = (db: Queryable) =>
  db
    .selectFrom('liaison_submissions as s')
    .leftJoin('accounts as a', 'a.id', 's.submitted_by')
    .select([
      's.id', 's.campaign_id', 's.unit_id', 's.version', 's.values_json', 's.submitted_by', 's.submitted_at', 's.late',
      'a.username', 'a.display_name',
    ]);

type Raw = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toRow(r: Raw): SubmissionRow {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    version: r.version,
    values: parseValues(r.values_json),
    submittedBy: r.submitted_by !== null ? { id: r.submitted_by, username: r.username ?? '', displayName: r.display_name ?? '' } : null,
    submittedAt: r.submitted_at,
    late: r.late === 1,
  };
}

/** Every version of one unit's form, oldest first. */
export async function listVersions(db: Queryable, campaignId: number, unitId: number): Promise<SubmissionRow[]> {
  const rows = await base(db).where('s.campaign_id', '=', campaignId).where('s.unit_id', '=', unitId).orderBy('s.version').execute();
  return rows.map(toRow);
}

/** Every version of every unit's form in a campaign, oldest first per unit. */
export async function listAllVersions(db: Queryable, campaignId: number): Promise<SubmissionRow[]> {
  const rows = await base(db).where('s.campaign_id', '=', campaignId).orderBy('s.unit_id').orderBy('s.version').execute();
  return rows.map(toRow);
}

export async function latestVersion(db: Queryable, campaignId: number, unitId: number): Promise<SubmissionRow | undefined> {
  const r = await base(db)
    .where('s.campaign_id', '=', campaignId)
    .where('s.unit_id', '=', unitId)
    .orderBy('s.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRow(r) : undefined;
}

export async function insertSubmission(
  db: Queryable,
  s: { campaignId: number; unitId: number; version: number; values: LiaisonValues; submittedBy: number; at: Date; late: boolean },
): Promise<number> {
  const row = await db
    .insertInto('liaison_submissions')
    .values({
      campaign_id: s.campaignId,
      unit_id: s.unitId,
      version: s.version,
      values_json: JSON.stringify(s.values),
      submitted_by: s.submittedBy,
      submitted_at: s.at.toISOString(),
      late: s.late ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Which of these versions came in by the office's import (the audit says how each was filed), not from the unit itself. */
export async function importedVersionIds(db: Queryable, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('audit_log')
    .select('entity_id')
    .where('action', '=', 'liaison.import')
    .where('entity_type', '=', 'liaison_submission')
    .where('entity_id', 'in', ids.map(String))
    .execute();
  return new Set(rows.map((r) => Number(r.entity_id)));
}
