import type { Queryable } from '../../db';
import { parseArray, parseObject } from '../../db/json';
import type { MediaPick, SummaryStatus } from '../../../domain/forms/summary.rules';
import {
  findForm, formRowOf, insertForm, listFormEvents, updateForm,
  type FormChange, type FormRow, type NewForm, type StoredForm,
} from '../forms/form.store';

export interface SummaryRow extends FormRow<SummaryStatus> {
  sections: Record<string, string>;
  media: MediaPick[];
}

function parseSections(json: string): Record<string, string> {
  return Object.fromEntries(Object.entries(parseObject(json)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function parsePicks(json: string): MediaPick[] {
  return parseArray(json)
    .filter((p): p is { id: number; caption?: unknown } => !!p && typeof p === 'object' && Number.isInteger((p as { id?: unknown }).id))
    .map((p) => ({ id: p.id, caption: typeof p.caption === 'string' ? p.caption : null }));
}

function toRow(r: StoredForm<'summaries'>): SummaryRow {
  return { ...formRowOf<SummaryStatus>(r), sections: parseSections(r.sections_json), media: parsePicks(r.media_ids_json) };
}

export async function findSummary(db: Queryable, campaignId: number, unitId: number): Promise<SummaryRow | undefined> {
  const r = await findForm(db, 'summaries', campaignId, unitId);
  return r ? toRow(r) : undefined;
}

/** Every summary of a campaign without its text: what the office's list and the packages need. */
export async function listSummaryHeads(db: Queryable, campaignId: number) {
  const rows = await db
    .selectFrom('summaries')
    .select(['id', 'unit_id', 'status', 'late', 'first_submitted_at', 'submitted_at', 'media_ids_json', 'updated_at'])
    .where('campaign_id', '=', campaignId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    status: r.status as SummaryStatus,
    late: r.late === 1,
    firstSubmittedAt: r.first_submitted_at,
    submittedAt: r.submitted_at,
    media: parsePicks(r.media_ids_json),
    updatedAt: r.updated_at,
  }));
}

export async function insertSummary(
  db: Queryable,
  r: NewForm<SummaryStatus> & { sections: Record<string, string>; media: MediaPick[] },
): Promise<number> {
  return insertForm(db, 'summaries', r, { sections_json: JSON.stringify(r.sections), media_ids_json: JSON.stringify(r.media) });
}

/** Writes a new state only if nobody wrote since `revision` was read; false when somebody did. */
export async function updateSummary(
  db: Queryable,
  id: number,
  revision: number,
  r: FormChange<SummaryStatus> & { sections?: Record<string, string>; media?: MediaPick[] },
): Promise<boolean> {
  return updateForm(db, 'summaries', id, revision, r, {
    sections_json: r.sections && JSON.stringify(r.sections),
    media_ids_json: r.media && JSON.stringify(r.media),
  });
}

/** A summary's steps, newest first. */
export const listSummaryEvents = (db: Queryable, summaryId: number) => listFormEvents<SummaryStatus>(db, 'summaries', summaryId);
