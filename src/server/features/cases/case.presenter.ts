import type { z } from 'zod';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';
import { isOpen, type CaseStatus } from '../../../domain/cases/case.workflow';
import type { UnitRow } from '../orgs/unit.store';
import { presentUnitRef } from '../orgs/unit.presenter';
import type { CaseSource, caseFileSchema, caseSchema, caseSummarySchema } from './case.schema';
import type { CaseFileRow, CaseRow, listEvents, listMessages } from './case.store';

/**
 * 举报编号: the campaign year and the case's number, e.g. 2022-1385026417. The number is the case's
 * random id (db/random-ids.ts), ten digits that a person reads out like a phone number; a running
 * number would tell which reports came before and after which. Cases from before the random ids
 * keep their six-digit form (2022-000123).
 */
export const caseReference = (year: number, id: number) => `${year}-${String(id).padStart(6, '0')}`;

export function categoryRef(def: CampaignDefinition, key: string) {
  const c = def.cases.categories.find((x) => x.key === key);
  return { key, name: c?.name ?? { zh: key, en: key } };
}

export const isCaseOverdue = (c: Pick<CaseRow, 'deadline_at' | 'status'>, now: Date) =>
  c.deadline_at !== null && isOpen(c.status as CaseStatus) && Date.parse(c.deadline_at) <= now.getTime();

type Units = Map<number, UnitRow>;
const unitOf = (units: Units, id: number | null) => (id === null ? null : units.get(id) ?? null);
const ref = (u: UnitRow | null) => (u ? presentUnitRef(u) : null);

export function presentCaseSummary(c: CaseRow, year: number, def: CampaignDefinition, units: Units, now: Date): z.infer<typeof caseSummarySchema> {
  return {
    id: c.id,
    reference: caseReference(year, c.id),
    campaignId: c.campaign_id,
    source: c.source as CaseSource,
    category: categoryRef(def, c.category),
    whistleblower: !!c.whistleblower,
    county: ref(unitOf(units, c.county_id)),
    enterprise: c.enterprise,
    status: c.status as CaseStatus,
    receivedOn: c.received_on,
    deadlineAt: c.deadline_at,
    overdue: isCaseOverdue(c, now),
    escalated: c.escalated_at !== null,
    assignedUnit: ref(unitOf(units, c.assigned_unit_id)),
    filedByUnit: ref(unitOf(units, c.filed_by_unit_id)),
    updatedOn: c.updated_on,
  };
}

/** A file as the caller may have it: the original's link only when `opensOriginal` says so. */
export function presentFile(f: CaseFileRow, opensOriginal: (addedBy: 'reporter' | 'staff') => boolean): z.infer<typeof caseFileSchema> {
  const base = `/api/case-files/${f.id}`;
  return {
    id: f.id,
    kind: f.kind,
    mime: f.mime,
    size: Number(f.size),
    purpose: f.purpose as 'evidence' | 'rectification',
    addedBy: f.added_by as 'reporter' | 'staff',
    addedOn: f.added_on,
    thumbUrl: f.thumb_key ? `${base}/thumb` : null,
    displayUrl: f.display_key ? `${base}/display` : null,
    originalUrl: opensOriginal(f.added_by as 'reporter' | 'staff') ? `${base}/original` : null,
  };
}

export interface CaseDetailParts {
  year: number;
  def: CampaignDefinition;
  units: Units;
  now: Date;
  events: Awaited<ReturnType<typeof listEvents>>;
  messages: Awaited<ReturnType<typeof listMessages>>;
  files: CaseFileRow[];
  merged: { id: number }[];
  seesReporter: boolean;
  actions: string[];
  canMessage: boolean;
  /** Whether the caller may download the original of a file added by this side. */
  opensOriginal: (addedBy: 'reporter' | 'staff') => boolean;
}

export function presentCase(c: CaseRow, p: CaseDetailParts): z.infer<typeof caseSchema> {
  const filesOf = (messageId: number | null) => p.files.filter((f) => f.message_id === messageId).map((f) => presentFile(f, p.opensOriginal));
  return {
    ...presentCaseSummary(c, p.year, p.def, p.units, p.now),
    address: c.address,
    latitude: c.latitude,
    longitude: c.longitude,
    occurredOn: c.occurred_on,
    description: c.description,
    posterUnit: ref(unitOf(p.units, c.poster_unit_id)),
    reporter: p.seesReporter && (c.reporter_name || c.reporter_phone) ? { name: c.reporter_name, phone: c.reporter_phone } : null,
    reporterHidden: !p.seesReporter,
    hasReceipt: c.receipt_hash !== null,
    rejectReason: c.reject_reason,
    findings: c.findings,
    rectificationRequired: c.rectification_required,
    rectificationReport: c.rectification_report,
    reply: c.reply,
    mergedInto: c.merged_into_id !== null ? { id: c.merged_into_id, reference: caseReference(p.year, c.merged_into_id) } : null,
    merged: p.merged.map((m) => ({ id: m.id, reference: caseReference(p.year, m.id) })),
    revision: c.revision,
    events: p.events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor_id !== null ? { id: e.actor_id, displayName: e.actor_name ?? '' } : null,
      unit: ref(unitOf(p.units, e.unit_id)),
      comment: e.comment,
      at: e.at,
    })),
    messages: p.messages.map((m) => ({
      id: m.id,
      kind: m.kind as 'to_reporter' | 'from_reporter' | 'internal',
      body: m.body,
      author: m.author_id !== null ? { id: m.author_id, displayName: m.author_name ?? '' } : null,
      at: m.at,
      files: filesOf(m.id),
    })),
    files: filesOf(null),
    actions: p.actions,
    canMessage: p.canMessage,
  };
}
