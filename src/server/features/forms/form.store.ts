import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Queryable } from '../../db';
import type { Database, FiledFormColumns } from '../../db/schema';
import type { StatisticsStatus } from '../../../domain/forms/statistics.workflow';

/*
 * The forms a unit files once per campaign: the statistics table and the summary. Both tables share
 * their status, revision and submission columns (FiledFormColumns) and have a table of steps; those
 * are read and written here, by table name, and each feature's store adds its own content columns.
 *
 * Queries name the table in a union (`statistics_reports | summaries`), which Kysely types by the
 * columns of both; where a result must carry one table's columns it is cast to that table's row.
 */

export type FormTable = 'statistics_reports' | 'summaries';

/** Each form's table of steps, and the column there that names the form's row. */
const STEPS = {
  statistics_reports: { table: 'statistics_events', formId: 'report_id' },
  summaries: { table: 'summary_events', formId: 'summary_id' },
} as const satisfies Record<FormTable, { table: keyof Database; formId: string }>;

type Shared = keyof FiledFormColumns;
/** A form's own columns, as a first write must give them and as a later write may change them. */
type NewFormContent<T extends FormTable> = Omit<Insertable<Database[T]>, Shared>;
type FormContentChange<T extends FormTable> = Omit<Updateable<Database[T]>, Shared>;

/** A stored row of the form's table, with the names of whoever submitted it last. */
export type StoredForm<T extends FormTable> = Selectable<Database[T]> & { username: string | null; display_name: string | null };

export interface Person { id: number; username: string; displayName: string }

/** An account a row points at; its names come from a left join, so they may be missing. */
export const personOf = (id: number | null, username: string | null, displayName: string | null): Person | null =>
  id !== null ? { id, username: username ?? '', displayName: displayName ?? '' } : null;

/** What every filed form is, besides its content, with the status in the feature's own type. */
export interface FormRow<S extends string> {
  id: number;
  campaignId: number;
  unitId: number;
  status: S;
  revision: number;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: Person | null;
  returnComment: string | null;
  updatedAt: string;
}

export function formRowOf<S extends string>(r: StoredForm<FormTable>): FormRow<S> {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    status: r.status as S,
    revision: r.revision,
    late: r.late === 1,
    firstSubmittedAt: r.first_submitted_at,
    submittedAt: r.submitted_at,
    submittedBy: personOf(r.submitted_by, r.username, r.display_name),
    returnComment: r.return_comment,
    updatedAt: r.updated_at,
  };
}

function campaignForms(db: Queryable, table: FormTable, campaignId: number) {
  return db
    .selectFrom(table)
    .leftJoin('accounts as a', 'a.id', `${table}.submitted_by`)
    .selectAll(table)
    .select(['a.username', 'a.display_name'])
    .where(`${table}.campaign_id`, '=', campaignId);
}

export async function findForm<T extends FormTable>(db: Queryable, table: T, campaignId: number, unitId: number) {
  const name: FormTable = table;
  const r = await campaignForms(db, name, campaignId).where(`${name}.unit_id`, '=', unitId).executeTakeFirst();
  return r as StoredForm<T> | undefined;
}

export async function listForms<T extends FormTable>(db: Queryable, table: T, campaignId: number) {
  return (await campaignForms(db, table, campaignId).execute()) as StoredForm<T>[];
}

/** Where each unit's form stands, for views that only need to know whether it counts (the obligation matrix). */
export async function listFormHeads(db: Queryable, table: FormTable, campaignId: number) {
  const rows = await db.selectFrom(table).select(['unit_id', 'status', 'first_submitted_at']).where('campaign_id', '=', campaignId).execute();
  return rows.map((r) => ({ unitId: r.unit_id, status: r.status as StatisticsStatus, firstSubmittedAt: r.first_submitted_at }));
}

/** The shared columns of a form's first write. */
export interface NewForm<S extends string> {
  campaignId: number;
  unitId: number;
  status: S;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: number | null;
  at: Date;
}

export async function insertForm<T extends FormTable>(db: Queryable, table: T, r: NewForm<string>, content: NewFormContent<T>): Promise<number> {
  const at = r.at.toISOString();
  const row = await db
    .insertInto(table as FormTable)
    .values({
      ...content,
      campaign_id: r.campaignId,
      unit_id: r.unitId,
      status: r.status,
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

/** The shared columns of a later write: what is undefined stays as stored (Kysely leaves it out). */
export interface FormChange<S extends string> {
  status: S;
  late?: boolean;
  firstSubmittedAt?: string | null;
  submittedAt?: string | null;
  submittedBy?: number | null;
  returnComment?: string | null;
  at: Date;
}

/**
 * Writes a new state of a form only if nobody wrote since `revision` was read.
 * Returns false when the revision moved on (the caller answers 409).
 */
export async function updateForm<T extends FormTable>(
  db: Queryable,
  table: T,
  id: number,
  revision: number,
  r: FormChange<string>,
  content: FormContentChange<T>,
): Promise<boolean> {
  const result = await db
    .updateTable(table as FormTable)
    .set({
      ...content,
      status: r.status,
      late: r.late === undefined ? undefined : r.late ? 1 : 0,
      first_submitted_at: r.firstSubmittedAt,
      submitted_at: r.submittedAt,
      submitted_by: r.submittedBy,
      return_comment: r.returnComment,
      revision: revision + 1,
      updated_at: r.at.toISOString(),
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertFormEvent(
  db: Queryable,
  form: FormTable,
  e: { formId: number; action: string; status: string; actorId: number | null; comment: string | null; at: Date },
): Promise<void> {
  const steps = STEPS[form];
  await db
    .insertInto(steps.table)
    .values({ [steps.formId]: e.formId, action: e.action, status: e.status, actor_id: e.actorId, comment: e.comment, at: e.at.toISOString() })
    .execute();
}

/** A form's steps, newest first. */
export async function listFormEvents<S extends string>(db: Queryable, form: FormTable, formId: number) {
  const { table, formId: column } = STEPS[form];
  const rows = await db
    .selectFrom(table)
    .leftJoin('accounts as a', 'a.id', `${table}.actor_id`)
    .select([`${table}.action`, `${table}.status`, `${table}.actor_id`, `${table}.comment`, `${table}.at`, 'a.username', 'a.display_name'])
    // Typed over both steps tables, a column only one of them has is out of Kysely's reach: a raw reference.
    .where(sql.ref<number>(`${table}.${column}`), '=', formId)
    .orderBy(`${table}.id`, 'desc')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    status: r.status as S,
    by: personOf(r.actor_id, r.username, r.display_name),
    comment: r.comment,
    at: r.at,
  }));
}
