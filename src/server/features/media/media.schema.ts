import { z } from 'zod';
import { rowIdParam } from '../../http/ids';
import { isDay } from '../../../domain/time';

export const mediaKinds = ['image', 'video', 'document'] as const;

const day = z.string().refine(isDay, { error: 'media.day' });
const categoryKey = z.string().trim().min(1).max(64);

export const mediaItemSchema = z.object({
  id: z.number(),
  campaignId: z.number(),
  unit: z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string() }),
  kind: z.enum(mediaKinds),
  mime: z.string(),
  /** The sender's file name, for display and for the download's suggested name. */
  originalName: z.string(),
  size: z.number(),
  sha256: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  category: z.string().nullable(),
  takenOn: z.string(),
  uploadedAt: z.string(),
  uploadedBy: z.object({ id: z.number(), username: z.string(), displayName: z.string() }).nullable(),
  featured: z.boolean(),
  /** Stripped derivatives: null where there is none (videos, documents). */
  thumbUrl: z.string().nullable(),
  displayUrl: z.string().nullable(),
  /** The original as uploaded, metadata and all: null for callers who may not download it. */
  originalUrl: z.string().nullable(),
});

export const galleryQuery = z.object({
  unitId: rowIdParam.optional(),
  category: categoryKey.optional(),
  kind: z.enum(mediaKinds).optional(),
  from: day.optional(),
  to: day.optional(),
  featured: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const gallerySchema = z.object({
  items: z.array(mediaItemSchema),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

/** The text fields of an upload form; multipart fields arrive as text. */
export const uploadFields = z.strictObject({
  unitId: rowIdParam.optional(),
  category: categoryKey.optional(),
  takenOn: day.optional(),
});
export const uploadFieldNames = ['unitId', 'category', 'takenOn'] as const;

export const featureBody = z.object({ featured: z.boolean() });

export const campaignParams = z.object({ id: rowIdParam });
export const mediaParams = z.object({ mediaId: rowIdParam });
