import { PassThrough } from 'node:stream';
import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { statisticsPolicy } from '../../auth/policies/statistics.policy';
import { fail, refuseImportErrors, type FieldError } from '../../http/errors';
import { parseChoices, refuseUnchosen } from '../forms/import-choices';
import { translate, type MessageKey } from '../../http/messages';
import { cellError, problemMessage } from '../../formats/sheet-cells';
import { unitTypeLabels, type UnitType } from '../../../domain/orgs/unit-type';
import { checkRules, completeValues, MAX_INDICATOR_VALUE, normaliseStatisticsValues, type StatisticsValues } from '../../../domain/forms/statistics.rules';
import { shanghaiDay } from '../../../domain/time';
import { statisticsStatusLabels, type StatisticsStatus } from '../../../domain/forms/statistics.workflow';
import {
  readStatisticsSheet, streamStatisticsSheet, writeStatisticsCsv, writeStatisticsSheet, type StatisticsCellError, type StatisticsSheetRow,
} from '../../formats/statistics-sheet';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { findReport, listEvents, listReports, type ReportRow } from './statistics.store';
import { formInfo, statisticsService, valueFieldErrors, type Form } from './statistics.service';
import { presentUnitRef } from './statistics.presenter';
import type { importPreviewSchema } from './statistics.schema';
import { listCampaignUnits } from '../campaigns/campaign.scope';

/*
 * 附件2 in and out of Excel: the consolidated table and one unit's as the office prints them,
 * the consolidated CSV, and the import of filled sheets (one unit's or many) with a preview.
 */

type PreviewRow = z.infer<typeof importPreviewSchema>['rows'][number];

const titleOf = (f: Form) => `${f.def.identity.title.zh.replace(/(活动)?方案$/, '')}活动进展情况统计表`;

/** Names in a cell: a stray space or line break inside a Chinese unit name is not a different unit. */
const squash = (s: string) => s.replace(/\s+/g, '');

const statusText = (status: StatisticsStatus | undefined) => (status ? statisticsStatusLabels[status].zh : '未填报');

/** What the export prints for a unit's row: its roll-up when any table counts in it, else nothing (not 0). */
function exportedValues(x: { reports: number; total: StatisticsValues }): StatisticsValues {
  return x.reports > 0 ? x.total : {};
}

const COUNT_ERRORS: Partial<Record<StatisticsCellError['code'], MessageKey>> = {
  not_integer: 'statistics.not_integer', negative: 'statistics.negative', too_large: 'statistics.too_large',
  too_many_decimals: 'statistics.too_many_decimals',
};

function cellMessage(e: StatisticsCellError): { zh: string; en: string } {
  const key = COUNT_ERRORS[e.code];
  if (key) return translate(key, { max: MAX_INDICATOR_VALUE, decimals: e.decimals ?? 0 });
  if (e.code === 'not_number') return translate('sheet.not_number', { raw: e.raw });
  if (e.code === 'merged') return problemMessage({ code: 'merged', range: e.detail ?? '' });
  if (e.code === 'formula_no_value') return problemMessage({ code: 'formula_no_value', formula: e.detail ?? '' });
  if (e.code === 'error_value') return problemMessage({ code: 'error_value', raw: e.raw });
  return translate('sheet.blank');
}

function sheetInput(f: Form) {
  const info = formInfo(f);
  return { categories: info.categories, indicators: info.indicators };
}

export function statisticsFiles(deps: Pick<AppDeps, 'db' | 'now'>) {
  const { db, now } = deps;
  const stats = statisticsService(deps);

  /**
   * The consolidated rows: each top unit, then a subtotal per unit type, then the total. A unit
   * with no table counted in its row prints empty figures (not 0) and its status, so the sheet
   * shows who has not reported and reads back unchanged.
   */
  async function consolidatedRows(campaignId: number, unitType?: UnitType) {
    const f = await stats.formOf(campaignId);
    const r = await stats.rollup(campaignId, unitType);
    const statusOf = new Map((await listReports(db, campaignId)).map((x) => [x.unitId, x.status]));
    const rows: StatisticsSheetRow[] = [
      ...r.rows.map((x) => ({ kind: 'unit' as const, code: x.unit.code, name: x.unit.name, values: exportedValues(x), status: statusText(statusOf.get(x.unit.id)) })),
      ...r.subtotals.map((s) => ({ kind: 'subtotal' as const, code: null, name: `小计：${unitTypeLabels[s.type].zh}`, values: s.total })),
      { kind: 'total' as const, code: null, name: '合计', values: r.total },
    ];
    return { f, r, rows };
  }

  const filename = (f: Form, what: string, ext: string) => ({
    filename: `${f.def.identity.shortTitle.zh}${what}.${ext}`,
    ascii: `statistics-${f.campaign.code}.${ext}`,
  });

  /**
   * Which unit a sheet row is. A code names its unit, and a name given with it must be that
   * unit's (full or short): a name that is another unit's, or no unit's, refuses the row. Without
   * a code, the full name, else the short name, among the units that may file; never a guess.
   */
  function matcher(units: UnitRow[]) {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const byName = new Map<string, UnitRow[]>();
    const add = (k: string, u: UnitRow) => byName.set(k, [...(byName.get(k) ?? []), u]);
    for (const u of units) add(squash(u.name), u);
    const byShort = new Map<string, UnitRow[]>();
    for (const u of units) byShort.set(squash(u.short_name), [...(byShort.get(squash(u.short_name)) ?? []), u]);
    const named = (name: string) => byName.get(name) ?? byShort.get(name) ?? [];
    return (code: string | null, rawName: string): { unit: UnitRow } | { error: MessageKey; params: Record<string, string> } => {
      const name = squash(rawName);
      if (code) {
        const unit = byCode.get(code);
        if (!unit) return { error: 'statistics.unit_unknown', params: { name: code } };
        if (name && name !== squash(unit.name) && name !== squash(unit.short_name)) {
          const other = named(name)[0];
          return other
            ? { error: 'import.code_name_other', params: { code, codeName: unit.name, given: rawName, otherCode: other.code } }
            : { error: 'liaison.import_unit_mismatch', params: { code, name: unit.name, given: rawName } };
        }
        return { unit };
      }
      if (!name) return { error: 'import.no_unit', params: {} };
      const found = named(name);
      if (found.length > 1) return { error: 'liaison.import_unit_ambiguous', params: { unit: rawName } };
      return found[0] ? { unit: found[0] } : { error: 'statistics.unit_unknown', params: { name: rawName } };
    };
  }

  /** Whether the table's figures were last written by the unit itself (a save or submit), not by an import. */
  async function filedByUnit(report: ReportRow): Promise<boolean> {
    const last = (await listEvents(db, report.id)).find((e) => e.action === 'save' || e.action === 'submit' || e.action === 'import');
    return last !== undefined && last.action !== 'import';
  }

  async function preview(f: Form, data: Buffer) {
    const sheet = await readStatisticsSheet(data, f.stats.indicators);
    if (sheet.missingColumns.length === f.stats.indicators.length) {
      throw fail(400, 'import.header_missing', { columns: sheet.missingColumns.slice(0, 3).join('、') + '…' }, 'file');
    }
    const units = (await listCampaignUnits(db, f.campaign, { activeOnly: true }));
    const find = matcher(units);
    const reports = new Map((await listReports(db, f.campaign.id)).map((r) => [r.unitId, r]));
    const exported = new Map((await stats.rollup(f.campaign.id)).rows.map((x) => [x.unit.id, exportedValues(x)]));
    const present = f.stats.indicators.filter((i) => sheet.columns.has(i.key)).map((i) => i.key);
    const unitColumn = sheet.columns.get('unit')!;
    const seen = new Map<number, number>();
    const rows: PreviewRow[] = [];
    for (const r of sheet.rows) {
      const place = (field: string, col: number, header: string, message: { zh: string; en: string }) => cellError(field, r.row, col, header, message);
      const unitError = (key: MessageKey, params: Record<string, string | number> = {}) => place('unit', unitColumn.col, unitColumn.header, translate(key, params));
      const errors: FieldError[] = r.errors.map((e) => place(e.field === 'unit' ? 'unit' : `values.${e.field}`, e.col, e.header, cellMessage(e)));
      const matched = find(r.code, r.name);
      const unit = 'unit' in matched ? matched.unit : null;
      if ('error' in matched) errors.unshift(unitError(matched.error, matched.params));
      else if (seen.has(matched.unit.id)) errors.unshift(unitError('statistics.unit_twice', { row: seen.get(matched.unit.id)! }));
      else if (!(await stats.mayFile(db, f, matched.unit))) errors.unshift(unitError('statistics.not_applicable'));
      if (unit && !seen.has(unit.id)) seen.set(unit.id, r.row);
      const report = unit ? reports.get(unit.id) : undefined;
      const base = { row: r.row, code: r.code, name: r.name, unit: unit ? presentUnitRef(unit) : null, changes: [], ownSubmission: null };
      const skip = (key: MessageKey, action: 'unchanged' | 'skipped') => rows.push({ ...base, action, errors: [], note: translate(key) });

      // An accepted table is locked: its row is passed over with the reason, the file is not refused for it.
      if (unit && !errors.some((e) => e.field === 'unit') && report?.status === 'accepted') { skip('import.skipped_locked', 'skipped'); continue; }
      // Every figure blank: the unit has not filled the row (the export prints an unreported unit so). Nothing to import.
      if (unit && !r.errors.length && r.blank.length === present.length) { skip('import.skipped_unfilled', 'unchanged'); continue; }
      // Some figures filled, some blank: a blank is "not filled", never 0; the clerk says which.
      for (const k of r.blank) {
        const c = sheet.columns.get(k)!;
        errors.push(place(`values.${k}`, c.col, c.header, translate('sheet.blank')));
      }

      const raw: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(r.values)) if (v !== null) raw[k] = v;
      const normalised = normaliseStatisticsValues(f.stats.indicators, raw);
      errors.push(...valueFieldErrors(normalised.errors));
      const before = report?.values ?? {};
      // A column the sheet lacks keeps the table's figure.
      const values = completeValues(f.stats.indicators, { ...before, ...normalised.values });
      if (!errors.length) {
        // Hard rules hold for a sheet from the post as for a table typed in; soft ones are the office's call.
        for (const h of checkRules(f.stats.rules, values, f.stats.indicators).filter((x) => x.severity === 'hard')) {
          const c = sheet.columns.get(h.indicator);
          errors.push(c ? place(`values.${h.indicator}`, c.col, c.header, h.message) : { field: `values.${h.indicator}`, message: h.message.zh, messageEn: h.message.en });
        }
      }
      if (errors.length) { rows.push({ ...base, action: 'error', errors, note: null }); continue; }

      // The row as the platform exported it: the clerk did not change it.
      const shown = unit ? exported.get(unit.id) : undefined;
      const settled = report && ['submitted', 'approved'].includes(report.status);
      const same = (other: StatisticsValues | undefined) => other !== undefined && present.every((k) => (other[k] ?? null) === (normalised.values[k] ?? null));
      if (same(shown) || (settled && same(before))) { skip('import.skipped_unchanged', 'unchanged'); continue; }

      const changes = f.indicatorKeys
        .filter((k) => (before[k] ?? null) !== (values[k] ?? null))
        .map((k) => ({ key: k, before: before[k] ?? null, after: values[k] ?? null }));
      const own = report && (await filedByUnit(report)) ? { status: report.status, note: translate('import.own_submission', { status: statisticsStatusLabels[report.status].zh, statusEn: statisticsStatusLabels[report.status].en }) } : null;
      rows.push({ ...base, action: report ? 'update' : 'create', changes, errors: [], note: null, ownSubmission: own });
    }
    return { rows, missingColumns: sheet.missingColumns };
  }

  return {
    async exportConsolidated(campaignId: number, unitType?: UnitType) {
      const { f, rows } = await consolidatedRows(campaignId, unitType);
      const due = f.obligation ? `    截至：${shanghaiDay(now())}` : '';
      // Streamed to the client as it is zipped: the office's whole table never sits in memory as a file.
      const data = new PassThrough();
      streamStatisticsSheet({
        title: titleOf(f),
        subtitle: `${unitType ? `范围：${unitTypeLabels[unitType].zh}` : '范围：全部报送单位'}${due}`,
        ...sheetInput(f),
        withStatus: true,
        rows,
      }, data).catch((e: unknown) => data.destroy(e instanceof Error ? e : new Error(String(e))));
      return { data, ...filename(f, '活动进展情况统计表', 'xlsx') };
    },

    async exportCsv(campaignId: number, unitType?: UnitType) {
      const { f, rows } = await consolidatedRows(campaignId, unitType);
      return { data: writeStatisticsCsv({ indicators: f.stats.indicators, rows }), ...filename(f, '活动进展情况统计表', 'csv') };
    },

    /** One unit's own table, in the same layout as the consolidated one (so it imports back the same way). */
    async exportUnit(actor: Actor, campaignId: number, unitId: number) {
      const f = await stats.formOf(campaignId);
      const unit = authorizeRead(actor, statisticsPolicy.read, await findUnit(db, unitId));
      const report = await findReport(db, campaignId, unit.id);
      const values: StatisticsValues = report?.values ?? {};
      const data = await writeStatisticsSheet({
        title: titleOf(f),
        subtitle: `填报单位：${unit.name}    状态：${report ? statisticsStatusLabels[report.status].zh : '未填报'}`,
        ...sheetInput(f),
        rows: [{ kind: 'unit', code: unit.code, name: unit.name, values: Object.fromEntries(f.indicatorKeys.map((k) => [k, values[k] ?? null])) }],
      });
      return { data, ...filename(f, `活动进展情况统计表-${unit.short_name}`, 'xlsx') };
    },

    async importPreview(campaignId: number, data: Buffer): Promise<z.infer<typeof importPreviewSchema>> {
      const f = await stats.formOf(campaignId);
      const { rows, missingColumns } = await preview(f, data);
      const summary = { create: 0, update: 0, unchanged: 0, skipped: 0, error: 0, ownSubmissions: 0 };
      for (const r of rows) {
        summary[r.action]++;
        if (r.ownSubmission) summary.ownSubmissions++;
      }
      return { rows, missingColumns, summary };
    },

    /**
     * Writes what the preview showed, all rows or none. An imported table arrives as received
     * (submitted, or approved where the campaign asks for a unit's approval: the paper copy was
     * signed); the office still accepts it.
     */
    async importCommit(actor: Actor, campaignId: number, data: Buffer, choicesText?: string) {
      const f = await stats.formOf(campaignId);
      const choices = parseChoices(choicesText);
      const { rows } = await preview(f, data);
      refuseImportErrors(rows);
      // A row that would replace a unit's own filing is written only when the office chose so, row by row.
      refuseUnchosen(rows, choices);
      let created = 0;
      let updated = 0;
      let kept = 0;
      await db.transaction().execute(async (tx) => {
        const at = now();
        for (const r of rows) {
          if (r.action !== 'create' && r.action !== 'update') continue;
          if (r.ownSubmission && choices.get(r.row) === 'unit') { kept++; continue; }
          const unit = (await findUnit(tx, r.unit!.id))!;
          const report = await findReport(tx, campaignId, unit.id);
          const before = report?.values ?? {};
          const values = { ...before };
          for (const c of r.changes) if (c.after !== null) values[c.key] = c.after;
          await stats.writeStep(tx, actor, f, unit, report, {
            action: 'import',
            status: f.approvalTypes.has(unit.type as UnitType) ? 'approved' : 'submitted',
            content: { values: completeValues(f.stats.indicators, values), comments: report?.comments ?? {} },
            submits: true,
            returnComment: null,
            at,
          });
          if (report) updated++;
          else created++;
        }
      });
      return { created, updated, kept };
    },
  };
}
