import { z } from 'zod';
import { rowId } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';
import { indicatorTypes } from '../../../domain/campaign/campaign.schema';
import { statisticsActions, statisticsStatuses } from '../../../domain/forms/statistics.workflow';
import { formEventSchema, formStateFields, officeListOf, officeRowFields, text, unitRef } from '../forms/form.schema';

export { campaignParams, decideBody, listQuery, reopenBody, returnBody, unitParams, unitRef } from '../forms/form.schema';

const counts = z.record(z.string(), z.number());

export const findingSchema = z.object({
  key: z.string(),
  severity: z.enum(['hard', 'soft']),
  kind: z.enum(['rule', 'outlier', 'override']),
  indicator: z.string(),
  message: text,
  left: z.number(),
  right: z.number(),
  median: z.number().optional(),
  peers: z.number().optional(),
});

/** The form as the campaign defines it: categories in order, indicators in order, the rules. */
export const formSchema = z.object({
  categories: z.array(z.object({ key: z.string(), name: text, section: z.string() })),
  /** type: integer when absent; decimal and money have `decimals` places (2 when absent). */
  indicators: z.array(z.object({
    key: z.string(), category: z.string(), label: text, measure: text,
    type: z.enum(indicatorTypes).optional(), decimals: z.number().optional(), allowNegative: z.boolean().optional(),
  })),
  /** A side is one indicator's key or, for a sum, a list of keys. */
  rules: z.array(z.object({
    key: z.string(), severity: z.enum(['hard', 'soft']), left: z.union([z.string(), z.array(z.string())]), op: z.string(),
    right: z.union([z.string(), z.array(z.string())]), message: text,
  })),
  /** The exclusive deadline, or null. */
  due: z.string().nullable(),
  obligationKey: z.string().nullable(),
  approvalUnitTypes: z.array(z.enum(unitTypes)),
});

export const eventSchema = formEventSchema([...statisticsActions, 'import'], statisticsStatuses);

export const reportSchema = z.object({
  id: z.number(),
  status: z.enum(statisticsStatuses),
  /** Blank indicators are absent until submission; a submitted table has them all. */
  values: counts,
  comments: z.record(z.string(), z.string()),
  ...formStateFields,
});

export const unitFormSchema = formSchema.extend({
  unit: unitRef,
  approvalRequired: z.boolean(),
  report: reportSchema.nullable(),
  /** The rule and outlier findings on the current figures. */
  findings: z.array(findingSchema),
  /** Newest first. */
  events: z.array(eventSchema),
  /** What the unit's reporting sub-units add (their tables summed), when it has any. */
  subUnits: z.object({ reports: z.number(), total: counts }),
  /** The sum of the unit's accepted activities per indicator: the form starts from these, and a blank submitted takes them. */
  prefill: counts,
  /** The table's figures that differ from their pre-fill; each is explained under comments[`override.<indicator>`]. */
  overrides: z.array(z.object({ indicator: z.string(), prefill: z.number(), value: z.number() })),
  /** What the caller may do now. */
  can: z.object({ edit: z.boolean(), approve: z.boolean(), decide: z.boolean(), reopen: z.boolean() }),
});

export const checkResultSchema = z.object({ findings: z.array(findingSchema) });

export const officeRowSchema = z.object({
  ...officeRowFields(statisticsStatuses),
  /** Soft findings the unit explained, for the office to read before accepting. */
  explained: z.number(),
  /** Figures that differ from the sum of the unit's accepted activities. */
  overrides: z.number(),
});

export const officeListSchema = officeListOf(officeRowSchema);

export const rollupSchema = z.object({
  categories: formSchema.shape.categories,
  indicators: formSchema.shape.indicators,
  rows: z.array(z.object({ unit: unitRef, status: z.enum([...statisticsStatuses, 'missing']), reports: z.number(), total: counts })),
  subtotals: z.array(z.object({ type: z.enum(unitTypes), units: z.number(), reports: z.number(), total: counts })),
  total: counts,
  reports: z.number(),
});

export const importActions = ['create', 'update', 'unchanged', 'skipped', 'error'] as const;

export const importRowSchema = z.object({
  row: z.number(),
  code: z.string().nullable(),
  name: z.string(),
  unit: unitRef.nullable(),
  /** unchanged: the row is what the export holds, or every figure is blank; skipped: the unit's table is accepted (locked). */
  action: z.enum(importActions),
  changes: z.array(z.object({ key: z.string(), before: z.number().nullable(), after: z.number().nullable() })),
  errors: z.array(z.object({ field: z.string(), message: z.string(), messageEn: z.string() })),
  /** Why an unchanged or skipped row is passed over. */
  note: text.nullable(),
  /**
   * The row would replace a table the unit filed itself (not a previous import): the confirmation
   * must say, for this row, keep the unit's ("unit") or take the file's ("file").
   */
  ownSubmission: z.object({ status: z.enum(statisticsStatuses), note: text }).nullable(),
});

export const importPreviewSchema = z.object({
  rows: z.array(importRowSchema),
  missingColumns: z.array(z.string()),
  summary: z.object({ create: z.number(), update: z.number(), unchanged: z.number(), skipped: z.number(), error: z.number(), ownSubmissions: z.number() }),
});

/** kept: flagged rows where the office kept the unit's own table. */
export const importResultSchema = z.object({ created: z.number(), updated: z.number(), kept: z.number() });

const valuesBody = z.record(z.string().max(64), z.union([z.number(), z.string().max(32), z.null()]));
const commentsBody = z.record(z.string().max(128), z.string().max(500));

/** Values are judged against the campaign's indicators in the service; here only their shape. */
export const saveBody = z.object({
  values: valuesBody,
  comments: commentsBody.default({}),
  /** The revision the caller read; omitted for a unit's first save. */
  revision: z.number().int().min(0).optional(),
});

export const checkBody = z.object({ values: valuesBody, unitId: rowId.optional() });
