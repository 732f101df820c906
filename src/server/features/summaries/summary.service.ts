import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { authorizeRead, authorizeWrite } from '../../auth/authorize';
import { summaryPolicy } from '../../auth/policies/summary.policy';
import { fail, fieldError, invalidFields, notFound, type FieldError } from '../../http/errors';
import type { MessageKey } from '../../http/messages';
import { sanitizeRichText } from '../../formats/rich-text';
import { unitTypes, type UnitType } from '../../../domain/orgs/unit-type';
import {
  checkPicks, checkSections, hasContent, isSummaryEditable, MAX_CAPTION_CHARS, MAX_MEDIA_PICKS, MAX_SECTION_CHARS, summaryStep,
  type MediaPick, type PickError, type SectionDef, type SectionError, type SummaryAction, type SummaryStatus, type SummaryWorkflowError,
} from '../../../domain/forms/summary.rules';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { filedFormSteps, reportingOverview, type FiledForm } from '../forms/form.service';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { presentUnitRef } from '../orgs/unit.presenter';
import { findMediaByIds, type MediaRow } from '../media/media.store';
import {
  findSummary, insertSummary, listSummaryEvents, listSummaryHeads, updateSummary, type SummaryRow,
} from './summary.store';
import { presentSummary } from './summary.presenter';
import type { officeListSchema, saveBody, unitSummarySchema } from './summary.schema';
import { listCampaignUnits } from '../campaigns/campaign.scope';

const SUMMARY_FORM: FiledForm<SummaryStatus, SummaryWorkflowError, { sections: Record<string, string>; media: MediaPick[] }, SummaryRow> = {
  table: 'summaries',
  name: 'summary',
  auditType: 'summary',
  conflict: 'summary.conflict',
  workflowErrors: { locked: 'summary.locked', not_editable: 'summary.not_editable', wrong_state: 'summary.wrong_state' },
  find: findSummary,
  insert: insertSummary,
  update: updateSummary,
  empty: { sections: {}, media: [] },
  auditBefore: (summary) => ({ status: summary.status }),
  // Drafts are saved often; the audit keeps their size, and the full text of what was submitted.
  auditContent: (c, submits) => (c === undefined ? {}
    : submits ? { sections: c.sections, media: c.media }
      : { sectionChars: Object.fromEntries(Object.entries(c.sections).map(([k, v]) => [k, v.length])), media: c.media.map((m) => m.id) }),
};

const SECTION_ERRORS: Record<SectionError['code'], MessageKey> = {
  unknown_section: 'summary.unknown_section',
  too_long: 'summary.too_long',
};

const PICK_ERRORS: Record<PickError['code'], MessageKey> = {
  media_unknown: 'summary.media_unknown',
  media_kind: 'summary.media_kind',
  media_twice: 'summary.media_twice',
};

/** The order of the office's completeness figures: as the plan addresses its units. */
const TYPE_ORDER = unitTypes.filter((t) => t !== 'city_office');

export type SummaryForm = Awaited<ReturnType<ReturnType<typeof summaryFormLoader>>>;

/** The campaign's summary sections and the obligation that says by when and for whom. */
export function summaryFormLoader(db: Queryable) {
  return async (campaignId: number) => {
    const c = await loadCampaignWithObligations(db, campaignId);
    if (!c) throw notFound();
    const def = c.record.definition;
    const obligation = c.instances.find((i) => i.form === 'summary');
    // A definition stored before campaigns had summary sections has none; the page then shows none.
    const sections: SectionDef[] = def.forms.summary?.sections ?? [];
    return { campaign: c.record, def, sections, obligation, owedTypes: new Set<UnitType>(obligation?.unitTypes ?? []) };
  };
}

/** The picks that still exist, in the unit's order, each with its library row. */
export async function resolvePicks(db: Queryable, picks: readonly MediaPick[]): Promise<{ pick: MediaPick; item: MediaRow }[]> {
  const items = new Map((await findMediaByIds(db, picks.map((p) => p.id))).map((m) => [m.id, m]));
  return picks.flatMap((pick) => {
    const item = items.get(pick.id);
    return item ? [{ pick, item }] : [];
  });
}

export function summaryService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  const formOf = summaryFormLoader(db);
  const steps = filedFormSteps({ db, now }, SUMMARY_FORM);

  const mayFile = (f: SummaryForm, unit: UnitRow) => f.owedTypes.has(unit.type as UnitType);

  async function unitView(actor: Actor, f: SummaryForm, unit: UnitRow): Promise<z.infer<typeof unitSummarySchema>> {
    const summary = await findSummary(db, f.campaign.id, unit.id);
    const status: SummaryStatus | null = summary?.status ?? null;
    const decides = summaryPolicy.decide(actor);
    return {
      unit: presentUnitRef(unit),
      sections: f.sections.map((s) => ({ key: s.key, name: s.name, hint: s.hint ?? null })),
      due: f.obligation?.due.toISOString() ?? null,
      obligationKey: f.obligation?.baseKey ?? null,
      limits: { sectionChars: MAX_SECTION_CHARS, mediaPicks: MAX_MEDIA_PICKS, captionChars: MAX_CAPTION_CHARS },
      summary: summary ? presentSummary(summary, await resolvePicks(db, summary.media)) : null,
      events: summary ? (await listSummaryEvents(db, summary.id)).map((e) => ({ ...e, action: e.action as SummaryAction })) : [],
      can: {
        edit: summaryPolicy.writeFor(actor, unit) && isSummaryEditable(status),
        decide: decides && status === 'submitted',
        reopen: decides && status === 'accepted',
        export: !!summary,
      },
    };
  }

  async function applicableUnit(f: SummaryForm, unit: UnitRow) {
    if (!mayFile(f, unit)) throw fail(400, 'summary.not_applicable', {}, 'unitId');
    return unit;
  }

  /** The unit's own photos and videos, and its sub-units', in this campaign: what it may pick from. */
  async function usableMedia(tx: Queryable, campaignId: number, unit: UnitRow, ids: readonly number[]) {
    const rows = await findMediaByIds(tx, ids);
    return new Map(rows.filter((m) => m.campaignId === campaignId && m.unit.path.startsWith(unit.path)).map((m) => [m.id, m]));
  }

  /** What the editor sent, sanitised and checked: every bad section and pick named in one 400. */
  async function judge(tx: Queryable, f: SummaryForm, unit: UnitRow, body: z.infer<typeof saveBody>, submit: boolean) {
    const sanitised = Object.fromEntries(Object.entries(body.sections).map(([k, html]) => [k, sanitizeRichText(html)]));
    const sections = checkSections(f.sections, sanitised);
    const picks: MediaPick[] = body.media.map((p) => ({ id: p.id, caption: p.caption?.trim() || null }));
    const pickErrors = checkPicks(picks, await usableMedia(tx, f.campaign.id, unit, picks.map((p) => p.id)));
    const errors: FieldError[] = [
      ...sections.errors.map((e) => fieldError(`sections.${e.key}`, SECTION_ERRORS[e.code], { max: MAX_SECTION_CHARS })),
      ...pickErrors.map((e) => fieldError(`media.${e.index}.id`, PICK_ERRORS[e.code])),
    ];
    if (!errors.length && submit && !hasContent(sections.sections)) errors.push(fieldError('sections', 'summary.empty'));
    if (errors.length) throw invalidFields(errors);
    return { sections: sections.sections, media: picks };
  }

  return {
    formOf,
    mayFile,

    async unitSummary(actor: Actor, campaignId: number, unitId: number) {
      const f = await formOf(campaignId);
      const unit = authorizeRead(actor, summaryPolicy.read, await findUnit(db, unitId));
      return unitView(actor, f, await applicableUnit(f, unit));
    },

    /** Saves a draft, or submits: the sanitised sections, the picks and the step, in one transaction. */
    async save(actor: Actor, campaignId: number, unitId: number, body: z.infer<typeof saveBody>, submit: boolean) {
      const f = await formOf(campaignId);
      // Who may write which unit is settled before the content is judged.
      const unit = authorizeWrite(actor, summaryPolicy.read, summaryPolicy.writeFor, await findUnit(db, unitId));
      if (!unit.active) throw fail(409, 'unit.inactive', {}, 'unitId');
      await applicableUnit(f, unit);
      await steps.save(actor, f, unit, {
        revision: body.revision,
        submit,
        step: (status) => summaryStep(status, submit ? 'submit' : 'save'),
        content: (tx) => judge(tx, f, unit, body, submit),
      });
      return unitView(actor, f, unit);
    },

    /** accept / return / reopen: the city office's decisions. */
    async decide(actor: Actor, campaignId: number, unitId: number, action: 'accept' | 'return' | 'reopen', comment?: string) {
      const f = await formOf(campaignId);
      const unit = authorizeWrite(actor, summaryPolicy.read, (a: Actor) => summaryPolicy.decide(a), await findUnit(db, unitId));
      await steps.decide(actor, f, unit, action, comment, (summary) => summaryStep(summary.status, action));
      return unitView(actor, f, unit);
    },

    /** The office's overview: every owing unit's status, completeness and timeliness, who is missing. */
    async list(campaignId: number, unitType?: UnitType): Promise<z.infer<typeof officeListSchema>> {
      const f = await formOf(campaignId);
      const units = (await listCampaignUnits(db, f.campaign, { activeOnly: true }))
        .filter((u) => mayFile(f, u) && (!unitType || u.type === unitType));
      const heads = new Map((await listSummaryHeads(db, campaignId)).map((s) => [s.unitId, s]));
      const rows = units.map((u) => {
        const s = heads.get(u.id);
        return {
          unit: presentUnitRef(u),
          status: s?.status ?? ('missing' as const),
          late: s?.late ?? false,
          firstSubmittedAt: s?.firstSubmittedAt ?? null,
          submittedAt: s?.submittedAt ?? null,
          media: s?.media.length ?? 0,
          updatedAt: s?.updatedAt ?? null,
        };
      });
      return {
        due: f.obligation?.due.toISOString() ?? null,
        rows,
        ...reportingOverview(rows, f.obligation?.due ?? null, TYPE_ORDER),
      };
    },
  };
}

export type SummaryService = ReturnType<typeof summaryService>;
