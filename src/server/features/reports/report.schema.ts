import { z } from 'zod';
import { caseStatuses } from '../../../domain/cases/case.workflow';
import { caseFactsSchema } from '../cases/case.schema';

/*
 * The public side of a case (举报): what anyone may send without an account, and what the holder
 * of a receipt may read. Nothing here names a handler, a unit's internal note or another reporter.
 */

const text = z.object({ zh: z.string(), en: z.string() });

export const publicCampaignParams = z.object({ code: z.string().min(1).max(64) });
export const reportFormQuery = z.object({ unit: z.string().max(32).optional() });

/** What the report page needs to draw its form. */
export const reportFormSchema = z.object({
  /** `archived`: the page shows the campaign but takes no report (the year is over). */
  campaign: z.object({ code: z.string(), name: text, theme: text.nullable(), archived: z.boolean() }),
  categories: z.array(z.object({ key: z.string(), name: text })),
  counties: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
  /** The unit whose poster was scanned, when the link carried one. */
  posterUnit: z.object({ code: z.string(), name: z.string() }).nullable(),
  limits: z.object({ maxFiles: z.number(), imageMB: z.number(), videoMB: z.number() }),
});

export const challengeSchema = z.object({
  challenge: z.string(),
  bits: z.number(),
  expiresAt: z.string(),
});

/** A public report: the facts, the proof of work, and the poster it came from. */
export const publicReportSchema = caseFactsSchema.extend({
  challenge: z.string().min(1).max(512),
  nonce: z.string().min(1).max(32),
  posterUnit: z.string().trim().max(32).nullable().optional(),
});

export const receiptSchema = z.object({ receipt: z.string().min(1).max(64) });
export const reporterMessageSchema = receiptSchema.extend({ body: z.string().trim().min(1).max(5000) });

export const submittedSchema = z.object({ receipt: z.string(), reference: z.string() });

/** What the holder of a receipt sees: progress by day, the handler's messages, the reply. */
export const reportStatusSchema = z.object({
  reference: z.string(),
  status: z.enum(caseStatuses),
  category: z.object({ key: z.string(), name: text }),
  receivedOn: z.string(),
  /** Public milestones only, dated to the day. */
  steps: z.array(z.object({ status: z.enum(caseStatuses), on: z.string() })),
  messages: z.array(z.object({ id: z.number(), from: z.enum(['handler', 'reporter']), body: z.string(), on: z.string(), files: z.number() })),
  rejectReason: z.string().nullable(),
  reply: z.string().nullable(),
  /** Set when this report was merged into another: the reporter now follows that one. */
  merged: z.boolean(),
  evidenceFiles: z.number(),
  canReply: z.boolean(),
});
