import type { Queryable } from '../../db';
import type { TypicalCaseTable } from '../../db/schema';

export type TypicalRow = Omit<TypicalCaseTable, 'id'> & { id: number };

/** The columns the office writes. */
export type TypicalFields = Pick<TypicalCaseTable,
  'title' | 'subject' | 'sector' | 'facts' | 'violations' | 'handling' | 'dual_penalty' | 'criminal_transfer' | 'lesson'>;

export async function insertTypical(db: Queryable, campaignId: number, f: TypicalFields, by: number, at: string): Promise<number> {
  return (await db.insertInto('typical_cases').values({
    ...f, campaign_id: campaignId, status: 'draft', stage: null, revision: 1, created_by: by, created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

export const findTypical = (db: Queryable, id: number) =>
  db.selectFrom('typical_cases').selectAll().where('id', '=', id).executeTakeFirst() as Promise<TypicalRow | undefined>;

/** Writes if the row is still at the revision the caller saw; false when someone moved it first. */
export async function updateTypical(db: Queryable, id: number, revision: number, set: Partial<Omit<TypicalCaseTable, 'id' | 'revision'>>): Promise<boolean> {
  const r = await db.updateTable('typical_cases').set({ ...set, revision: revision + 1 }).where('id', '=', id).where('revision', '=', revision).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listTypical(db: Queryable, campaignId: number, statuses?: string[]) {
  let q = db.selectFrom('typical_cases').selectAll().where('campaign_id', '=', campaignId);
  if (statuses) q = q.where('status', 'in', statuses);
  return q.orderBy('updated_at', 'desc').orderBy('id', 'desc').execute() as Promise<TypicalRow[]>;
}

export const listPublished = (db: Queryable, campaignId: number) =>
  db.selectFrom('typical_cases').selectAll().where('campaign_id', '=', campaignId).where('status', '=', 'published')
    .orderBy('published_at', 'desc').orderBy('id', 'desc').execute() as Promise<TypicalRow[]>;

/** Published (and still published) in [from, to): a month's exposures. */
export const listPublishedBetween = (db: Queryable, campaignId: number, from: string, to: string) =>
  db.selectFrom('typical_cases').selectAll().where('campaign_id', '=', campaignId).where('status', '=', 'published')
    .where('published_at', '>=', from).where('published_at', '<', to).orderBy('published_at').orderBy('id').execute() as Promise<TypicalRow[]>;

export const listPublicationInstants = (db: Queryable, campaignId: number) =>
  db.selectFrom('typical_cases').select(['published_at', 'withdrawn_at']).where('campaign_id', '=', campaignId).where('published_at', 'is not', null).execute();

export async function replaceSources(db: Queryable, typicalId: number, caseIds: number[]) {
  await db.deleteFrom('typical_case_sources').where('typical_case_id', '=', typicalId).execute();
  if (caseIds.length) await db.insertInto('typical_case_sources').values(caseIds.map((case_id) => ({ typical_case_id: typicalId, case_id }))).execute();
}

export const listSources = (db: Queryable, typicalIds: number[]) => typicalIds.length
  ? db.selectFrom('typical_case_sources').innerJoin('cases', 'cases.id', 'typical_case_sources.case_id')
    .select(['typical_case_sources.typical_case_id', 'cases.id', 'cases.status', 'cases.category', 'cases.campaign_id'])
    .where('typical_case_id', 'in', typicalIds).orderBy('cases.id').execute()
  : Promise.resolve([]);

export type ImageRow = Awaited<ReturnType<typeof listImages>>[number];

export const listImages = (db: Queryable, typicalIds: number[]) => typicalIds.length
  ? db.selectFrom('typical_case_images').selectAll().where('typical_case_id', 'in', typicalIds).orderBy('sort_order').orderBy('id').execute()
  : Promise.resolve([] as never[]);

export const findImage = (db: Queryable, id: number) =>
  db.selectFrom('typical_case_images').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertImage(db: Queryable, i: { typicalId: number; caseFileId: number; boxes: string; key: string; width: number; height: number; caption: string | null }) {
  const last = await db.selectFrom('typical_case_images').select((eb) => eb.fn.max('sort_order').as('n')).where('typical_case_id', '=', i.typicalId).executeTakeFirst();
  return (await db.insertInto('typical_case_images').values({
    typical_case_id: i.typicalId, case_file_id: i.caseFileId, boxes_json: i.boxes, blurred_key: i.key, width: i.width, height: i.height,
    caption: i.caption, sort_order: Number(last?.n ?? 0) + 1,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertEvent(db: Queryable, e: { typicalId: number; action: string; from: string | null; to: string; stage: number | null; actorId: number; comment: string | null; at: string }) {
  await db.insertInto('typical_case_events').values({
    typical_case_id: e.typicalId, action: e.action, from_status: e.from, to_status: e.to, stage: e.stage, actor_id: e.actorId, comment: e.comment, at: e.at,
  }).execute();
}

export const listEvents = (db: Queryable, typicalId: number) =>
  db.selectFrom('typical_case_events').leftJoin('accounts', 'accounts.id', 'typical_case_events.actor_id')
    .select(['typical_case_events.id', 'action', 'from_status', 'to_status', 'stage', 'actor_id', 'comment', 'at', 'accounts.display_name as actor_name'])
    .where('typical_case_id', '=', typicalId).orderBy('typical_case_events.id').execute();

export const listRuns = (db: Queryable, typicalIds: number[]) => typicalIds.length
  ? db.selectFrom('exposure_runs').leftJoin('accounts', 'accounts.id', 'exposure_runs.recorded_by')
    .select(['exposure_runs.id', 'typical_case_id', 'outlet', 'ran_on', 'link', 'recorded_by', 'accounts.display_name as recorder_name'])
    .where('typical_case_id', 'in', typicalIds).orderBy('ran_on').orderBy('exposure_runs.id').execute()
  : Promise.resolve([]);

export async function countBy(db: Queryable, table: 'typical_case_images' | 'exposure_runs', typicalIds: number[]): Promise<Map<number, number>> {
  if (!typicalIds.length) return new Map();
  const rows = await db.selectFrom(table).select(['typical_case_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('typical_case_id', 'in', typicalIds).groupBy('typical_case_id').execute();
  return new Map(rows.map((r) => [r.typical_case_id, Number(r.n)]));
}
