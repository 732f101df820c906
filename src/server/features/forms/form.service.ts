import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import { isUniqueViolation } from '../../db/errors';
import type { Actor } from '../../auth/actor';
import { fail } from '../../http/errors';
import type { MessageKey } from '../../http/messages';
import type { ObligationInstance } from '../../../domain/obligations/obligation.rules';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { completeness } from '../../../domain/forms/statistics.rollup';
import { reportingOf, type FiledFormHead } from '../../../domain/forms/reporting';
import type { StatisticsStatus } from '../../../domain/forms/statistics.workflow';
import { audit } from '../audit/audit.service';
import { recordFulfilment } from '../obligations/obligation.service';
import { insertFormEvent, type FormChange, type FormRow, type FormTable, type NewForm } from './form.store';

/*
 * The steps of a form a unit files once per campaign (the statistics table, the summary), as both
 * take them: save or submit under the revision the editor read, decide, and record each step, its
 * audit record and, on the first submission, the obligation's fulfilment and the late flag, all in
 * one transaction. Each feature says who may take a step, what its content is and how it is judged.
 */

/** Which campaign a form belongs to and the obligation it answers, if the campaign has one. */
export interface FormContext {
  campaign: { id: number };
  obligation?: Pick<ObligationInstance, 'baseKey' | 'due'>;
}

/**
 * The foot of the office's list of a form: completeness and timeliness, who has not reported and,
 * among them, whose form is out for correction. "Reported" is reporting.ts's, as everywhere.
 */
export function reportingOverview<U extends { type: UnitType }>(
  rows: readonly { unit: U; status: StatisticsStatus | 'missing'; firstSubmittedAt: string | null }[],
  due: Date | null,
  typeOrder: readonly UnitType[],
) {
  const heads = rows.map((r): FiledFormHead | null => (r.status === 'missing' ? null : { status: r.status, firstSubmittedAt: r.firstSubmittedAt }));
  return {
    completeness: completeness(rows.map((r, i) => ({ type: r.unit.type, form: heads[i]! })), due, typeOrder),
    missing: rows.filter((_, i) => !reportingOf(heads[i], due).reported).map((r) => r.unit),
    returned: rows.filter((r) => r.status === 'returned').map((r) => r.unit),
  };
}

export type FormStep<S extends string, E extends string> = { ok: true; status: S } | { ok: false; error: E };

export interface FiledForm<S extends string, E extends string, C, Row extends FormRow<S>> {
  table: FormTable;
  /** The fulfilment's source type, and what the audit actions start with (`summary.submit`). */
  name: 'statistics' | 'summary';
  /** The audit record's object type. */
  auditType: string;
  conflict: MessageKey;
  workflowErrors: Record<E | 'wrong_state', MessageKey>;
  find(db: Queryable, campaignId: number, unitId: number): Promise<Row | undefined>;
  insert(db: Queryable, r: NewForm<S> & C): Promise<number>;
  update(db: Queryable, id: number, revision: number, r: FormChange<S> & Partial<C>): Promise<boolean>;
  /** The content a first write starts from when its step brings none. */
  empty: C;
  /** What the audit record keeps of the stored form before a step, and of the content a step writes. */
  auditBefore(row: Row): object;
  auditContent(content: C | undefined, submits: boolean): object;
}

export interface StepInput<S extends string, C> {
  action: string;
  status: S;
  /** The whole new content; undefined keeps what is stored. */
  content?: C;
  comment?: string | null;
  returnComment?: string | null;
  submits: boolean;
  at: Date;
}

export function filedFormSteps<S extends string, E extends string, C, Row extends FormRow<S>>(
  { db, now }: Pick<AppDeps, 'db' | 'now'>,
  form: FiledForm<S, E, C, Row>,
) {
  const refuse = (error: E | 'wrong_state') => fail(409, form.workflowErrors[error]);

  /**
   * Writes a form's new state (the first write inserts), its step and its audit record, and on the
   * first submission the obligation's fulfilment with the late flag; all in the caller's transaction.
   */
  async function writeStep(tx: Queryable, actor: Actor, f: FormContext, unit: { id: number }, row: Row | undefined, input: StepInput<S, C>) {
    const { at } = input;
    const first = input.submits && !row?.firstSubmittedAt;
    // The deadline is exclusive (the next Shanghai midnight); a resubmission after a return is never late.
    const late = first && f.obligation ? at.getTime() >= f.obligation.due.getTime() : undefined;
    let id: number;
    if (!row) {
      id = await form.insert(tx, {
        ...(input.content ?? form.empty),
        campaignId: f.campaign.id, unitId: unit.id, status: input.status,
        late: late ?? false, firstSubmittedAt: first ? at.toISOString() : null, submittedAt: input.submits ? at.toISOString() : null,
        submittedBy: input.submits ? actor.accountId : null, at,
      });
    } else {
      id = row.id;
      const written = await form.update(tx, row.id, row.revision, {
        ...(input.content ?? ({} as Partial<C>)),
        status: input.status,
        late,
        firstSubmittedAt: first ? at.toISOString() : undefined,
        submittedAt: input.submits ? at.toISOString() : undefined,
        submittedBy: input.submits ? actor.accountId : undefined,
        returnComment: input.returnComment,
        at,
      });
      if (!written) throw fail(409, form.conflict);
    }
    await insertFormEvent(tx, form.table, { formId: id, action: input.action, status: input.status, actorId: actor.accountId, comment: input.comment ?? null, at });
    if (first && f.obligation) {
      await recordFulfilment(tx, {
        campaignId: f.campaign.id, unitId: unit.id, obligationKey: f.obligation.baseKey, at,
        sourceType: form.name, sourceId: id, recordedBy: actor.accountId, note: input.action === 'import' ? 'import' : null,
      }, at);
    }
    await audit(tx, actor, `${form.name}.${input.action}`, { type: form.auditType, id }, {
      before: row ? form.auditBefore(row) : undefined,
      after: {
        campaignId: f.campaign.id, unitId: unit.id, status: input.status, ...form.auditContent(input.content, input.submits),
        ...(input.comment ? { comment: input.comment } : {}), ...(late !== undefined ? { late } : {}),
      },
    }, at);
    return id;
  }

  return {
    writeStep,

    /**
     * Saves a draft, or submits, in one transaction: refused when somebody wrote since the editor
     * read `revision` (omitted on a unit's first save) or when the status does not allow the step;
     * `content` judges what was sent (throwing what is wrong) and returns what to store.
     */
    async save(actor: Actor, f: FormContext, unit: { id: number }, opts: {
      revision: number | undefined;
      submit: boolean;
      step: (status: S | null) => FormStep<S, E>;
      content: (tx: Queryable) => Promise<C>;
    }) {
      await db.transaction().execute(async (tx) => {
        const row = await form.find(tx, f.campaign.id, unit.id);
        if (row && opts.revision !== undefined && opts.revision !== row.revision) throw fail(409, form.conflict);
        const next = opts.step(row?.status ?? null);
        if (!next.ok) throw refuse(next.error);
        const content = await opts.content(tx);
        await writeStep(tx, actor, f, unit, row, {
          action: opts.submit ? 'submit' : 'save', status: next.status, content,
          submits: opts.submit, returnComment: opts.submit ? null : undefined, at: now(),
        });
      }).catch((e: unknown) => {
        // Two first saves at once: the second insert meets the one-row-per-unit constraint.
        if (isUniqueViolation(e)) throw fail(409, form.conflict);
        throw e;
      });
    },

    /** A decision on a stored form (approve, accept, return, reopen); `step` may refuse by throwing. */
    async decide(actor: Actor, f: FormContext, unit: { id: number }, action: string, comment: string | undefined, step: (row: Row) => FormStep<S, E>) {
      await db.transaction().execute(async (tx) => {
        const row = await form.find(tx, f.campaign.id, unit.id);
        if (!row) throw refuse('wrong_state');
        const next = step(row);
        if (!next.ok) throw refuse(next.error);
        await writeStep(tx, actor, f, unit, row, {
          action, status: next.status, comment: comment ?? null, submits: false, at: now(),
          returnComment: action === 'return' || action === 'reopen' ? (comment ?? null) : undefined,
        });
      });
    },
  };
}
