import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { isDay } from '../../../domain/time';
import { caseActions, caseStatuses } from '../../../domain/cases/case.workflow';
import { unitRef } from '../activities/activity.schema';

/*
 * Cases as handlers see them (the staff API). What a reporter sees is report.schema.ts, built
 * from a different presenter on purpose: no field reaches the public by being forgotten here.
 */

export const caseSources = ['public', 'unit', 'hotline', 'inspection', 'media'] as const;
export type CaseSource = (typeof caseSources)[number];
/** Sources the office registers by hand (12350 calls, inspections, media reports). */
export const officeSources = ['hotline', 'inspection', 'media'] as const;
export const messageKinds = ['to_reporter', 'from_reporter', 'internal'] as const;
export const filePurposes = ['evidence', 'rectification'] as const;

const text = z.object({ zh: z.string(), en: z.string() });
const keyed = z.object({ key: z.string(), name: text });
const person = z.object({ id: z.number(), displayName: z.string() }).nullable();

/** Free text a person types; blank is "not given". */
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v ? v : null));
const requiredText = (max: number) => z.string().trim().min(1).max(max);
const day = z.string().refine(isDay, { error: 'case.day' });
/** Mainland mobile numbers, or a landline with its area code: what a handler can call back. */
export const phoneSchema = z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: 'case.phone' });

const toMicroDegrees = (v: number | null | undefined) => (v === null || v === undefined ? v : Math.round(v * 1e6) / 1e6);

/** What a report or a lead says happened: the same fields for every source. */
export const caseFactsSchema = z.object({
  category: z.string().trim().min(1).max(64),
  countyId: rowId,
  address: requiredText(200),
  // A phone gives a few decimals; a millionth of a degree (~0.1 m) is kept, and a value smaller
  // than that (5e-324) becomes 0 instead of failing PostgreSQL's real column.
  latitude: z.number().min(-90).max(90).nullable().optional().transform(toMicroDegrees),
  longitude: z.number().min(-180).max(180).nullable().optional().transform(toMicroDegrees),
  enterprise: optionalText(200),
  occurredOn: day.nullable().optional(),
  description: requiredText(5000),
  whistleblower: z.boolean().default(false),
  reporterName: optionalText(50),
  reporterPhone: phoneSchema.nullable().optional().or(z.literal('').transform(() => null)),
});

/** A lead filed by a unit (source unit) or a call registered by the office (hotline, inspection, media). */
export const newCaseSchema = caseFactsSchema.extend({
  source: z.enum(['unit', ...officeSources]),
  /** For a unit's lead: the filing unit, by default the account's own. */
  unitId: rowId.optional(),
});

export const caseParams = z.object({ id: rowIdParam, caseId: rowIdParam });
export const caseFileParams = z.object({ fileId: rowIdParam, variant: z.enum(['thumb', 'display', 'original']) });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const caseListQuery = z.object({
  /** mine: assigned to my unit (or, for the office, waiting on the office); all: everything I may see. */
  queue: z.enum(['mine', 'all']).default('all'),
  status: z.enum(caseStatuses).optional(),
  category: z.string().max(64).optional(),
  countyId: rowIdParam.optional(),
  source: z.enum(caseSources).optional(),
  overdue: bool.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const caseExportQuery = caseListQuery.omit({ page: true, pageSize: true });

/** One step of the workflow; each action reads only the fields it needs and the service checks them. */
export const caseActionSchema = z.object({
  action: z.enum([...caseActions, 'escalate']),
  revision: z.number().int().min(1),
  /** reject: why not accepted (the reporter reads it); reassign / escalate: why. */
  reason: optionalText(2000),
  /** assign, reassign: the responsible unit. */
  unitId: rowId.optional(),
  /** verify */
  founded: z.boolean().optional(),
  findings: optionalText(5000),
  /** order_rectification: what must be done, and in how many calendar days (default from the campaign). */
  requirement: optionalText(5000),
  days: z.number().int().min(1).max(365).optional(),
  /** rectify: what was done (evidence files are uploaded with purpose rectification). */
  report: optionalText(5000),
  /** close: the public reply the reporter reads. */
  reply: optionalText(5000),
  /** merge: the case this one is a duplicate of. */
  targetId: rowId.optional(),
});

export const caseMessageSchema = z.object({
  kind: z.enum(['to_reporter', 'internal']),
  body: requiredText(5000),
});

export const caseFileQuery = z.object({ purpose: z.enum(filePurposes).default('evidence') });

export const caseFileSchema = z.object({
  id: z.number(),
  kind: z.string(),
  mime: z.string(),
  size: z.number(),
  purpose: z.enum(filePurposes),
  addedBy: z.enum(['reporter', 'staff']),
  addedOn: z.string(),
  thumbUrl: z.string().nullable(),
  /** The copy without metadata: an image's 1600 px display copy, a staff video's cleaned copy. */
  displayUrl: z.string().nullable(),
  /** The file as received; null when the caller may not have it (staff evidence keeps its GPS: the desk's only). */
  originalUrl: z.string().nullable(),
});

/** One case as the queue shows it. */
export const caseSummarySchema = z.object({
  id: z.number(),
  reference: z.string(),
  campaignId: z.number(),
  source: z.enum(caseSources),
  category: keyed,
  whistleblower: z.boolean(),
  county: unitRef.nullable(),
  enterprise: z.string().nullable(),
  status: z.enum(caseStatuses),
  receivedOn: z.string(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  assignedUnit: unitRef.nullable(),
  filedByUnit: unitRef.nullable(),
  updatedOn: z.string(),
});

export const caseEventSchema = z.object({
  id: z.number(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actor: person,
  unit: unitRef.nullable(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const caseMessageViewSchema = z.object({
  id: z.number(),
  kind: z.enum(messageKinds),
  body: z.string(),
  author: person,
  at: z.string(),
  files: z.array(caseFileSchema),
});

/** One case in full, with what the caller may do now. */
export const caseSchema = caseSummarySchema.extend({
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  occurredOn: z.string().nullable(),
  description: z.string(),
  posterUnit: unitRef.nullable(),
  /** Only for the roles that need it (the city office's case desk); null with `reporterHidden` otherwise. */
  reporter: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  reporterHidden: z.boolean(),
  /** Whether the reporter can follow it with a receipt (public reports). */
  hasReceipt: z.boolean(),
  rejectReason: z.string().nullable(),
  findings: z.string().nullable(),
  rectificationRequired: z.string().nullable(),
  rectificationReport: z.string().nullable(),
  reply: z.string().nullable(),
  mergedInto: z.object({ id: z.number(), reference: z.string() }).nullable(),
  merged: z.array(z.object({ id: z.number(), reference: z.string() })),
  revision: z.number(),
  events: z.array(caseEventSchema),
  messages: z.array(caseMessageViewSchema),
  files: z.array(caseFileSchema),
  /** Steps the caller may take now (plus 'escalate' when it may), and whether it may write messages. */
  actions: z.array(z.string()),
  canMessage: z.boolean(),
});

export const caseListSchema = z.object({
  items: z.array(caseSummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ open: z.number(), overdue: z.number(), mine: z.number() }),
});
