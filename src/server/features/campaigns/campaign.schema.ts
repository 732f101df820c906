import { z } from 'zod';
import { rowIdParam } from '../../http/ids';

const text = z.object({ zh: z.string(), en: z.string() });

export const campaignSummarySchema = z.object({
  id: z.number(),
  code: z.string(),
  year: z.number(),
  title: text,
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
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
export const copyCampaignBody = z.object({ year: z.number().int().min(2000).max(2100) });
