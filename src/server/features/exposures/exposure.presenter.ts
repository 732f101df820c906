import type { z } from 'zod';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';
import { shanghaiDay } from '../../../domain/time';
import { currentReviewStep, type ExposureStatus } from '../../../domain/exposures/exposure.review';
import { caseReference, categoryRef } from '../cases/case.presenter';
import type { ImageRow, TypicalRow, listEvents, listRuns, listSources } from './exposure.store';
import type { imageSchema, publicExposureSchema, runSchema, typicalSchema, typicalSummarySchema } from './exposure.schema';

type Runs = Awaited<ReturnType<typeof listRuns>>;
type Sources = Awaited<ReturnType<typeof listSources>>;

export function presentImage(i: ImageRow): z.infer<typeof imageSchema> {
  return {
    id: i.id, caseFileId: i.case_file_id, boxes: JSON.parse(i.boxes_json) as z.infer<typeof imageSchema>['boxes'], caption: i.caption,
    width: i.width, height: i.height, blurredUrl: `/api/typical-images/${i.id}`,
  };
}

export function presentRun(r: Runs[number]): z.infer<typeof runSchema> {
  return { id: r.id, outlet: r.outlet, ranOn: r.ran_on, link: r.link, recordedBy: r.recorded_by !== null ? { id: r.recorded_by, displayName: r.recorder_name ?? '' } : null };
}

export function presentSummary(t: TypicalRow, def: CampaignDefinition, counts: { images: number; runs: number }): z.infer<typeof typicalSummarySchema> {
  const state = { status: t.status as ExposureStatus, stage: t.stage };
  const step = currentReviewStep(state, def.exposure.reviewChain);
  return {
    id: t.id, title: t.title, subject: t.subject, sector: t.sector, status: state.status,
    stage: step && t.stage !== null ? { index: t.stage, key: step.key, role: step.role, name: step.name } : null,
    publishedAt: t.published_at, updatedAt: t.updated_at, images: counts.images, runs: counts.runs,
  };
}

export function presentTypical(t: TypicalRow, p: {
  def: CampaignDefinition; year: number; sources: Sources; images: ImageRow[]; runs: Runs; events: Awaited<ReturnType<typeof listEvents>>;
  actions: string[]; canEdit: boolean; canRecordRun: boolean;
}): z.infer<typeof typicalSchema> {
  return {
    ...presentSummary(t, p.def, { images: p.images.length, runs: p.runs.length }),
    facts: t.facts, violations: t.violations, handling: t.handling, dualPenalty: !!t.dual_penalty, criminalTransfer: !!t.criminal_transfer, lesson: t.lesson,
    sources: p.sources.map((s) => ({ id: s.id, reference: caseReference(p.year, s.id), status: s.status, category: categoryRef(p.def, s.category).name })),
    images: p.images.map(presentImage),
    runs: p.runs.map(presentRun),
    events: p.events.map((e) => ({
      id: e.id, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, stage: e.stage,
      actor: e.actor_id !== null ? { id: e.actor_id, displayName: e.actor_name ?? '' } : null, comment: e.comment, at: e.at,
    })),
    returnComment: t.return_comment, withdrawReason: t.withdraw_reason, withdrawnAt: t.withdrawn_at, revision: t.revision,
    canEdit: p.canEdit, actions: p.actions, canRecordRun: p.canRecordRun,
  };
}

/** What the public page shows of a published case: the article, its blurred photos, where it ran. */
export function presentPublic(t: TypicalRow, images: ImageRow[], runs: Runs): z.infer<typeof publicExposureSchema>['items'][number] {
  return {
    id: t.id, title: t.title, subject: t.subject, sector: t.sector, publishedOn: t.published_at ? shanghaiDay(new Date(t.published_at)) : '',
    facts: t.facts, violations: t.violations, handling: t.handling, dualPenalty: !!t.dual_penalty, criminalTransfer: !!t.criminal_transfer, lesson: t.lesson,
    images: images.map((i) => ({ url: `/api/public/exposure-images/${i.id}`, caption: i.caption, width: i.width, height: i.height })),
    runs: runs.map((r) => ({ outlet: r.outlet, ranOn: r.ran_on, link: r.link })),
  };
}
