import type { Queryable } from '../../db';
import type { Scope } from '../../auth/actor';
import type { MediaKind } from '../../config';

export interface MediaRow {
  id: number;
  campaignId: number;
  unit: { id: number; code: string; name: string; shortName: string; path: string };
  kind: MediaKind;
  mime: string;
  originalName: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  storageKey: string;
  thumbKey: string | null;
  displayKey: string | null;
  category: string | null;
  takenOn: string;
  uploadedBy: { id: number; username: string; displayName: string } | null;
  featured: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MediaFilter {
  campaignId: number;
  scope: Scope;
  /** A unit's subtree: the county's own items and its townships'. */
  unitPath?: string;
  category?: string;
  kind?: MediaKind;
  from?: string;
  to?: string;
  featured?: boolean;
}

const base = (db: Queryable) =>
  db
    .selectFrom('media_items as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('accounts as a', 'a.id', 'm.uploaded_by');

const columns = [
  'm.id', 'm.campaign_id', 'm.unit_id', 'm.kind', 'm.mime', 'm.original_name', 'm.size', 'm.sha256', 'm.width', 'm.height',
  'm.storage_key', 'm.thumb_key', 'm.display_key', 'm.category', 'm.taken_on', 'm.uploaded_by', 'm.featured',
  'm.created_at', 'm.updated_at', 'u.code as unit_code', 'u.name as unit_name', 'u.short_name as unit_short_name',
  'u.path as unit_path', 'a.username', 'a.display_name',
] as const;

const selected = (db: Queryable) => base(db).select(columns);
type Raw = Awaited<ReturnType<ReturnType<typeof selected>['execute']>>[number];

function toRow(x: Raw): MediaRow {
  return {
    id: x.id,
    campaignId: x.campaign_id,
    unit: { id: x.unit_id, code: x.unit_code, name: x.unit_name, shortName: x.unit_short_name, path: x.unit_path },
    kind: x.kind as MediaKind,
    mime: x.mime,
    originalName: x.original_name,
    size: Number(x.size),
    sha256: x.sha256,
    width: x.width,
    height: x.height,
    storageKey: x.storage_key,
    thumbKey: x.thumb_key,
    displayKey: x.display_key,
    category: x.category,
    takenOn: x.taken_on,
    uploadedBy: x.uploaded_by !== null ? { id: x.uploaded_by, username: x.username ?? '', displayName: x.display_name ?? '' } : null,
    featured: x.featured === 1,
    createdAt: x.created_at,
    updatedAt: x.updated_at,
  };
}

export async function findMedia(db: Queryable, id: number): Promise<MediaRow | undefined> {
  const r = await selected(db).where('m.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** One page of a campaign's gallery, newest day first, and how many items match in all. */
export async function listMedia(db: Queryable, f: MediaFilter, page: { limit: number; offset: number }) {
  let q = base(db).where('m.campaign_id', '=', f.campaignId);
  if (f.scope.kind === 'subtree') q = q.where('u.path', 'like', `${f.scope.path}%`);
  if (f.unitPath) q = q.where('u.path', 'like', `${f.unitPath}%`);
  if (f.category) q = q.where('m.category', '=', f.category);
  if (f.kind) q = q.where('m.kind', '=', f.kind);
  if (f.from) q = q.where('m.taken_on', '>=', f.from);
  if (f.to) q = q.where('m.taken_on', '<=', f.to);
  if (f.featured !== undefined) q = q.where('m.featured', '=', f.featured ? 1 : 0);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select(columns)
    .orderBy('m.taken_on', 'desc')
    .orderBy('m.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total), rows: rows.map(toRow) };
}

export async function insertMedia(
  db: Queryable,
  m: {
    campaignId: number; unitId: number; kind: MediaKind; mime: string; originalName: string; size: number; sha256: string;
    width: number | null; height: number | null; storageKey: string; thumbKey: string | null; displayKey: string | null;
    category: string | null; takenOn: string; uploadedBy: number; at: Date;
  },
): Promise<number> {
  const at = m.at.toISOString();
  const row = await db
    .insertInto('media_items')
    .values({
      campaign_id: m.campaignId, unit_id: m.unitId, kind: m.kind, mime: m.mime, original_name: m.originalName, size: m.size,
      sha256: m.sha256, width: m.width, height: m.height, storage_key: m.storageKey, thumb_key: m.thumbKey,
      display_key: m.displayKey, category: m.category, taken_on: m.takenOn, uploaded_by: m.uploadedBy, featured: 0,
      created_at: at, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setFeatured(db: Queryable, id: number, featured: boolean, at: Date) {
  await db.updateTable('media_items').set({ featured: featured ? 1 : 0, updated_at: at.toISOString() }).where('id', '=', id).execute();
}

/** True when the row was deleted; false when it was gone, or featured and `unlessFeatured` was asked. */
export async function deleteMedia(db: Queryable, id: number, opts: { unlessFeatured: boolean }): Promise<boolean> {
  let q = db.deleteFrom('media_items').where('id', '=', id);
  if (opts.unlessFeatured) q = q.where('featured', '=', 0);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Several items at once (a summary's picks), in no particular order; missing ids are simply absent. */
export async function findMediaByIds(db: Queryable, ids: readonly number[]): Promise<MediaRow[]> {
  if (!ids.length) return [];
  return (await selected(db).where('m.id', 'in', [...ids]).execute()).map(toRow);
}
