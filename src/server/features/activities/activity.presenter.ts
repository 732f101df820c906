import type { z } from 'zod';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';
import type { UnitType } from '../../../domain/orgs/unit-type';
import type { Text } from '../../../domain/text';
import type { ActivityRow, listAttachments } from './activity.store';
import type { activitySchema, activitySummarySchema, attachmentSchema } from './activity.schema';

type Attachment = Awaited<ReturnType<typeof listAttachments>>[number];

/** A key the campaign no longer defines still shows, under its key. */
const named = (key: string, name: Text | undefined) => ({ key, name: name ?? { zh: key, en: key } });

export function categoryRef(def: CampaignDefinition, key: string) {
  return named(key, def.taskCategories.find((t) => t.key === key)?.name);
}

export function presentSummary(def: CampaignDefinition, a: ActivityRow, counties: ReadonlyMap<string, string>): z.infer<typeof activitySummarySchema> {
  const category = def.taskCategories.find((t) => t.key === a.category);
  return {
    id: a.id,
    campaignId: a.campaignId,
    unit: { id: a.unit.id, code: a.unit.code, name: a.unit.name, shortName: a.unit.shortName, type: a.unit.type as UnitType },
    category: named(a.category, category?.name),
    forms: a.forms.map((k) => named(k, category?.forms.find((f) => f.key === k)?.name)),
    title: a.title,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    place: {
      county: a.countyCode ? { code: a.countyCode, name: counties.get(a.countyCode) ?? a.countyCode } : null,
      address: a.address,
    },
    organiser: a.organiser,
    participants: a.participants,
    isPublic: a.isPublic,
    status: a.status,
    returnComment: a.returnComment,
    submittedAt: a.submittedAt,
    decidedAt: a.decidedAt,
    updatedAt: a.updatedAt,
  };
}

/** Derivatives only: an attachment's original (with the camera's GPS) stays behind the media library's own rules. */
export function presentAttachment(m: Attachment): z.infer<typeof attachmentSchema> {
  const url = `/api/media/${m.id}`;
  return {
    id: m.id,
    kind: m.kind,
    originalName: m.original_name,
    takenOn: m.taken_on,
    thumbUrl: m.thumb_key ? `${url}/thumb` : null,
    displayUrl: m.display_key ? `${url}/display` : null,
  };
}

export function presentActivity(
  def: CampaignDefinition,
  a: ActivityRow,
  extra: {
    counties: ReadonlyMap<string, string>;
    attachments: Attachment[];
    suggested: Record<string, number>;
    can: z.infer<typeof activitySchema>['can'];
  },
): z.infer<typeof activitySchema> {
  return {
    ...presentSummary(def, a, extra.counties),
    audience: a.audience,
    description: a.description,
    links: a.links,
    contributions: a.contributions,
    suggestedContributions: extra.suggested,
    revision: a.revision,
    decidedBy: a.decidedBy,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    attachments: extra.attachments.map(presentAttachment),
    can: extra.can,
  };
}
