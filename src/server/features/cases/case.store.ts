import { sql, type SqlBool } from 'kysely';
import type { Queryable } from '../../db';
import type { CaseTable } from '../../db/schema';
import type { CaseStatus } from '../../../domain/cases/case.workflow';
import type { UnitRow } from '../orgs/unit.store';
import { insertWithRandomIds, nextSeq } from '../../db/random-ids';

export type CaseRow = Omit<CaseTable, 'id'> & { id: number };

/** The columns a new case is written with; the rest start empty. */
export type NewCase = Pick<CaseTable,
  'campaign_id' | 'source' | 'category' | 'whistleblower' | 'county_id' | 'address' | 'latitude' | 'longitude' | 'enterprise'
  | 'occurred_on' | 'description' | 'status' | 'received_on' | 'deadline_at' | 'poster_unit_id' | 'filed_by_unit_id' | 'created_by'
  | 'reporter_name' | 'reporter_phone' | 'receipt_hash' | 'updated_on'>;

export async function insertCase(db: Queryable, c: NewCase): Promise<number> {
  return (await insertWithRandomIds(db, 'cases', [{ ...c, revision: 1, last_seq: 0 }]))[0]!;
}

export const findCase = (db: Queryable, id: number) =>
  db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst() as Promise<CaseRow | undefined>;

export const findCaseByReceipt = (db: Queryable, receiptHash: string) =>
  db.selectFrom('cases').selectAll().where('receipt_hash', '=', receiptHash).executeTakeFirst() as Promise<CaseRow | undefined>;

/**
 * Writes a step's changes if the case is still at the revision the handler saw; false when someone
 * else moved it first.
 */
export async function updateCase(db: Queryable, id: number, revision: number, changes: Partial<Omit<CaseTable, 'id' | 'revision'>>): Promise<boolean> {
  const r = await db.updateTable('cases').set({ ...changes, revision: revision + 1 }).where('id', '=', id).where('revision', '=', revision).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(db: Queryable, e: {
  caseId: number; action: string; from: string | null; to: string; actorId: number | null; unitId: number | null; comment: string | null; at: string;
}) {
  await insertWithRandomIds(db, 'case_events', [{
    case_id: e.caseId, seq: await nextSeq(db, e.caseId), action: e.action, from_status: e.from, to_status: e.to, actor_id: e.actorId, unit_id: e.unitId,
    comment: e.comment, at: e.at,
  }]);
}

/*
 * A case's history, messages and files come in the order they were added to that case (`seq`); ids
 * are random and say nothing. Rows of several cases are grouped by case.
 */

export const listEvents = (db: Queryable, caseIds: number[]) => caseIds.length
  ? db.selectFrom('case_events').leftJoin('accounts', 'accounts.id', 'case_events.actor_id')
    .select(['case_events.id', 'case_events.case_id', 'action', 'from_status', 'to_status', 'actor_id', 'case_events.unit_id', 'comment', 'at',
      'accounts.display_name as actor_name'])
    .where('case_id', 'in', caseIds).orderBy('case_events.case_id').orderBy('case_events.seq').execute()
  : Promise.resolve([]);

export async function insertMessage(db: Queryable, m: { caseId: number; kind: string; body: string; authorId: number | null; at: string }): Promise<number> {
  return (await insertWithRandomIds(db, 'case_messages', [{
    case_id: m.caseId, seq: await nextSeq(db, m.caseId), kind: m.kind, body: m.body, author_id: m.authorId, at: m.at,
  }]))[0]!;
}

export const listMessages = (db: Queryable, caseIds: number[], kinds?: string[]) => {
  if (!caseIds.length) return Promise.resolve([]);
  let q = db.selectFrom('case_messages').leftJoin('accounts', 'accounts.id', 'case_messages.author_id')
    .select(['case_messages.id', 'case_id', 'kind', 'body', 'author_id', 'at', 'accounts.display_name as author_name'])
    .where('case_id', 'in', caseIds);
  if (kinds) q = q.where('kind', 'in', kinds);
  return q.orderBy('case_messages.case_id').orderBy('case_messages.seq').execute();
};

export type CaseFileRow = Awaited<ReturnType<typeof listFiles>>[number];

export async function insertFile(db: Queryable, f: {
  caseId: number; messageId: number | null; addedBy: 'reporter' | 'staff'; purpose: string; kind: string; mime: string; size: number; sha256: string;
  width: number | null; height: number | null; storageKey: string; thumbKey: string | null; displayKey: string | null; uploadedBy: number | null; addedOn: string;
}): Promise<number> {
  return (await insertWithRandomIds(db, 'case_files', [{
    case_id: f.caseId, seq: await nextSeq(db, f.caseId), message_id: f.messageId, added_by: f.addedBy, purpose: f.purpose, kind: f.kind, mime: f.mime, size: f.size, sha256: f.sha256,
    width: f.width, height: f.height, storage_key: f.storageKey, thumb_key: f.thumbKey, display_key: f.displayKey, uploaded_by: f.uploadedBy, added_on: f.addedOn,
  }]))[0]!;
}

export const listFiles = (db: Queryable, caseIds: number[]) => caseIds.length
  ? db.selectFrom('case_files').selectAll().where('case_id', 'in', caseIds).orderBy('case_id').orderBy('seq').execute()
  : Promise.resolve([] as never[]);

export const findFile = (db: Queryable, id: number) =>
  db.selectFrom('case_files').selectAll().where('id', '=', id).executeTakeFirst();

/** The cases merged into one, directly or through a chain: their reporters follow this case. */
export const mergedInto = (db: Queryable, id: number) =>
  db.selectFrom('cases').select(['id', 'received_on']).where('merged_into_id', '=', id).orderBy('received_on').orderBy('id').execute();

export interface CaseFilter {
  campaignId: number;
  /** A unit subtree whose assigned or filed cases the caller sees; absent for the desk and leaders. */
  subtreePath?: string;
  /**
   * The ids of the units under `subtreePath` (which `waitingOn.path` then is too), when the caller
   * has looked them up: a queue page makes five counts and lists over one subtree, and reading the
   * units by path is most of each at 30,000 units (SQLite's LIKE does not use the path index).
   */
  subtreeUnitIds?: number[];
  /** Waiting on this unit subtree (assigned there), or on the desk when `desk`. */
  waitingOn?: { path: string } | { desk: true };
  status?: CaseStatus;
  category?: string;
  countyId?: number;
  source?: string;
  overdueAt?: string;
  openOnly?: boolean;
  q?: string;
}

const DESK_STATUSES = ['received', 'accepted'];
const OPEN_STATUSES = ['received', 'accepted', 'assigned', 'founded', 'unfounded', 'rectifying', 'rectified'];

/** A unit subtree's ids as a sub-select, read by the units' path. */
const subtreeIds = (db: Queryable, path: string) => db.selectFrom('units').select('units.id').where('units.path', 'like', `${path}%`);

/** The ids of a subtree's units, for CaseFilter.subtreeUnitIds. */
export const unitIdsUnder = async (db: Queryable, path: string) => (await subtreeIds(db, path).execute()).map((u) => u.id);
const casesOnly = (db: Queryable) => db.selectFrom('cases');
type Filtered = ReturnType<typeof casesOnly>;

/**
 * The cases a filter selects. A subtree's cases are found first — the ids assigned to or filed by
 * its units, two index look-ups — and only then read, as `(ids) CROSS JOIN cases`: SQLite keeps the
 * left side of a CROSS JOIN as the outer loop (its documented way of fixing a join order), where,
 * left to choose, it walked the campaign's every case testing each against the subtree. At 40,000
 * cases that was 2 ms a count and five of them a page; the first form, joining the units and
 * testing their paths, was 8 ms a count. PostgreSQL plans both as the joins they are.
 */
function filtered(db: Queryable, f: CaseFilter): Filtered {
  let q: Filtered;
  if (f.subtreePath) {
    const units = f.subtreeUnitIds ?? subtreeIds(db, f.subtreePath);
    const ids = db.selectFrom('cases as a').select('a.id').where('a.assigned_unit_id', 'in', units)
      .union(db.selectFrom('cases as b').select('b.id').where('b.filed_by_unit_id', 'in', units));
    // Typed as cases alone: everything after this refers to cases only, the ids being a filter.
    q = db.selectFrom(ids.as('s')).crossJoin('cases').whereRef('cases.id', '=', 's.id') as unknown as Filtered;
  } else {
    q = casesOnly(db);
  }
  q = q.where('cases.campaign_id', '=', f.campaignId);
  if (f.waitingOn) {
    if ('desk' in f.waitingOn) q = q.where('cases.status', 'in', DESK_STATUSES);
    else q = q.where('cases.assigned_unit_id', 'in', f.subtreeUnitIds ?? subtreeIds(db, f.waitingOn.path)).where('cases.status', 'in', ['assigned', 'founded', 'unfounded', 'rectifying', 'rectified']);
  }
  if (f.status) q = q.where('cases.status', '=', f.status);
  if (f.openOnly) q = q.where('cases.status', 'in', OPEN_STATUSES);
  if (f.category) q = q.where('cases.category', '=', f.category);
  if (f.countyId) q = q.where('cases.county_id', '=', f.countyId);
  if (f.source) q = q.where('cases.source', '=', f.source);
  if (f.overdueAt) q = q.where('cases.deadline_at', '<=', f.overdueAt).where('cases.status', 'in', OPEN_STATUSES);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const asId = /^\d+$/.test(f.q) ? Number(f.q) : /^\d{4}-(\d+)$/.exec(f.q)?.[1];
    q = q.where((eb) => eb.or([
      sql<SqlBool>`cases.description like ${like} escape '\\'`,
      sql<SqlBool>`cases.enterprise like ${like} escape '\\'`,
      sql<SqlBool>`cases.address like ${like} escape '\\'`,
      ...(asId !== undefined && Number(asId) <= 2_147_483_647 ? [eb('cases.id', '=', Number(asId))] : []),
    ]));
  }
  return q;
}

export async function countCases(db: Queryable, f: CaseFilter): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * A page of the queue: overdue first (the longest overdue on top), then by the deadline that runs
 * out next, then newest by day (ids are random: db/random-ids.ts). The order is an expression of the clock, so no index gives it and the
 * whole selection is sorted; the sort is made on the ids and the columns it needs, and only the
 * page's rows are then read whole. Sorting whole rows, the desk's first page of 200,000 cases took
 * 95 ms on PostgreSQL at nation scale.
 */
export async function listCases(db: Queryable, f: CaseFilter, now: string, page: { offset: number; limit: number }): Promise<CaseRow[]> {
  const ids = (await filtered(db, f)
    .select('cases.id')
    .orderBy(sql`case when cases.deadline_at is not null and cases.deadline_at <= ${now} and cases.status in ('received','accepted','assigned','founded','unfounded','rectifying','rectified') then 0 else 1 end`)
    .orderBy(sql`case when cases.deadline_at is null then 1 else 0 end`)
    .orderBy('cases.deadline_at')
    .orderBy('cases.received_on', 'desc')
    .orderBy('cases.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute()).map((r) => r.id);
  if (!ids.length) return [];
  const rows = await db.selectFrom('cases').selectAll().where('id', 'in', ids).execute() as CaseRow[];
  const at = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
}

/** Every case the filter selects, in pages, for an export of any size. */
export async function* eachCase(db: Queryable, f: CaseFilter, pageSize = 1000): AsyncGenerator<CaseRow[]> {
  for (let after = 0; ;) {
    const rows = await filtered(db, f).selectAll('cases').where('cases.id', '>', after).orderBy('cases.id').limit(pageSize).execute() as CaseRow[];
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export async function unitsById(db: Queryable, ids: (number | null)[]): Promise<Map<number, UnitRow>> {
  const unique = [...new Set(ids.filter((i): i is number => i !== null))];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('units').selectAll().where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, u as UnitRow]));
}

/**
 * New public reports, several at once, each with its 'receive' event (the case's first place):
 * two statements for the whole batch, and one more per table in the rare round where a random id
 * was already taken.
 */
export async function insertReceivedCases(db: Queryable, rows: NewCase[], draw?: () => number): Promise<number[]> {
  const ids = await insertWithRandomIds(db, 'cases', rows.map((r) => ({ ...r, revision: 1, last_seq: 1 })), draw);
  await insertWithRandomIds(db, 'case_events', rows.map((r, i) => ({
    case_id: ids[i]!, seq: 1, action: 'receive', from_status: null, to_status: 'received', actor_id: null, unit_id: null, comment: null, at: r.received_on,
  })), draw);
  return ids;
}
