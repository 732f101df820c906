import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';
import { liaisonFieldTypes } from '../../../domain/campaign/campaign.schema';

const text = z.object({ zh: z.string(), en: z.string() });
const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string(), type: z.enum(unitTypes) });
const person = z.object({ id: z.number(), username: z.string(), displayName: z.string() }).nullable();
const values = z.record(z.string(), z.string());

export const liaisonStatuses = ['missing', 'on_time', 'late'] as const;

export const liaisonFieldSchema = z.object({
  key: z.string(),
  label: text,
  type: z.enum(liaisonFieldTypes),
  required: z.boolean(),
  group: z.enum(['liaison', 'leader']),
  /** type choice: the options; the value stored is the option's Chinese label. */
  options: z.array(text).optional(),
});

const changes = z.array(z.object({ key: z.string(), before: z.string().nullable(), after: z.string().nullable() }));
const fieldErrors = z.array(z.object({ field: z.string(), message: z.string(), messageEn: z.string() }));

export const versionSchema = z.object({
  id: z.number(),
  version: z.number(),
  values,
  submittedAt: z.string(),
  submittedBy: person,
  late: z.boolean(),
  changes,
});

export const formSchema = z.object({
  fields: z.array(liaisonFieldSchema),
  /** The exclusive deadline (the instant after which a submission is late), or null when the plan sets none. */
  due: z.string().nullable(),
  obligationKey: z.string().nullable(),
});

export const mineSchema = formSchema.extend({
  unit: unitRef,
  current: versionSchema.nullable(),
  /** Newest first. */
  versions: z.array(versionSchema),
});

export const historySchema = z.object({ unit: unitRef, versions: z.array(versionSchema) });

export const submittedSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  version: z.number(),
  late: z.boolean(),
  submittedAt: z.string(),
  values,
});

export const officeListSchema = formSchema.extend({
  rows: z.array(z.object({
    unit: unitRef,
    status: z.enum(liaisonStatuses),
    version: z.number().nullable(),
    firstSubmittedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    values: values.nullable(),
  })),
  summary: z.object({ total: z.number(), missing: z.number(), onTime: z.number(), late: z.number() }),
});

export const importActions = ['create', 'update', 'unchanged', 'error'] as const;

export const importPreviewSchema = z.object({
  fields: z.array(liaisonFieldSchema),
  /** Keys of fields the sheet has no column for; those values are kept from each unit's current version. */
  missingColumns: z.array(z.string()),
  rows: z.array(z.object({
    row: z.number(),
    /** The unit as the sheet names it. */
    unitCode: z.string(),
    unitName: z.string(),
    /** The unit it was matched to, or null when none was found. */
    unit: unitRef.nullable(),
    action: z.enum(importActions),
    /** What the new version would hold. */
    values,
    changes,
    errors: fieldErrors,
    /** The row would replace a version the unit filed itself (not an import): the confirmation must choose ("unit" or "file"). */
    ownSubmission: z.object({ version: z.number(), note: text }).nullable(),
  })),
  summary: z.object({ create: z.number(), update: z.number(), unchanged: z.number(), error: z.number(), ownSubmissions: z.number() }),
});

/** kept: flagged rows where the office kept the unit's own version. */
export const importCommittedSchema = z.object({ created: z.number(), updated: z.number(), kept: z.number() });

export const campaignParams = z.object({ id: rowIdParam });
export const unitParams = z.object({ id: rowIdParam, unitId: rowIdParam });
export const mineQuery = z.object({ unitId: rowIdParam.optional() });
export const listQuery = z.object({ unitType: z.enum(unitTypes).optional() });

/** Values are checked against the campaign's own fields in the service; here only their shape. */
export const submitBody = z.object({
  unitId: rowId.optional(),
  values: z.record(z.string().max(64), z.string().max(1000)),
});
