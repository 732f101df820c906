import { sql, type SqlBool } from 'kysely';
import type { Queryable } from '../../db';
import type { Scope } from '../../auth/actor';
import type { StatisticsValues } from '../../../domain/forms/statistics.rules';
import type { ActivityStatus } from '../../../domain/activities/activity.workflow';

type Person = { id: number; username: string; displayName: string } | null;

export interface ActivityRow {
  id: number;
  campaignId: number;
  unit: { id: number; code: string; name: string; shortName: string; type: string; path: string };
  category: string;
  forms: string[];
  title: string;
  startsOn: string;
  endsOn: string;
  countyCode: string | null;
  address: string | null;
  organiser: string | null;
  audience: string | null;
  participants: number;
  description: string | null;
  links: string[];
  contributions: StatisticsValues;
  isPublic: boolean;
  status: ActivityStatus;
  returnComment: string | null;
  revision: number;
  submittedAt: string | null;
  decidedAt: string | null;
  decidedBy: Person;
  createdBy: Person;
  createdAt: string;
  updatedAt: string;
}

/** The fields a unit writes. */
export interface ActivityFields {
  category: string;
  forms: string[];
  title: string;
  startsOn: string;
  endsOn: string;
  countyCode: string | null;
  address: string | null;
  organiser: string | null;
  audience: string | null;
  participants: number;
  description: string | null;
  links: string[];
  contributions: StatisticsValues;
  isPublic: boolean;
}

export interface ActivityFilter {
  campaignId: number;
  scope: Scope;
  /** A unit's subtree: a county's own activities and its townships'. */
  unitPath?: string;
  category?: string;
  status?: ActivityStatus;
  /** Activities that overlap the days from..to (inclusive). */
  from?: string;
  to?: string;
  q?: string;
}

/** Stored JSON is ours, but a hand-edited row must not take a page down. */
function parseJson<T>(json: string, fallback: T, ok: (v: unknown) => boolean): T {
  try {
    const v = JSON.parse(json) as unknown;
    return ok(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}
const stringList = (json: string) => parseJson<string[]>(json, [], (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
const countsOf = (json: string) => parseJson<StatisticsValues>(json, {}, (v) => !!v && typeof v === 'object' && !Array.isArray(v));

const base = (db: Queryable) =>
  db
    .selectFrom('activities as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .leftJoin('accounts as c', 'c.id', 'x.created_by')
    .leftJoin('accounts as d', 'd.id', 'x.decided_by');

const columns = [
  'x.id', 'x.campaign_id', 'x.unit_id', 'x.category', 'x.forms_json', 'x.title', 'x.starts_on', 'x.ends_on', 'x.county_code',
  'x.address', 'x.organiser', 'x.audience', 'x.participants', 'x.description', 'x.links_json', 'x.contributions_json',
  'x.is_public', 'x.status', 'x.return_comment', 'x.revision', 'x.submitted_at', 'x.decided_at', 'x.decided_by', 'x.created_by',
  'x.created_at', 'x.updated_at', 'u.code as unit_code', 'u.name as unit_name', 'u.short_name as unit_short_name',
  'u.type as unit_type', 'u.path as unit_path', 'c.username as c_username', 'c.display_name as c_display_name',
  'd.username as d_username', 'd.display_name as d_display_name',
] as const;

const selected = (db: Queryable) => base(db).select(columns);
type Raw = Awaited<ReturnType<ReturnType<typeof selected>['execute']>>[number];

function toRow(r: Raw): ActivityRow {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name, shortName: r.unit_short_name, type: r.unit_type, path: r.unit_path },
    category: r.category,
    forms: stringList(r.forms_json),
    title: r.title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    countyCode: r.county_code,
    address: r.address,
    organiser: r.organiser,
    audience: r.audience,
    participants: r.participants,
    description: r.description,
    links: stringList(r.links_json),
    contributions: countsOf(r.contributions_json),
    isPublic: r.is_public === 1,
    status: r.status as ActivityStatus,
    returnComment: r.return_comment,
    revision: r.revision,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by !== null ? { id: r.decided_by, username: r.d_username ?? '', displayName: r.d_display_name ?? '' } : null,
    createdBy: r.created_by !== null ? { id: r.created_by, username: r.c_username ?? '', displayName: r.c_display_name ?? '' } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findActivity(db: Queryable, id: number): Promise<ActivityRow | undefined> {
  const r = await selected(db).where('x.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** `%` and `_` typed by a user are searched for, not used as wildcards. */
const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const activitiesOnly = (db: Queryable) => db.selectFrom('activities as x');
type Matching = ReturnType<typeof activitiesOnly>;

/**
 * The activities a filter selects, read from `activities` alone (and, for a subtree, the units in
 * it): counting and ordering need none of the joins a page shows, which are made for the page's
 * rows only. A subtree is `units CROSS JOIN activities` because SQLite keeps the left table of a
 * CROSS JOIN as the outer loop, its documented way of fixing a join order: it then finds the
 * subtree's units first and their activities by `activities_unit_day`. Left to choose, it walked
 * the campaign's million activities in date order looking for a county's 169 (2.5 s for the first
 * page). PostgreSQL plans the CROSS JOIN and its WHERE as the inner join they are.
 */
function matching(db: Queryable, f: ActivityFilter): Matching {
  const paths = [f.scope.kind === 'subtree' ? f.scope.path : undefined, f.unitPath].filter((p): p is string => !!p);
  let q: Matching;
  if (paths.length) {
    let s = db.selectFrom('units as s').crossJoin('activities as x').whereRef('x.unit_id', '=', 's.id');
    for (const p of paths) s = s.where('s.path', 'like', `${p}%`);
    // Typed as activities alone: everything after this refers to x only, the units being a filter.
    q = s as unknown as Matching;
  } else {
    q = activitiesOnly(db);
  }
  q = q.where('x.campaign_id', '=', f.campaignId);
  if (f.category) q = q.where('x.category', '=', f.category);
  if (f.status) q = q.where('x.status', '=', f.status);
  if (f.from) q = q.where('x.ends_on', '>=', f.from);
  if (f.to) q = q.where('x.starts_on', '<=', f.to);
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) => eb.or([
      sql<SqlBool>`lower(x.title) like ${p} escape '\\'`,
      sql<SqlBool>`lower(coalesce(x.address, '')) like ${p} escape '\\'`,
      sql<SqlBool>`lower(coalesce(x.organiser, '')) like ${p} escape '\\'`,
    ]));
  }
  return q;
}

/**
 * One page of a campaign's activities, latest first, and how many match in all. The page's ids
 * come from the indexes alone; only those rows are read whole and joined, since a database that
 * sorts whole rows reads every matching row to do it.
 */
export async function listActivities(db: Queryable, f: ActivityFilter, page: { limit: number; offset: number }) {
  const { total } = await matching(db, f).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const ids = (await matching(db, f)
    .select('x.id')
    .orderBy('x.starts_on', 'desc')
    .orderBy('x.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()).map((r) => r.id);
  if (!ids.length) return { total: Number(total), rows: [] };
  const byId = new Map((await selected(db).where('x.id', 'in', ids).execute()).map((r) => [r.id, toRow(r)]));
  // A row deleted between the two reads is left out rather than shown empty.
  return { total: Number(total), rows: ids.flatMap((id) => byId.get(id) ?? []) };
}

/**
 * How many of the filter's activities run from each start day to each end day: what a calendar's
 * day counts are made of, without reading a million rows into the server (a busy June at nation
 * scale is nine in ten of them).
 */
export async function calendarSpans(db: Queryable, f: ActivityFilter) {
  const rows = await matching(db, f)
    .select(['x.starts_on', 'x.ends_on', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['x.starts_on', 'x.ends_on'])
    .orderBy('x.starts_on')
    .orderBy('x.ends_on')
    .execute();
  return rows.map((r) => ({ startsOn: r.starts_on, endsOn: r.ends_on, n: Number(r.n) }));
}

/**
 * What calendar cells show of the filter's activities, by start day and id: all of them, or (with
 * `day`) the first `limit` under way on that day among those starting from `startsFrom`, a bound
 * the caller knows from the spans, so that the search does not begin at the campaign's start.
 */
export async function calendarItems(db: Queryable, f: ActivityFilter, day?: { day: string; startsFrom: string; startsTo: string; limit: number }) {
  let ids = matching(db, day ? { ...f, from: day.day, to: day.startsTo } : f).select('x.id');
  if (day) ids = ids.where('x.starts_on', '>=', day.startsFrom).orderBy('x.starts_on').orderBy('x.id').limit(day.limit);
  return db
    .selectFrom('activities as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select(['x.id', 'x.title', 'x.status', 'x.category', 'x.starts_on', 'x.ends_on', 'x.unit_id', 'u.short_name'])
    .where('x.id', 'in', ids)
    .orderBy('x.starts_on')
    .orderBy('x.id')
    .execute();
}

/** A unit's own activities, earliest first. */
export async function listUnitActivities(db: Queryable, campaignId: number, unitId: number) {
  return db
    .selectFrom('activities')
    .select(['id', 'title', 'category', 'starts_on', 'ends_on', 'status', 'is_public'])
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
}

/** Activities per category and status of one unit: its coverage of the tasks. */
export async function countByCategory(db: Queryable, campaignId: number, unitId: number) {
  const rows = await db
    .selectFrom('activities')
    .select(['category', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .groupBy(['category', 'status'])
    .execute();
  return rows.map((r) => ({ category: r.category, status: r.status as ActivityStatus, n: Number(r.n) }));
}

/** How many accepted activities of this category the unit has besides `exceptId`. */
export async function countOtherAccepted(db: Queryable, campaignId: number, unitId: number, category: string, exceptId: number) {
  const r = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('unit_id', '=', unitId)
    .where('category', '=', category)
    .where('status', '=', 'accepted')
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** What the accepted activities contribute, per unit (one unit, or every unit of the campaign). */
export async function listAcceptedContributions(db: Queryable, campaignId: number, unitId?: number) {
  let q = db
    .selectFrom('activities')
    .select(['unit_id', 'contributions_json'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'accepted');
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  const rows = await q.execute();
  return rows.map((r) => ({ unitId: r.unit_id, status: 'accepted' as const, contributions: countsOf(r.contributions_json) }));
}

const fieldColumns = (a: ActivityFields) => ({
  category: a.category,
  forms_json: JSON.stringify(a.forms),
  title: a.title,
  starts_on: a.startsOn,
  ends_on: a.endsOn,
  county_code: a.countyCode,
  address: a.address,
  organiser: a.organiser,
  audience: a.audience,
  participants: a.participants,
  description: a.description,
  links_json: JSON.stringify(a.links),
  contributions_json: JSON.stringify(a.contributions),
  is_public: a.isPublic ? 1 : 0,
});

export async function insertActivity(db: Queryable, a: ActivityFields & { campaignId: number; unitId: number; createdBy: number; at: Date }) {
  const at = a.at.toISOString();
  const row = await db
    .insertInto('activities')
    .values({
      campaign_id: a.campaignId, unit_id: a.unitId, ...fieldColumns(a), status: 'draft', return_comment: null, revision: 1,
      submitted_at: null, decided_at: null, decided_by: null, created_by: a.createdBy, created_at: at, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An activity in any state, as a bulk load (a benchmark's nation, an import of past years) writes it. */
export type ActivityInsert = ActivityFields & {
  campaignId: number; unitId: number; status: ActivityStatus; submittedAt: string | null; decidedAt: string | null;
  decidedBy: number | null; createdBy: number | null; at: Date;
};

/**
 * Several activities in multi-row INSERTs, in the caller's transaction. 500 rows of 25 columns
 * stay under both databases' limits on bound parameters (SQLite 32,766; PostgreSQL 65,535).
 */
export async function insertActivities(db: Queryable, rows: readonly ActivityInsert[]): Promise<void> {
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('activities')
      .values(rows.slice(i, i + CHUNK).map((a) => {
        const at = a.at.toISOString();
        return {
          campaign_id: a.campaignId, unit_id: a.unitId, ...fieldColumns(a), status: a.status, return_comment: null, revision: 1,
          submitted_at: a.submittedAt, decided_at: a.decidedAt, decided_by: a.decidedBy, created_by: a.createdBy, created_at: at, updated_at: at,
        };
      }))
      .execute();
  }
}

/**
 * Writes a new state of an activity, only if nobody wrote since `revision` was read.
 * Returns false when the revision moved on (the caller answers 409).
 */
export async function updateActivity(
  db: Queryable,
  id: number,
  revision: number,
  patch: {
    fields?: ActivityFields; status?: ActivityStatus; returnComment?: string | null; submittedAt?: string;
    decidedAt?: string; decidedBy?: number; at: Date;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('activities')
    .set({
      ...(patch.fields ? fieldColumns(patch.fields) : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.returnComment !== undefined ? { return_comment: patch.returnComment } : {}),
      ...(patch.submittedAt !== undefined ? { submitted_at: patch.submittedAt } : {}),
      ...(patch.decidedAt !== undefined ? { decided_at: patch.decidedAt } : {}),
      ...(patch.decidedBy !== undefined ? { decided_by: patch.decidedBy } : {}),
      revision: revision + 1,
      updated_at: patch.at.toISOString(),
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a draft (its attachment links go with it); false if it is no longer a draft at that revision. */
export async function deleteDraft(db: Queryable, id: number, revision: number): Promise<boolean> {
  const r = await db.deleteFrom('activities').where('id', '=', id).where('status', '=', 'draft').where('revision', '=', revision).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The media items attached to these activities, in their order. */
export async function listAttachments(db: Queryable, activityIds: number[]) {
  if (!activityIds.length) return [];
  return db
    .selectFrom('activity_media as am')
    .innerJoin('media_items as m', 'm.id', 'am.media_id')
    .select(['am.activity_id', 'am.sort', 'm.id', 'm.kind', 'm.original_name', 'm.taken_on', 'm.thumb_key', 'm.display_key'])
    .where('am.activity_id', 'in', activityIds)
    .orderBy('am.activity_id')
    .orderBy('am.sort')
    .orderBy('m.id')
    .execute();
}

/** Attaches an item after the others; false when it was attached already. */
export async function attachMedia(db: Queryable, activityId: number, mediaId: number): Promise<boolean> {
  const present = await db.selectFrom('activity_media').select('sort').where('activity_id', '=', activityId).where('media_id', '=', mediaId).executeTakeFirst();
  if (present) return false;
  const { last } = await db
    .selectFrom('activity_media')
    .select((eb) => eb.fn.max<number | null>('sort').as('last'))
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  await db.insertInto('activity_media').values({ activity_id: activityId, media_id: mediaId, sort: (last ?? 0) + 1 }).execute();
  return true;
}

export async function detachMedia(db: Queryable, activityId: number, mediaId: number): Promise<boolean> {
  const r = await db.deleteFrom('activity_media').where('activity_id', '=', activityId).where('media_id', '=', mediaId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Moves an activity's revision on without other change: an attachment changed what the record shows. */
export async function touchActivity(db: Queryable, id: number, revision: number, at: Date): Promise<boolean> {
  return updateActivity(db, id, revision, { at });
}

const publicBase = (db: Queryable, campaignId: number) =>
  db
    .selectFrom('activities as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where('x.campaign_id', '=', campaignId)
    .where('x.status', '=', 'accepted')
    .where('x.is_public', '=', 1);

/** One page of what the public campaign page shows: accepted activities marked public, latest first. */
export async function listPublic(db: Queryable, campaignId: number, page: { limit: number; offset: number }) {
  const { total } = await publicBase(db, campaignId).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await publicBase(db, campaignId)
    .select(['x.id', 'x.title', 'x.starts_on', 'x.ends_on', 'x.county_code', 'x.address', 'x.category', 'u.short_name'])
    .orderBy('x.starts_on', 'desc')
    .orderBy('x.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(total), rows };
}

/** The first photo (an image with a display copy) of each activity. */
export async function firstPhotos(db: Queryable, activityIds: number[]): Promise<Map<number, number>> {
  if (!activityIds.length) return new Map();
  const rows = await db
    .selectFrom('activity_media as am')
    .innerJoin('media_items as m', 'm.id', 'am.media_id')
    .select(['am.activity_id', 'm.id'])
    .where('am.activity_id', 'in', activityIds)
    .where('m.kind', '=', 'image')
    .where('m.display_key', 'is not', null)
    .orderBy('am.activity_id')
    .orderBy('am.sort')
    .orderBy('m.id')
    .execute();
  const out = new Map<number, number>();
  for (const r of rows) if (!out.has(r.activity_id)) out.set(r.activity_id, r.id);
  return out;
}

/** The display copy of an item the public may see: attached to an accepted public activity. */
export async function findPublicDisplay(db: Queryable, mediaId: number) {
  return db
    .selectFrom('media_items as m')
    .select(['m.id', 'm.display_key', 'm.original_name'])
    .where('m.id', '=', mediaId)
    .where('m.kind', '=', 'image')
    .where('m.display_key', 'is not', null)
    .where((eb) => eb.exists(
      eb.selectFrom('activity_media as am')
        .innerJoin('activities as x', 'x.id', 'am.activity_id')
        .select('am.media_id')
        .whereRef('am.media_id', '=', 'm.id')
        .where('x.status', '=', 'accepted')
        .where('x.is_public', '=', 1),
    ))
    .executeTakeFirst();
}

/** True when the item is attached to an accepted activity: the record is locked, and so are its attachments. */
export async function isAttachedToAccepted(db: Queryable, mediaId: number): Promise<boolean> {
  const r = await db
    .selectFrom('activity_media as am')
    .innerJoin('activities as x', 'x.id', 'am.activity_id')
    .select('am.activity_id')
    .where('am.media_id', '=', mediaId)
    .where('x.status', '=', 'accepted')
    .executeTakeFirst();
  return !!r;
}

export const campaignIdByCode = (db: Queryable, code: string) =>
  db.selectFrom('campaigns').select('id').where('code', '=', code).executeTakeFirst();

/** County names by code, for an activity's place. */
export async function countyNames(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('units').select(['code', 'name']).where('type', '=', 'county').where('code', 'in', unique).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
