import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';
import { isDay } from '../../../domain/time';
import { isWebLink, MAX_ACTIVITY_LINKS } from '../../../domain/activities/activity.rules';
import { activityStatuses } from '../../../domain/activities/activity.workflow';
import { MAX_INDICATOR_VALUE } from '../../../domain/forms/statistics.rules';

const text = z.object({ zh: z.string(), en: z.string() });
const keyed = z.object({ key: z.string(), name: text });
const person = z.object({ id: z.number(), username: z.string(), displayName: z.string() }).nullable();
export const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string(), type: z.enum(unitTypes) });
const counts = z.record(z.string(), z.number());

const day = z.string().refine(isDay, { error: 'activity.day' });
const categoryKey = z.string().trim().min(1).max(64);
/** Optional text a form sends empty when left blank: stored as null. */
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v ? v : null));

export const placeSchema = z.object({
  county: z.object({ code: z.string(), name: z.string() }).nullable(),
  address: z.string().nullable(),
});

export const attachmentSchema = z.object({
  id: z.number(),
  kind: z.string(),
  originalName: z.string(),
  takenOn: z.string(),
  thumbUrl: z.string().nullable(),
  displayUrl: z.string().nullable(),
});

/** One activity as lists show it. */
export const activitySummarySchema = z.object({
  id: z.number(),
  campaignId: z.number(),
  unit: unitRef,
  category: keyed,
  forms: z.array(keyed),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  place: placeSchema,
  organiser: z.string().nullable(),
  participants: z.number(),
  isPublic: z.boolean(),
  status: z.enum(activityStatuses),
  returnComment: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  updatedAt: z.string(),
});

/** One activity in full, with what the caller may do with it now. */
export const activitySchema = activitySummarySchema.extend({
  audience: z.string().nullable(),
  description: z.string().nullable(),
  links: z.array(z.string()),
  /** What it adds to the unit's statistics table once accepted. */
  contributions: counts,
  /** What its forms and participants would add: the web offers it as the default. */
  suggestedContributions: counts,
  revision: z.number(),
  decidedBy: person,
  createdBy: person,
  createdAt: z.string(),
  attachments: z.array(attachmentSchema),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), decide: z.boolean(), delete: z.boolean() }),
});

export const listSchema = z.object({
  items: z.array(activitySummarySchema),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

const calendarItem = z.object({
  id: z.number(),
  title: z.string(),
  status: z.enum(activityStatuses),
  category: z.string(),
  unit: z.object({ id: z.number(), shortName: z.string() }),
});

export const calendarSchema = z.object({
  month: z.string(),
  /** Only days with activities, in order; an activity spanning days is on each of them. */
  days: z.array(z.object({ date: z.string(), count: z.number(), items: z.array(calendarItem) })),
  /** The campaign's own dates in the month (launch, consultation day). */
  milestones: z.array(z.object({ key: z.string(), name: text, date: z.string(), approximate: z.boolean() })),
});

export const timelineSchema = z.object({
  unit: unitRef,
  periods: z.array(z.object({ key: z.string(), name: text, start: z.string(), end: z.string() })),
  /** The unit's own activities, earliest first. */
  items: z.array(z.object({
    id: z.number(), title: z.string(), category: keyed, startsOn: z.string(), endsOn: z.string(),
    status: z.enum(activityStatuses), isPublic: z.boolean(),
  })),
});

export const coverageSchema = z.object({
  unit: unitRef,
  /** The coverage obligation this unit owes, if any. */
  obligation: z.object({ key: z.string(), name: text, due: z.string() }).nullable(),
  categories: z.array(z.object({ key: z.string(), name: text, section: z.string(), accepted: z.number(), pending: z.number() })),
  /** Keys of the categories with no accepted activity yet. */
  missing: z.array(z.string()),
});

export const publicListSchema = z.object({
  /** `issuer`: the organiser as the plan names it, for the page's footer. */
  campaign: z.object({ code: z.string(), title: text, shortTitle: text, theme: text, issuer: text }),
  items: z.array(z.object({
    id: z.number(),
    title: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    place: z.object({ county: z.string().nullable(), address: z.string().nullable() }),
    unit: z.object({ shortName: z.string() }),
    category: keyed,
    /** One photo's id, served stripped at photoUrl; null when the activity has none. */
    photoId: z.number().nullable(),
    photoUrl: z.string().nullable(),
  })),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

const fields = {
  category: categoryKey,
  forms: z.array(z.string().trim().min(1).max(64)).max(30),
  title: z.string().trim().min(1, 'field.required').max(200),
  startsOn: day,
  endsOn: day,
  /** The county's division code (its unit code). */
  countyCode: optionalText(32),
  address: optionalText(300),
  organiser: optionalText(200),
  audience: optionalText(200),
  participants: z.number().int().min(0).max(MAX_INDICATOR_VALUE).default(0),
  description: optionalText(5000),
  links: z.array(z.string().trim().max(500).refine(isWebLink, { error: 'activity.link' })).max(MAX_ACTIVITY_LINKS).default([]),
  /** Omitted: what its forms say (suggestedContributions). Indicators are checked against the campaign in the service. */
  contributions: z.record(z.string().max(64), z.union([z.number(), z.null()])).optional(),
  isPublic: z.boolean().default(false),
};

export const createBody = z.object({ unitId: rowId.optional(), ...fields });
/** The whole record again (what the edit form holds), and the revision it was read at. */
export const updateBody = z.object({ ...fields, revision: z.number().int().min(0) });
// Strict: a step that needs nothing must not take a mistyped body (`{ revison: 3 }`) as a go-ahead.
export const submitBody = z.strictObject({ revision: z.number().int().min(0).optional() });
export const acceptBody = z.strictObject({ comment: z.string().trim().max(1000).optional() });
export const returnBody = z.object({ comment: z.string().trim().min(1, 'field.required').max(1000) });
export const attachBody = z.object({ mediaId: rowId });

export const listQuery = z.object({
  unitId: rowIdParam.optional(),
  category: categoryKey.optional(),
  status: z.enum(activityStatuses).optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const calendarQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'activity.month' }),
  unitId: rowIdParam.optional(),
  category: categoryKey.optional(),
  status: z.enum(activityStatuses).optional(),
});

export const publicQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const campaignParams = z.object({ id: rowIdParam });
export const activityParams = z.object({ id: rowIdParam, activityId: rowIdParam });
export const attachmentParams = z.object({ id: rowIdParam, activityId: rowIdParam, mediaId: rowIdParam });
export const unitParams = z.object({ id: rowIdParam, unitId: rowIdParam });
export const publicCampaignParams = z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/) });
export const publicMediaParams = z.object({ mediaId: rowIdParam });
