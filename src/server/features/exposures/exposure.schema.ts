import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { isDay } from '../../../domain/time';
import { exposureStatuses } from '../../../domain/exposures/exposure.review';

/*
 * Typical cases (典型案例) and their exposure. The staff API and the public one are built by
 * different presenters from the same rows; neither has a field that could hold a reporter.
 */

const text = z.object({ zh: z.string(), en: z.string() });
const person = z.object({ id: z.number(), displayName: z.string() }).nullable();
const requiredText = (max: number) => z.string().trim().min(1).max(max);
const day = z.string().refine(isDay, { error: 'case.day' });
const webLink = z.string().trim().max(500).regex(/^https?:\/\/[^\s]+$/i, { error: 'exposure.link' });

export const campaignParams = z.object({ id: rowIdParam });
export const typicalParams = z.object({ id: rowIdParam, typicalId: rowIdParam });
export const imageParams = typicalParams.extend({ imageId: rowIdParam });
export const monthParams = z.object({ id: rowIdParam, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'exposure.month' }) });
export const monthFileParams = monthParams.extend({ format: z.enum(['xlsx', 'docx']) });
export const publicImageParams = z.object({ imageId: rowIdParam });
export const publicCampaignParams = z.object({ code: z.string().min(1).max(64) });
export const feedQuery = z.object({ token: z.string().min(1).max(128) });
export const listQuery = z.object({ status: z.enum(exposureStatuses).optional() });

/** What the office writes: the article's substance, drafted from one or more verified cases. */
export const typicalBody = z.object({
  title: requiredText(200),
  subject: requiredText(200),
  sector: z.string().trim().max(100).nullable().optional().transform((v) => v || null),
  facts: requiredText(10_000),
  violations: requiredText(10_000),
  handling: requiredText(10_000),
  dualPenalty: z.boolean().default(false),
  criminalTransfer: z.boolean().default(false),
  lesson: requiredText(10_000),
  caseIds: z.array(rowId).min(1).max(20),
  revision: z.number().int().min(1).optional(),
});

/** A box over a face, a plate or a sign, as fractions of the upright photo. */
export const boxSchema = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1), w: z.number().gt(0).max(1), h: z.number().gt(0).max(1) });
export const imageBody = z.object({
  caseFileId: rowId,
  boxes: z.array(boxSchema).max(50),
  caption: z.string().trim().max(200).nullable().optional().transform((v) => v || null),
});
export const imageUpdateBody = imageBody.omit({ caseFileId: true });

export const actionBody = z.object({
  action: z.enum(['submit', 'pass', 'return', 'publish', 'withdraw']),
  revision: z.number().int().min(1),
  comment: z.string().trim().max(2000).nullable().optional().transform((v) => v || null),
});

export const runBody = z.object({ outlet: requiredText(100), ranOn: day, link: webLink.nullable().optional().or(z.literal('').transform(() => null)) });
export const sendBody = z.object({ sentTo: requiredText(200), sentOn: day.optional() });

export const imageSchema = z.object({
  id: z.number(),
  caseFileId: z.number(),
  boxes: z.array(boxSchema),
  caption: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  /** The blurred copy: the only picture of the case anyone outside the office ever gets. */
  blurredUrl: z.string(),
});

export const runSchema = z.object({ id: z.number(), outlet: z.string(), ranOn: z.string(), link: z.string().nullable(), recordedBy: person });

export const typicalSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  subject: z.string(),
  sector: z.string().nullable(),
  status: z.enum(exposureStatuses),
  /** The review step awaited while in review. */
  stage: z.object({ index: z.number(), key: z.string(), role: z.string(), name: text }).nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  images: z.number(),
  runs: z.number(),
});

export const typicalSchema = typicalSummarySchema.extend({
  facts: z.string(),
  violations: z.string(),
  handling: z.string(),
  dualPenalty: z.boolean(),
  criminalTransfer: z.boolean(),
  lesson: z.string(),
  sources: z.array(z.object({ id: z.number(), reference: z.string(), status: z.string(), category: text })),
  images: z.array(imageSchema),
  runs: z.array(runSchema),
  events: z.array(z.object({ id: z.number(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), stage: z.number().nullable(), actor: person, comment: z.string().nullable(), at: z.string() })),
  returnComment: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  revision: z.number(),
  canEdit: z.boolean(),
  /** Review actions the caller may take now. */
  actions: z.array(z.string()),
  canRecordRun: z.boolean(),
}).omit({ images: true }).extend({ images: z.array(imageSchema) });

export const typicalListSchema = z.object({ items: z.array(typicalSummarySchema) });

/** Photos of the source cases an editor may choose from (the office sees the evidence). */
export const evidenceSchema = z.object({
  items: z.array(z.object({ caseFileId: z.number(), caseId: z.number(), reference: z.string(), displayUrl: z.string(), width: z.number().nullable(), height: z.number().nullable() })),
});

export const quotaSchema = z.object({
  minCount: z.number(),
  targetCount: z.number(),
  months: z.array(z.object({ month: z.string(), count: z.number(), status: z.string() })),
});

/** The public exposure page (曝光台). */
export const publicExposureSchema = z.object({
  campaign: z.object({ code: z.string(), name: text }),
  items: z.array(z.object({
    id: z.number(), title: z.string(), subject: z.string(), sector: z.string().nullable(), publishedOn: z.string(),
    facts: z.string(), violations: z.string(), handling: z.string(), dualPenalty: z.boolean(), criminalTransfer: z.boolean(), lesson: z.string(),
    images: z.array(z.object({ url: z.string(), caption: z.string().nullable(), width: z.number(), height: z.number() })),
    runs: z.array(z.object({ outlet: z.string(), ranOn: z.string(), link: z.string().nullable() })),
  })),
});

export const feedTokenSchema = z.object({ token: z.string(), feedUrl: z.string() });

/** One row of the monthly report to the province (曝光情况报送表). */
export const provinceRowSchema = z.object({
  title: z.string(), subject: z.string(), sector: z.string().nullable(), publishedOn: z.string(),
  outlets: z.array(z.object({ outlet: z.string(), ranOn: z.string(), link: z.string().nullable() })),
  handling: z.string(), dualPenalty: z.boolean(), criminalTransfer: z.boolean(),
});
export const provinceReportSchema = z.object({
  month: z.string(),
  rows: z.array(provinceRowSchema),
  sent: z.object({ at: z.string(), to: z.string(), by: person }).nullable(),
});
export const provinceListSchema = z.object({
  months: z.array(z.object({ month: z.string(), cases: z.number(), sent: z.object({ at: z.string(), to: z.string() }).nullable() })),
});
