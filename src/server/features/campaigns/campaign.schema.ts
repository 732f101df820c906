import { z } from 'zod';
import { rowIdParam } from '../../http/ids';
import { daySchema } from '../../../domain/campaign/campaign.schema';

const text = z.object({ zh: z.string(), en: z.string() });

export const campaignSummarySchema = z.object({
  id: z.number(),
  code: z.string(),
  year: z.number(),
  title: text,
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  /** First and last day of the campaign's periods (the Tour included). */
  startsOn: z.string(),
  endsOn: z.string(),
  /** The campaign a visitor who names none is shown (the one running today; see campaign.current.ts). */
  current: z.boolean(),
});

export const campaignSchema = z.object({
  id: z.number(),
  code: z.string(),
  year: z.number(),
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  updatedAt: z.string(),
  // The definition's own schema lives in the domain; here it passes through as validated data.
  definition: z.record(z.string(), z.unknown()),
});

export const campaignIdParams = z.object({ id: rowIdParam });
export const updateDefinitionBody = z.object({ definition: z.unknown() });
/** The new year's plan is a new document: its number (文号) and issue date are required. */
export const copyCampaignBody = z.object({
  year: z.number().int().min(2000).max(2100),
  documentNumber: z.string().trim().min(1, 'field.required').max(100),
  issuedOn: daySchema,
});
export type CopyCampaignInput = z.infer<typeof copyCampaignBody>;
