import type { Queryable } from '../../db';
import type { MediaPick, SummaryStatus } from '../../../domain/forms/summary.rules';

export interface SummaryRow {
  id: number;
  campaignId: number;
  unitId: number;
  status: SummaryStatus;
  sections: Record<string, string>;
  media: MediaPick[];
  revision: number;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: { id: number; username: string; displayName: string } | null;
  returnComment: string | null;
  updatedAt: string;
}

/** Stored JSON is ours, but a hand-edited row must not take a page down. */
function parseSections(json: string): Record<string, string> {
  try {
    const v = JSON.parse(json) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function parsePicks(json: string): MediaPick[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v
      .filter((p): p is { id: number; caption?: unknown } => !!p && typeof p === 'object' && Number.isInteger((p as { id?: unknown }).id))
      .map((p) => ({ id: p.id, caption: typeof p.caption === 'string' ? p.caption : null }));
  } catch {
    return [];
  }
}

const base = (db: Queryable) =>
  db
    .selectFrom('summaries as s')
    .leftJoin('accounts as a', 'a.id', 's.submitted_by')
    .select([
      's.id', 's.campaign_id', 's.unit_id', 's.status', 's.sections_json', 's.media_ids_json', 's.revision', 's.late',
      's.first_submitted_at', 's.submitted_at', 's.submitted_by', 's.return_comment', 's.updated_at', 'a.username', 'a.display_name',
    ]);

type Raw = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toRow(r: Raw): SummaryRow {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    status: r.status as SummaryStatus,
    sections: parseSections(r.sections_json),
    media: parsePicks(r.media_ids_json),
    revision: r.revision,
    late: r.late === 1,
    firstSubmittedAt: r.first_submitted_at,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by !== null ? { id: r.submitted_by, username: r.username ?? '', displayName: r.display_name ?? '' } : null,
    returnComment: r.return_comment,
    updatedAt: r.updated_at,
  };
}

export async function findSummary(db: Queryable, campaignId: number, unitId: number): Promise<SummaryRow | undefined> {
  const r = await base(db).where('s.campaign_id', '=', campaignId).where('s.unit_id', '=', unitId).executeTakeFirst();
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
  r: {
    campaignId: number; unitId: number; status: SummaryStatus; sections: Record<string, string>; media: MediaPick[];
    late: boolean; firstSubmittedAt: string | null; submittedAt: string | null; submittedBy: number | null; at: Date;
  },
): Promise<number> {
  const at = r.at.toISOString();
  const row = await db
    .insertInto('summaries')
    .values({
      campaign_id: r.campaignId,
      unit_id: r.unitId,
      status: r.status,
      sections_json: JSON.stringify(r.sections),
      media_ids_json: JSON.stringify(r.media),
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

/** Writes a new state only if nobody wrote since `revision` was read; false when somebody did. */
export async function updateSummary(
  db: Queryable,
  id: number,
  revision: number,
  r: {
    status: SummaryStatus; sections?: Record<string, string>; media?: MediaPick[]; late?: boolean;
    firstSubmittedAt?: string | null; submittedAt?: string | null; submittedBy?: number | null; returnComment?: string | null; at: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('summaries')
    .set({
      status: r.status,
      ...(r.sections !== undefined ? { sections_json: JSON.stringify(r.sections) } : {}),
      ...(r.media !== undefined ? { media_ids_json: JSON.stringify(r.media) } : {}),
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

export async function insertSummaryEvent(
  db: Queryable,
  e: { summaryId: number; action: string; status: SummaryStatus; actorId: number | null; comment: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('summary_events')
    .values({ summary_id: e.summaryId, action: e.action, status: e.status, actor_id: e.actorId, comment: e.comment, at: e.at.toISOString() })
    .execute();
}

/** A summary's steps, newest first. */
export async function listSummaryEvents(db: Queryable, summaryId: number) {
  const rows = await db
    .selectFrom('summary_events as e')
    .leftJoin('accounts as a', 'a.id', 'e.actor_id')
    .select(['e.action', 'e.status', 'e.actor_id', 'e.comment', 'e.at', 'a.username', 'a.display_name'])
    .where('e.summary_id', '=', summaryId)
    .orderBy('e.id', 'desc')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    status: r.status as SummaryStatus,
    by: r.actor_id !== null ? { id: r.actor_id, username: r.username ?? '', displayName: r.display_name ?? '' } : null,
    comment: r.comment,
    at: r.at,
  }));
}
