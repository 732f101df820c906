import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { obligationPolicy } from '../../auth/policies/obligation.policy';
import { fail, notFound } from '../../http/errors';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { coverageStatus, obligationStatus, type ObligationInstance } from '../../../domain/obligations/obligation.rules';
import type { ObligationForm } from '../../../domain/campaign/campaign.schema';
import { formObligationStatus, type FiledFormHead } from '../../../domain/forms/reporting';
import { listFormHeads, type FormTable } from '../forms/form.store';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { insertFulfilment, listFulfilments, type FulfilmentRecord } from './obligation.store';
import type { recordFulfilmentBody, todoItemSchema } from './obligation.schema';
import { listCampaignUnits } from '../campaigns/campaign.scope';

/**
 * What other features call when a unit files something that an obligation counts
 * (the liaison form, the statistics table, a violation lead), inside their own transaction.
 */
export const recordFulfilment = (tx: Queryable, f: FulfilmentRecord, now: Date) => insertFulfilment(tx, f, now);

const unitRef = (u: UnitRow) => ({ id: u.id, code: u.code, name: u.name, shortName: u.short_name, type: u.type as UnitType });

type Instants = Map<string, { at: Date; sourceId: string | null }[]>; // `${unitId}:${baseKey}` → records

function indexFulfilments(rows: { unit_id: number; obligation_key: string; fulfilled_at: string; source_id: string | null }[]): Instants {
  const m: Instants = new Map();
  for (const r of rows) {
    const k = `${r.unit_id}:${r.obligation_key}`;
    const list = m.get(k) ?? [];
    list.push({ at: new Date(r.fulfilled_at), sourceId: r.source_id });
    m.set(k, list);
  }
  return m;
}

/** `${form}:${unitId}` → the unit's filed form, for the forms with a return step (statistics table, summary). */
type FormHeads = Map<string, FiledFormHead>;

const FORM_TABLES: Partial<Record<ObligationForm, FormTable>> = { statistics: 'statistics_reports', summary: 'summaries' };

async function formHeads(db: Queryable, campaignId: number, instances: readonly ObligationInstance[], unitIds?: number[]): Promise<FormHeads> {
  const m: FormHeads = new Map();
  const forms = new Set(instances.flatMap((i) => (i.kind === 'form' && i.form && FORM_TABLES[i.form] ? [i.form] : [])));
  for (const form of forms) {
    for (const h of await listFormHeads(db, FORM_TABLES[form]!, campaignId)) {
      if (!unitIds || unitIds.includes(h.unitId)) m.set(`${form}:${h.unitId}`, h);
    }
  }
  return m;
}

function statusOf(inst: ObligationInstance, unitId: number, instants: Instants, now: Date, dueSoonDays: number, forms: FormHeads): ReturnType<typeof obligationStatus> & { missing?: string[] } {
  const s = baseStatusOf(inst, unitId, instants, now, dueSoonDays);
  // A filed form out for correction is not done, whatever its fulfilment says (reporting.ts).
  return inst.kind === 'form' && inst.form ? { ...s, status: formObligationStatus(s.status, forms.get(`${inst.form}:${unitId}`)) } : s;
}

function baseStatusOf(inst: ObligationInstance, unitId: number, instants: Instants, now: Date, dueSoonDays: number): ReturnType<typeof obligationStatus> & { missing?: string[] } {
  const all = instants.get(`${unitId}:${inst.baseKey}`) ?? [];
  if (inst.kind === 'coverage') {
    // A coverage record names its task category in its source id.
    const fulfilments = all.flatMap((r) => (r.sourceId !== null ? [{ category: r.sourceId, at: r.at }] : []));
    return coverageStatus({ due: inst.due, categories: inst.categories ?? [], fulfilments, now, dueSoonDays });
  }
  // A quota counts only the records inside its window (a month, or the Tour).
  const counted = all.map((r) => r.at).filter((d) => (!inst.windowStart || d >= inst.windowStart) && (!inst.windowEnd || d < inst.windowEnd));
  return obligationStatus({ due: inst.due, minCount: inst.minCount, fulfilments: counted, now, dueSoonDays });
}

export function obligationService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  async function campaignOf(id: number) {
    const c = await loadCampaignWithObligations(db, id);
    if (!c) throw notFound();
    const categoryNames = new Map(c.record.definition.taskCategories.map((t) => [t.key, t.name]));
    return { campaign: c.record, instances: c.instances, dueSoonDays: c.record.definition.reminders.dueSoonDays, categoryNames };
  }

  return {
    /** A unit's to-do list: every obligation the campaign puts on its type, with its status now. */
    async todo(actor: Actor, campaignId: number, unitId?: number) {
      const { instances, dueSoonDays, categoryNames } = await campaignOf(campaignId);
      const unit = authorizeRead(actor, obligationPolicy.readUnit, await findUnit(db, unitId ?? actor.unitId));
      const instants = indexFulfilments(await listFulfilments(db, campaignId, [unit.id]));
      const forms = await formHeads(db, campaignId, instances, [unit.id]);
      const at = now();
      const items: z.infer<typeof todoItemSchema>[] = instances
        .filter((i) => i.unitTypes.includes(unit.type as UnitType))
        .map((i) => {
          const s = statusOf(i, unit.id, instants, at, dueSoonDays, forms);
          return {
            key: i.key, name: i.name, description: i.description, section: i.section, kind: i.kind, form: i.form,
            due: i.due.toISOString(), status: s.status, fulfilledAt: s.fulfilledAt?.toISOString() ?? null,
            count: s.count, minCount: i.minCount, targetCount: i.targetCount,
            ...(s.missing && { missing: s.missing.map((key) => ({ key, name: categoryNames.get(key) ?? { zh: key, en: key } })) }),
          };
        })
        .sort((a, b) => a.due.localeCompare(b.due));
      return { unit: unitRef(unit), items };
    },

    /** The office's matrix unit × obligation, with completion per obligation. */
    async matrix(campaignId: number, unitType?: UnitType) {
      const { campaign, instances, dueSoonDays } = await campaignOf(campaignId);
      const owed = new Set(instances.flatMap((i) => i.unitTypes));
      const units = (await listCampaignUnits(db, campaign, { activeOnly: true }))
        .filter((u) => owed.has(u.type as UnitType) && (!unitType || u.type === unitType));
      const instants = indexFulfilments(await listFulfilments(db, campaignId));
      const forms = await formHeads(db, campaignId, instances);
      const at = now();
      const summary: Record<string, { applicable: number; done: number; onTime: number; overdue: number }> = {};
      for (const i of instances) summary[i.key] = { applicable: 0, done: 0, onTime: 0, overdue: 0 };
      const rows = units.map((u) => {
        const cells: Record<string, { status: ReturnType<typeof obligationStatus>['status']; fulfilledAt: string | null; count: number } | null> = {};
        for (const i of instances) {
          if (!i.unitTypes.includes(u.type as UnitType)) { cells[i.key] = null; continue; }
          const s = statusOf(i, u.id, instants, at, dueSoonDays, forms);
          cells[i.key] = { status: s.status, fulfilledAt: s.fulfilledAt?.toISOString() ?? null, count: s.count };
          const sum = summary[i.key]!;
          sum.applicable++;
          if (s.status === 'done_on_time' || s.status === 'done_late') sum.done++;
          if (s.status === 'done_on_time') sum.onTime++;
          if (s.status === 'overdue') sum.overdue++;
        }
        return { unit: unitRef(u), cells };
      });
      return {
        obligations: instances.map((i) => ({ key: i.key, name: i.name, due: i.due.toISOString() })),
        rows,
        summary,
      };
    },

    /** The office records a submission it received outside the platform (by mail, on paper). */
    async recordOffline(actor: Actor, campaignId: number, key: string, body: z.infer<typeof recordFulfilmentBody>) {
      const { instances } = await campaignOf(campaignId);
      const inst = instances.find((i) => i.key === key || i.baseKey === key);
      if (!inst) throw fail(404, 'obligation.unknown', { key }, 'key');
      return db.transaction().execute(async (tx) => {
        const unit = await findUnit(tx, body.unitId);
        if (!unit) throw fail(400, 'unit.missing', {}, 'unitId');
        if (!inst.unitTypes.includes(unit.type as UnitType)) throw fail(400, 'obligation.not_applicable', {}, 'unitId');
        // A coverage record counts for one task category, which it must name; other records name none.
        if (inst.kind === 'coverage' ? !body.category || !inst.categories?.includes(body.category) : body.category !== undefined) {
          throw fail(400, inst.kind === 'coverage' ? 'obligation.category_required' : 'obligation.no_category', {}, 'category');
        }
        const at = now();
        const id = await recordFulfilment(tx, {
          campaignId, unitId: unit.id, obligationKey: inst.baseKey, at: body.at ? new Date(body.at) : at,
          sourceType: 'offline', sourceId: body.category ?? null, note: body.note, recordedBy: actor.accountId,
        }, at);
        await audit(tx, actor, 'obligation.fulfil', { type: 'obligation_fulfilment', id }, {
          after: { campaignId, unitId: unit.id, key: inst.baseKey, at: body.at ?? at.toISOString(), note: body.note, ...(body.category && { category: body.category }) },
        }, at);
        return { id };
      });
    },
  };
}
