import { z } from 'zod';
import { rowId } from '../../http/ids';
import {
  MAX_CAPTION_CHARS, MAX_MEDIA_PICKS, MAX_SECTION_INPUT_CHARS, summaryActions, summaryStatuses,
} from '../../../domain/forms/summary.rules';
import { formEventSchema, formStateFields, officeListOf, officeRowFields, text, unitRef } from '../forms/form.schema';

export { campaignParams, decideBody, listQuery, reopenBody, returnBody, unitParams } from '../forms/form.schema';

export const sectionDefSchema = z.object({ key: z.string(), name: text, hint: text.nullable() });

/** A picked item as the editor shows it: enough for a thumbnail and a caption field. */
export const pickSchema = z.object({
  id: z.number(),
  caption: z.string().nullable(),
  kind: z.enum(['image', 'video', 'document']),
  originalName: z.string(),
  unit: z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string() }),
  category: z.string().nullable(),
  takenOn: z.string(),
  thumbUrl: z.string().nullable(),
  displayUrl: z.string().nullable(),
});

export const summarySchema = z.object({
  id: z.number(),
  status: z.enum(summaryStatuses),
  /** `{ [sectionKey]: html }`, sanitised; sections with nothing written are absent. */
  sections: z.record(z.string(), z.string()),
  /** In the unit's order; an item deleted from the library since it was picked is left out. */
  media: z.array(pickSchema),
  ...formStateFields,
});

export const eventSchema = formEventSchema(summaryActions, summaryStatuses);

export const unitSummarySchema = z.object({
  unit: unitRef,
  /** The campaign's sections, in order. */
  sections: z.array(sectionDefSchema),
  /** The exclusive deadline, or null. */
  due: z.string().nullable(),
  obligationKey: z.string().nullable(),
  limits: z.object({ sectionChars: z.number(), mediaPicks: z.number(), captionChars: z.number() }),
  summary: summarySchema.nullable(),
  /** Newest first. */
  events: z.array(eventSchema),
  /** What the caller may do now. */
  can: z.object({ edit: z.boolean(), decide: z.boolean(), reopen: z.boolean(), export: z.boolean() }),
});

export const officeListSchema = officeListOf(z.object({
  ...officeRowFields(summaryStatuses),
  /** How many photos and videos the summary picked. */
  media: z.number(),
  updatedAt: z.string().nullable(),
}));

/**
 * Section keys and sizes are judged against the campaign in the service, after sanitising; here
 * only the shape, and a raw size past which nothing is worth sanitising.
 */
export const saveBody = z.object({
  // Both are the whole new state, never a patch: a body that names neither must not empty a summary.
  sections: z.record(z.string().max(64), z.string().max(MAX_SECTION_INPUT_CHARS)),
  media: z.array(z.object({
    id: rowId,
    caption: z.string().trim().max(MAX_CAPTION_CHARS).nullish(),
  })).max(MAX_MEDIA_PICKS),
  /** The revision the caller read; omitted for a unit's first save. */
  revision: z.number().int().min(0).optional(),
});

