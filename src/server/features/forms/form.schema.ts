import { z } from 'zod';
import { rowIdParam } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';

/*
 * What the API of every form a unit files once per campaign (the statistics table, the summary)
 * says alike: the stored form's state, its steps, the office's completeness list, the params and
 * the bodies of the office's decisions. Each feature's schema adds its content and re-exports these.
 */

export const text = z.object({ zh: z.string(), en: z.string() });
export const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string(), type: z.enum(unitTypes) });
const person = z.object({ id: z.number(), username: z.string(), displayName: z.string() }).nullable();

/** A stored form's state, after its id, status and content (form.store.ts: FormRow). */
export const formStateFields = {
  revision: z.number(),
  late: z.boolean(),
  firstSubmittedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: person,
  returnComment: z.string().nullable(),
  updatedAt: z.string(),
};

/** A step of a form, as its history lists them. */
export const formEventSchema = <const A extends readonly string[], const S extends readonly string[]>(actions: A, statuses: S) => z.object({
  action: z.enum(actions),
  status: z.enum(statuses),
  by: person,
  comment: z.string().nullable(),
  at: z.string(),
});

/** The first fields of a row of the office's list: the unit, and where its form stands (`missing`: none yet). */
export const officeRowFields = <const S extends readonly string[]>(statuses: S) => ({
  unit: unitRef,
  status: z.enum([...statuses, 'missing']),
  late: z.boolean(),
  firstSubmittedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});

const figure = z.object({ units: z.number(), submitted: z.number(), onTime: z.number(), completeness: z.number(), timeliness: z.number() });

/** The office's list: every owing unit's row, completeness and timeliness per unit type and overall, who is missing. */
export const officeListOf = <R extends z.ZodType>(row: R) => z.object({
  due: z.string().nullable(),
  rows: z.array(row),
  completeness: z.object({ byType: z.array(figure.extend({ type: z.enum(unitTypes) })), overall: figure }),
  /** Every unit that has not reported: no form, a draft, or a form returned for correction. */
  missing: z.array(unitRef),
  /** Those of `missing` whose form was returned and is being corrected. */
  returned: z.array(unitRef),
});

export const campaignParams = z.object({ id: rowIdParam });
export const unitParams = z.object({ id: rowIdParam, unitId: rowIdParam });
export const listQuery = z.object({ unitType: z.enum(unitTypes).optional() });

export const returnBody = z.object({ comment: z.string().trim().min(1, 'field.required').max(1000) });
export const reopenBody = z.object({ reason: z.string().trim().min(1, 'field.required').max(1000) });
export const decideBody = z.object({ comment: z.string().trim().max(1000).optional() });
