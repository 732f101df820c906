import type { Queryable } from '../../db';

export type PackageScope = 'unit' | 'all';
export type PackageStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: number;
  campaignId: number;
  scope: PackageScope;
  unit: { id: number; code: string; name: string; shortName: string; type: string } | null;
  status: PackageStatus;
  total: number;
  done: number;
  fileKey: string | null;
  bytes: number | null;
  error: string | null;
  createdBy: number | null;
  createdAt: string;
  finishedAt: string | null;
}

const base = (db: Queryable) =>
  db
    .selectFrom('package_jobs as j')
    .leftJoin('units as u', 'u.id', 'j.unit_id')
    .select([
      'j.id', 'j.campaign_id', 'j.scope', 'j.unit_id', 'j.status', 'j.total', 'j.done_count', 'j.file_key', 'j.bytes', 'j.error',
      'j.created_by', 'j.created_at', 'j.finished_at', 'u.code as unit_code', 'u.name as unit_name', 'u.short_name as unit_short_name',
      'u.type as unit_type',
    ]);

type Raw = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function toRow(r: Raw): JobRow {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    scope: r.scope as PackageScope,
    unit: r.unit_id !== null
      ? { id: r.unit_id, code: r.unit_code ?? '', name: r.unit_name ?? '', shortName: r.unit_short_name ?? '', type: r.unit_type ?? 'county' }
      : null,
    status: r.status as PackageStatus,
    total: r.total,
    done: r.done_count,
    fileKey: r.file_key,
    // PostgreSQL hands bigint over as text.
    bytes: r.bytes === null ? null : Number(r.bytes),
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export async function findJob(db: Queryable, id: number): Promise<JobRow | undefined> {
  const r = await base(db).where('j.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** A campaign's jobs, newest first. */
export async function listJobs(db: Queryable, campaignId: number, limit: number): Promise<JobRow[]> {
  return (await base(db).where('j.campaign_id', '=', campaignId).orderBy('j.id', 'desc').limit(limit).execute()).map(toRow);
}

/** A job for the same package that has not finished: asking twice does not zip twice. */
export async function findUnfinishedJob(db: Queryable, campaignId: number, scope: PackageScope, unitId: number | null) {
  let q = base(db).where('j.campaign_id', '=', campaignId).where('j.scope', '=', scope).where('j.status', 'in', ['queued', 'running']);
  q = unitId === null ? q.where('j.unit_id', 'is', null) : q.where('j.unit_id', '=', unitId);
  const r = await q.orderBy('j.id', 'desc').executeTakeFirst();
  return r ? toRow(r) : undefined;
}

export async function insertJob(
  db: Queryable,
  j: { campaignId: number; scope: PackageScope; unitId: number | null; createdBy: number; at: Date },
): Promise<number> {
  const row = await db
    .insertInto('package_jobs')
    .values({
      campaign_id: j.campaignId, scope: j.scope, unit_id: j.unitId, status: 'queued', total: 0, done_count: 0,
      file_key: null, bytes: null, error: null, created_by: j.createdBy, created_at: j.at.toISOString(), finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateJob(
  db: Queryable,
  id: number,
  patch: Partial<{ status: PackageStatus; total: number; done: number; fileKey: string | null; bytes: number | null; error: string | null; finishedAt: Date }>,
): Promise<void> {
  await db
    .updateTable('package_jobs')
    .set({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.total !== undefined ? { total: patch.total } : {}),
      ...(patch.done !== undefined ? { done_count: patch.done } : {}),
      ...(patch.fileKey !== undefined ? { file_key: patch.fileKey } : {}),
      ...(patch.bytes !== undefined ? { bytes: patch.bytes } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
      ...(patch.finishedAt !== undefined ? { finished_at: patch.finishedAt.toISOString() } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Jobs a stopped process left queued or running can never finish: they are failed. */
export async function failUnfinishedJobs(db: Queryable, error: string, at: Date): Promise<number> {
  const r = await db
    .updateTable('package_jobs')
    .set({ status: 'failed', error, finished_at: at.toISOString() })
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Jobs created before `before`, with the file each may have left. */
export async function listJobsBefore(db: Queryable, before: Date) {
  return db.selectFrom('package_jobs').select(['id', 'file_key']).where('created_at', '<', before.toISOString()).execute();
}

export async function deleteJobs(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.deleteFrom('package_jobs').where('id', 'in', [...ids]).execute();
}

/**
 * The media of a unit's subtree in a campaign, minus the subtrees of other units that have folders
 * of their own in the same package (so nothing is packed twice). Only what the zip needs.
 */
function mediaOf(db: Queryable, campaignId: number, path: string, except: readonly string[]) {
  let q = db
    .selectFrom('media_items as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .where('m.campaign_id', '=', campaignId)
    .where('u.path', 'like', `${path}%`);
  for (const p of except) q = q.where('u.path', 'not like', `${p}%`);
  return q;
}

export async function countPackageMedia(db: Queryable, campaignId: number, path: string, except: readonly string[]): Promise<number> {
  const r = await mediaOf(db, campaignId, path, except).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of those media in id order, after `afterId`: a package of any size reads them a page at a time. */
export async function pagePackageMedia(db: Queryable, campaignId: number, path: string, except: readonly string[], afterId: number, limit: number) {
  const rows = await mediaOf(db, campaignId, path, except)
    .select(['m.id', 'm.category', 'm.original_name', 'm.storage_key', 'm.created_at'])
    .where('m.id', '>', afterId)
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, category: r.category, originalName: r.original_name, storageKey: r.storage_key, createdAt: r.created_at }));
}
