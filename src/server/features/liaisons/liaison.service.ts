import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { authorizeRead, authorizeWrite } from '../../auth/authorize';
import { liaisonPolicy } from '../../auth/policies/liaison.policy';
import { fail, fieldError, invalidFields, notFound, type FieldError } from '../../http/errors';
import type { MessageKey } from '../../http/messages';
import type { UnitType } from '../../../domain/orgs/unit-type';
import {
  diffValues, MAX_VALUE_LENGTH, normaliseLiaisonValues, validateLiaisonValues, type LiaisonError,
} from '../../../domain/forms/liaison.rules';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { recordFulfilment } from '../obligations/obligation.service';
import { findUnit, listUnits, type UnitRow } from '../orgs/unit.store';
import { writeLiaisonSheet } from '../../formats/liaison-sheet';
import { insertSubmission, latestVersion, listAllVersions, listVersions, type SubmissionRow } from './liaison.store';
import { presentUnitRef, presentVersions } from './liaison.presenter';
import type { officeListSchema, submitBody } from './liaison.schema';

const ERROR_KEYS: Record<LiaisonError['code'], MessageKey> = {
  required: 'field.required',
  mobile: 'liaison.mobile',
  phone: 'liaison.phone',
  email: 'liaison.email',
  too_long: 'liaison.too_long',
  unknown_field: 'liaison.unknown_field',
};

/** Two submissions racing for the same version: the unique index refuses the second (SQLite or PostgreSQL). */
function isVersionClash(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const toFieldErrors = (errors: LiaisonError[]): FieldError[] =>
  errors.map((e) => fieldError(`values.${e.key}`, ERROR_KEYS[e.code], { max: MAX_VALUE_LENGTH }));

export function liaisonService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  /** The campaign's form: its fields and the obligation (form 'liaison') that says by when and for whom. */
  async function formOf(campaignId: number) {
    const c = await loadCampaignWithObligations(db, campaignId);
    if (!c) throw notFound();
    const obligation = c.instances.find((i) => i.form === 'liaison');
    return { campaign: c.record, fields: c.record.definition.forms.liaison.fields, obligation };
  }

  const formInfo = (f: Awaited<ReturnType<typeof formOf>>) => ({
    fields: f.fields,
    due: f.obligation?.due.toISOString() ?? null,
    obligationKey: f.obligation?.baseKey ?? null,
  });

  /** The active units that owe the form, in the office's order (sort order, then code). */
  async function participants(f: Awaited<ReturnType<typeof formOf>>, unitType?: UnitType) {
    const types = new Set(f.obligation?.unitTypes ?? []);
    return (await listUnits(db, { kind: 'all' }, { activeOnly: true }))
      .filter((u) => types.has(u.type as UnitType) && (!unitType || u.type === unitType));
  }

  /** One row per participating unit, with its status judged by its first submission. */
  async function officeRows(campaignId: number, unitType?: UnitType) {
    const f = await formOf(campaignId);
    const units = await participants(f, unitType);
    const byUnit = new Map<number, SubmissionRow[]>();
    for (const s of await listAllVersions(db, campaignId)) {
      const list = byUnit.get(s.unitId) ?? [];
      list.push(s);
      byUnit.set(s.unitId, list);
    }
    const rows = units.map((u) => {
      const versions = byUnit.get(u.id) ?? [];
      const first = versions[0];
      const last = versions[versions.length - 1];
      return {
        unit: presentUnitRef(u),
        status: !first ? ('missing' as const) : first.late ? ('late' as const) : ('on_time' as const),
        version: last?.version ?? null,
        firstSubmittedAt: first?.submittedAt ?? null,
        submittedAt: last?.submittedAt ?? null,
        values: last?.values ?? null,
      };
    });
    return { f, rows };
  }

  return {
    /** A unit's form: the fields, the current version and the history (newest first). */
    async mine(actor: Actor, campaignId: number, unitId?: number) {
      const f = await formOf(campaignId);
      const unit = authorizeRead(actor, liaisonPolicy.read, await findUnit(db, unitId ?? actor.unitId));
      const versions = presentVersions(await listVersions(db, campaignId, unit.id));
      return { ...formInfo(f), unit: presentUnitRef(unit), current: versions[0] ?? null, versions };
    },

    async history(actor: Actor, campaignId: number, unitId: number) {
      await formOf(campaignId);
      const unit = authorizeRead(actor, liaisonPolicy.read, await findUnit(db, unitId));
      return { unit: presentUnitRef(unit), versions: presentVersions(await listVersions(db, campaignId, unit.id)) };
    },

    /**
     * Files a new version. The first version of a unit also fulfils its obligation, in the same
     * transaction; later versions only correct the form (the deadline was met, or not, once).
     */
    async submit(actor: Actor, campaignId: number, body: z.infer<typeof submitBody>) {
      const f = await formOf(campaignId);
      const values = normaliseLiaisonValues(body.values);
      // Who may file for which unit is decided before the values are judged: a county never
      // learns another county's unit ids by trying them.
      const target = await findUnit(db, body.unitId ?? actor.unitId);
      const unit: UnitRow = authorizeWrite(actor, liaisonPolicy.read, liaisonPolicy.submitFor, target);
      if (f.obligation && !f.obligation.unitTypes.includes(unit.type as UnitType)) {
        throw fail(400, 'liaison.not_applicable', {}, 'unitId');
      }
      if (!unit.active) throw fail(409, 'unit.inactive', {}, 'unitId');
      const errors = validateLiaisonValues(f.fields, values);
      if (errors.length) throw invalidFields(toFieldErrors(errors));

      return db.transaction().execute(async (tx) => {
        const at = now();
        const previous = await latestVersion(tx, campaignId, unit.id);
        const version = (previous?.version ?? 0) + 1;
        const late = f.obligation ? at.getTime() >= f.obligation.due.getTime() : false;
        const id = await insertSubmission(tx, { campaignId, unitId: unit.id, version, values, submittedBy: actor.accountId, at, late });
        if (version === 1 && f.obligation) {
          await recordFulfilment(tx, {
            campaignId, unitId: unit.id, obligationKey: f.obligation.baseKey, at,
            sourceType: 'liaison', sourceId: id, recordedBy: actor.accountId,
          }, at);
        }
        await audit(tx, actor, 'liaison.submit', { type: 'liaison_submission', id }, {
          before: previous ? { version: previous.version, values: previous.values } : undefined,
          after: { campaignId, unitId: unit.id, version, late, values, changes: diffValues(previous?.values ?? null, values) },
        }, at);
        return { id, unitId: unit.id, version, late, submittedAt: at.toISOString(), values };
      }).catch((e: unknown) => {
        if (isVersionClash(e)) throw fail(409, 'liaison.conflict');
        throw e;
      });
    },

    /** The office's overview: every participating unit, missing / on time / late. */
    async list(campaignId: number, unitType?: UnitType): Promise<z.infer<typeof officeListSchema>> {
      const { f, rows } = await officeRows(campaignId, unitType);
      const summary = { total: rows.length, missing: 0, onTime: 0, late: 0 };
      for (const r of rows) {
        if (r.status === 'missing') summary.missing++;
        else if (r.status === 'on_time') summary.onTime++;
        else summary.late++;
      }
      return { ...formInfo(f), rows, summary };
    },

    /** The consolidated 附件1 as the office sends it on: one row per participating unit. */
    async exportSheet(campaignId: number, unitType?: UnitType) {
      const { f, rows } = await officeRows(campaignId, unitType);
      const data = await writeLiaisonSheet({
        title: `${f.campaign.definition.identity.title.zh.replace(/方案$/, '')}联络员反馈表`,
        fields: f.fields,
        rows: rows.map((r) => ({ unitName: r.unit.name, values: r.values ?? {} })),
      });
      return { data, filename: `${f.campaign.definition.identity.shortTitle.zh}联络员反馈表.xlsx`, code: f.campaign.code };
    },
  };
}

export type LiaisonService = ReturnType<typeof liaisonService>;
