import type { z } from 'zod';
import type { AppDeps } from '../../context';
import { isUniqueViolation } from '../../db/errors';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { authorizeRead, authorizeWrite } from '../../auth/authorize';
import { liaisonPolicy } from '../../auth/policies/liaison.policy';
import { AppError, fail, fieldError, notFound, refuseImportErrors, type FieldError } from '../../http/errors';
import { translate, type MessageKey } from '../../http/messages';
import type { LiaisonField } from '../../../domain/campaign/campaign.schema';
import { cellError } from '../../formats/sheet-cells';
import type { UnitType } from '../../../domain/orgs/unit-type';
import {
  diffValues, MAX_VALUE_LENGTH, normaliseLiaisonValues, normalisePhoneValues, validateLiaisonValues, type LiaisonError, type LiaisonValues, type ValueChange,
} from '../../../domain/forms/liaison.rules';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { recordFulfilment } from '../obligations/obligation.service';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { readLiaisonSheet, writeLiaisonSheet, type LiaisonSheetRow } from '../../formats/liaison-sheet';
import { importedVersionIds, insertSubmission, latestVersion, listAllVersions, listVersions, type SubmissionRow } from './liaison.store';
import { parseChoices, refuseUnchosen } from '../forms/import-choices';
import { presentUnitRef, presentVersions } from './liaison.presenter';
import type { importPreviewSchema, officeListSchema, submitBody } from './liaison.schema';
import { listCampaignUnits } from '../campaigns/campaign.scope';

const ERROR_KEYS: Record<LiaisonError['code'], MessageKey> = {
  required: 'field.required',
  mobile: 'liaison.mobile',
  phone: 'liaison.phone',
  email: 'liaison.email',
  number: 'liaison.number',
  date: 'liaison.date',
  choice: 'liaison.choice',
  too_long: 'liaison.too_long',
  unknown_field: 'liaison.unknown_field',
};

function refuseClash(e: unknown): never {
  if (isUniqueViolation(e)) throw fail(409, 'liaison.conflict');
  throw e;
}

const errorText = (e: LiaisonError) => translate(ERROR_KEYS[e.code], { max: MAX_VALUE_LENGTH, part: e.part ?? '' });

const toFieldErrors = (errors: LiaisonError[]): FieldError[] =>
  errors.map((e) => fieldError(`values.${e.key}`, ERROR_KEYS[e.code], { max: MAX_VALUE_LENGTH, part: e.part ?? '' }));

/**
 * The form's refusal: each field error stays on `values.<key>` for the form to place, and the
 * headline names the first field by the label the user sees (分管领导联系电话), never by its key.
 */
function refuseValues(fields: readonly LiaisonField[], errors: LiaisonError[]): AppError {
  const labelOf = (key: string) => fields.find((f) => f.key === key)?.label ?? { zh: key, en: key };
  const first = errors[0]!;
  const label = labelOf(first.key);
  const t = errorText(first);
  return new AppError(400, 'request.invalid', `${label.zh}：${t.zh}`, `${label.en || label.zh}: ${t.en}`, toFieldErrors(errors));
}

/** The export's status column: an unfilled row reads 未填报, not as a form with empty answers. */
const LIAISON_STATUS_TEXT = { missing: '未填报', on_time: '已报送', late: '已报送（逾期）' } as const;

type ImportAction = 'create' | 'update' | 'unchanged' | 'error';

interface ImportPlanRow extends LiaisonSheetRow {
  unit: UnitRow | null;
  action: ImportAction;
  values: LiaisonValues;
  changes: ValueChange[];
  errors: FieldError[];
  /** The row would replace a version the unit filed itself (not an import): the office must choose. */
  ownSubmission: { version: number; note: { zh: string; en: string } } | null;
}

/** Names as typed in a cell: a stray space or line break inside a Chinese unit name is not a different unit. */
const squash = (s: string) => s.replace(/\s+/g, '');

function indexBy(units: UnitRow[], key: (u: UnitRow) => string) {
  const m = new Map<string, UnitRow[]>();
  for (const u of units) {
    const k = squash(key(u));
    const list = m.get(k) ?? [];
    list.push(u);
    m.set(k, list);
  }
  return m;
}

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
    return (await listCampaignUnits(db, f.campaign, { activeOnly: true }))
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

  type Form = Awaited<ReturnType<typeof formOf>>;

  const owes = (f: Form, unit: UnitRow) => !f.obligation || f.obligation.unitTypes.includes(unit.type as UnitType);

  /**
   * Writes one new version of a unit's form. The first version also fulfils the unit's
   * obligation; later versions only correct the form (the deadline was met, or not, once).
   */
  async function fileVersion(
    tx: Queryable, actor: Actor, f: Form, unitId: number, values: LiaisonValues, at: Date,
    action: 'liaison.submit' | 'liaison.import', auditExtra: Record<string, unknown> = {},
  ) {
    const campaignId = f.campaign.id;
    const previous = await latestVersion(tx, campaignId, unitId);
    const version = (previous?.version ?? 0) + 1;
    const late = f.obligation ? at.getTime() >= f.obligation.due.getTime() : false;
    const id = await insertSubmission(tx, { campaignId, unitId, version, values, submittedBy: actor.accountId, at, late });
    if (version === 1 && f.obligation) {
      await recordFulfilment(tx, {
        campaignId, unitId, obligationKey: f.obligation.baseKey, at,
        sourceType: 'liaison', sourceId: id, recordedBy: actor.accountId,
      }, at);
    }
    await audit(tx, actor, action, { type: 'liaison_submission', id }, {
      before: previous ? { version: previous.version, values: previous.values } : undefined,
      after: { campaignId, unitId, version, late, values, changes: diffValues(previous?.values ?? null, values), ...auditExtra },
    }, at);
    return { id, unitId, version, late, submittedAt: at.toISOString(), values };
  }

  /**
   * Decides, row by row, what importing a filled 附件1 would do; writes nothing. A row names its
   * unit by code (trusted first) or by name or short name among the units that owe the form.
   * A column the sheet lacks keeps the unit's current value: a clerk who deleted the 传真
   * column did not mean to clear every unit's fax.
   */
  async function planImport(campaignId: number, data: Buffer) {
    const f = await formOf(campaignId);
    const sheet = await readLiaisonSheet(data, f.fields);
    const units = await listCampaignUnits(db, f.campaign);
    const byCode = new Map(units.map((u) => [u.code, u]));
    const byName = indexBy(units, (u) => u.name);
    const byShortName = indexBy(units, (u) => u.short_name);
    const latest = new Map<number, SubmissionRow>();
    for (const s of await listAllVersions(db, campaignId)) latest.set(s.unitId, s);
    const missing = new Set(sheet.missingColumns);
    const imported = await importedVersionIds(db, [...latest.values()].map((s) => s.id));

    /** A message placed on the row's cell of `key` (a field, or 'unit' for the unit's columns). */
    const place = (field: string, key: string, row: number, message: { zh: string; en: string }): FieldError => {
      const c = sheet.columns.get(key) ?? (key === 'unit' ? sheet.columns.get('code') : undefined);
      return c ? cellError(field, row, c.col, c.header, message) : { field, message: message.zh, messageEn: message.en };
    };
    const unitError = (row: number, key: MessageKey, params: Record<string, string | number> = {}) => place('unit', 'unit', row, translate(key, params));
    const byAnyName = (name: string) => byName.get(name)?.[0] ?? byShortName.get(name)?.[0];

    const matchUnit = (r: LiaisonSheetRow): { unit: UnitRow } | { error: FieldError } => {
      if (r.unitCode) {
        const unit = byCode.get(r.unitCode);
        if (!unit) return { error: unitError(r.row, 'liaison.import_unit_unknown', { unit: r.unitCode }) };
        const name = squash(r.unitName);
        if (name && name !== squash(unit.name) && name !== squash(unit.short_name)) {
          // The name is another unit's, or no unit's: either way the row is refused, never guessed.
          const other = byAnyName(name);
          return other
            ? { error: unitError(r.row, 'import.code_name_other', { code: unit.code, codeName: unit.name, given: r.unitName, otherCode: other.code }) }
            : { error: unitError(r.row, 'liaison.import_unit_mismatch', { code: unit.code, name: unit.name, given: r.unitName }) };
        }
        return { unit };
      }
      const name = squash(r.unitName);
      if (!name) return { error: unitError(r.row, 'import.no_unit') };
      const eligible = (list: UnitRow[] | undefined) => (list ?? []).filter((u) => u.active && owes(f, u));
      const candidates = eligible(byName.get(name)).length ? eligible(byName.get(name)) : eligible(byShortName.get(name));
      if (candidates.length > 1) return { error: unitError(r.row, 'liaison.import_unit_ambiguous', { unit: r.unitName }) };
      // A unit that exists but owes no form is named as such below, not as unknown.
      const unit = candidates[0] ?? byAnyName(name);
      return unit ? { unit } : { error: unitError(r.row, 'liaison.import_unit_unknown', { unit: r.unitName }) };
    };

    const firstRowOf = new Map<number, number>();
    const rows = sheet.rows.map((r): ImportPlanRow => {
      const errors: FieldError[] = [];
      const matched = matchUnit(r);
      const unit = 'unit' in matched ? matched.unit : null;
      if ('error' in matched) errors.push(matched.error);
      else {
        const first = firstRowOf.get(matched.unit.id);
        if (first !== undefined) errors.push(unitError(r.row, 'field.duplicate_in_file', { row: first }));
        else if (!matched.unit.active) errors.push(unitError(r.row, 'unit.inactive'));
        else if (!owes(f, matched.unit)) errors.push(unitError(r.row, 'liaison.not_applicable'));
        if (first === undefined) firstRowOf.set(matched.unit.id, r.row);
      }
      errors.push(...r.problems);

      // The consolidated sheet lists units that have not filed yet with empty cells: nothing to import.
      const blank = !r.problems.length && Object.values(r.values).every((v) => v.trim() === '');
      const previous = unit ? latest.get(unit.id) : undefined;
      const kept = Object.fromEntries(Object.entries(previous?.values ?? {}).filter(([k]) => missing.has(k)));
      const values = blank ? (previous?.values ?? {}) : normalisePhoneValues(f.fields, normaliseLiaisonValues({ ...kept, ...r.values }));
      if (!blank && !r.problems.length) {
        for (const e of validateLiaisonValues(f.fields, values)) errors.push(place(`values.${e.key}`, e.key, r.row, errorText(e)));
      }
      const changes = blank || !unit ? [] : diffValues(previous?.values ?? null, values);

      let action: ImportAction;
      if (errors.length) action = 'error';
      else if (blank) action = 'unchanged';
      else if (!previous) action = 'create';
      else action = changes.length ? 'update' : 'unchanged';
      const ownSubmission = action === 'update' && previous && !imported.has(previous.id)
        ? { version: previous.version, note: translate('import.own_liaison', { version: previous.version }) }
        : null;
      return { ...r, unit, action, values, changes, errors, ownSubmission };
    });
    return { f, rows, missingColumns: sheet.missingColumns };
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

    /** Files a new version for the caller's unit, or for the unit the office names. */
    async submit(actor: Actor, campaignId: number, body: z.infer<typeof submitBody>) {
      const f = await formOf(campaignId);
      const values = normalisePhoneValues(f.fields, normaliseLiaisonValues(body.values));
      // Who may file for which unit is decided before the values are judged: a county never
      // learns another county's unit ids by trying them.
      const target = await findUnit(db, body.unitId ?? actor.unitId);
      const unit: UnitRow = authorizeWrite(actor, liaisonPolicy.read, liaisonPolicy.submitFor, target);
      if (f.obligation && !f.obligation.unitTypes.includes(unit.type as UnitType)) {
        throw fail(400, 'liaison.not_applicable', {}, 'unitId');
      }
      if (!unit.active) throw fail(409, 'unit.inactive', {}, 'unitId');
      const errors = validateLiaisonValues(f.fields, values);
      if (errors.length) throw refuseValues(f.fields, errors);

      return db.transaction().execute((tx) => fileVersion(tx, actor, f, unit.id, values, now(), 'liaison.submit')).catch(refuseClash);
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
        rows: rows.map((r) => ({ unitName: r.unit.name, values: r.values ?? {}, status: LIAISON_STATUS_TEXT[r.status] })),
      });
      return { data, filename: `${f.campaign.definition.identity.shortTitle.zh}联络员反馈表.xlsx`, code: f.campaign.code };
    },

    async importPreview(campaignId: number, data: Buffer): Promise<z.infer<typeof importPreviewSchema>> {
      const { f, rows, missingColumns } = await planImport(campaignId, data);
      const summary = { create: 0, update: 0, unchanged: 0, error: 0, ownSubmissions: 0 };
      for (const r of rows) {
        summary[r.action]++;
        if (r.ownSubmission) summary.ownSubmissions++;
      }
      return {
        fields: f.fields,
        missingColumns,
        rows: rows.map((r) => ({
          row: r.row, unitCode: r.unitCode, unitName: r.unitName, unit: r.unit ? presentUnitRef(r.unit) : null,
          action: r.action, values: r.values, changes: r.changes, errors: r.errors, ownSubmission: r.ownSubmission,
        })),
        summary,
      };
    },

    /**
     * Imports the sheet the preview showed, read again: every row or none. Each created or
     * updated row becomes a new version filed by the office, exactly as if submitted.
     */
    async importCommit(actor: Actor, campaignId: number, data: Buffer, choicesText?: string) {
      const choices = parseChoices(choicesText);
      const { f, rows } = await planImport(campaignId, data);
      refuseImportErrors(rows);
      refuseUnchosen(rows, choices);
      return db.transaction().execute(async (tx) => {
        const at = now();
        let created = 0;
        let updated = 0;
        let kept = 0;
        for (const r of rows) {
          if (!r.unit || (r.action !== 'create' && r.action !== 'update')) continue;
          if (r.ownSubmission && choices.get(r.row) === 'unit') { kept++; continue; }
          const filed = await fileVersion(tx, actor, f, r.unit.id, r.values, at, 'liaison.import', { row: r.row });
          if (filed.version === 1) created++;
          else updated++;
        }
        return { created, updated, kept };
      }).catch(refuseClash);
    },
  };
}

export type LiaisonService = ReturnType<typeof liaisonService>;
