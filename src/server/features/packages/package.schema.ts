import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';

export const jobSchema = z.object({
  id: z.number(),
  campaignId: z.number(),
  /** 'unit': one unit's folder; 'all': every unit that owes a summary. */
  scope: z.enum(['unit', 'all']),
  unit: z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string(), type: z.enum(unitTypes) }).nullable(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** Files the package holds when done, and how many are in it so far (updated every few files). */
  total: z.number(),
  done: z.number(),
  /** The zip's size once done. */
  bytes: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Where to fetch the zip; null until it is done. */
  downloadUrl: z.string().nullable(),
});

export const jobListSchema = z.object({ jobs: z.array(jobSchema) });

/** Strict: `{}` asks for every unit's package, so a body with anything else in it is a mistake, not a request for all. */
export const createBody = z.strictObject({
  /** One unit's package; omitted for every unit's. */
  unitId: rowId.optional(),
});

export const campaignParams = z.object({ id: rowIdParam });
export const jobParams = z.object({ id: rowIdParam, jobId: rowIdParam });
