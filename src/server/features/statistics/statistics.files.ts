import { PassThrough } from 'node:stream';
import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { statisticsPolicy } from '../../auth/policies/statistics.policy';
import { fail, fieldError, refuseImportErrors, type FieldError } from '../../http/errors';
import { unitTypeLabels, type UnitType } from '../../../domain/orgs/unit-type';
import { checkRules, completeValues, MAX_INDICATOR_VALUE, normaliseStatisticsValues, type StatisticsValues } from '../../../domain/forms/statistics.rules';
import { shanghaiDay } from '../../../domain/time';
import { statisticsStatusLabels } from '../../../domain/forms/statistics.workflow';
import { readStatisticsSheet, streamStatisticsSheet, writeStatisticsCsv, writeStatisticsSheet, type StatisticsSheetRow } from '../../formats/statistics-sheet';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { findReport, listReports } from './statistics.store';
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

function sheetInput(f: Form) {
  const info = formInfo(f);
  return { categories: info.categories, indicators: info.indicators };
}

export function statisticsFiles(deps: Pick<AppDeps, 'db' | 'now'>) {
  const { db, now } = deps;
  const stats = statisticsService(deps);

  /** The consolidated rows: each top unit, then a subtotal per unit type, then the total. */
  async function consolidatedRows(campaignId: number, unitType?: UnitType) {
    const f = await stats.formOf(campaignId);
    const r = await stats.rollup(campaignId, unitType);
    const rows: StatisticsSheetRow[] = [
      ...r.rows.map((x) => ({ kind: 'unit' as const, code: x.unit.code, name: x.unit.name, values: x.total })),
      ...r.subtotals.map((s) => ({ kind: 'subtotal' as const, code: null, name: `小计：${unitTypeLabels[s.type].zh}`, values: s.total })),
      { kind: 'total' as const, code: null, name: '合计', values: r.total },
    ];
    return { f, rows };
  }

  const filename = (f: Form, what: string, ext: string) => ({
    filename: `${f.def.identity.shortTitle.zh}${what}.${ext}`,
    ascii: `statistics-${f.campaign.code}.${ext}`,
  });

  /** Which unit a sheet row is: by code first, else by full or short name among the units that may file. */
  function matcher(units: UnitRow[]) {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const byName = new Map<string, UnitRow>();
    for (const u of units) {
      byName.set(u.name, u);
      if (!byName.has(u.short_name)) byName.set(u.short_name, u);
    }
    return (code: string | null, name: string) => (code ? byCode.get(code) : undefined) ?? byName.get(name);
  }

  async function preview(f: Form, data: Buffer) {
    const sheet = await readStatisticsSheet(data, f.stats.indicators);
    if (sheet.missingColumns.length === f.stats.indicators.length) {
      throw fail(400, 'import.header_missing', { columns: sheet.missingColumns.slice(0, 3).join('、') + '…' }, 'file');
    }
    const units = (await listCampaignUnits(db, f.campaign, { activeOnly: true }));
    const find = matcher(units);
    const reports = new Map((await listReports(db, f.campaign.id)).map((r) => [r.unitId, r]));
    const seen = new Map<number, number>();
    const rows: PreviewRow[] = [];
    for (const r of sheet.rows) {
      const errors: FieldError[] = r.errors.map((e) => fieldError(`values.${e.field}`, `statistics.${e.code}`, { max: MAX_INDICATOR_VALUE }));
      const unit = find(r.code, r.name);
      if (!unit) errors.unshift(fieldError('unit', 'statistics.unit_unknown', { name: r.code ?? r.name }));
      else if (seen.has(unit.id)) errors.unshift(fieldError('unit', 'statistics.unit_twice', { row: seen.get(unit.id)! }));
      else if (!(await stats.mayFile(db, f, unit))) errors.unshift(fieldError('unit', 'statistics.not_applicable'));
      if (unit && !seen.has(unit.id)) seen.set(unit.id, r.row);
      const report = unit ? reports.get(unit.id) : undefined;
      if (report?.status === 'accepted') errors.push(fieldError('unit', 'statistics.locked'));

      const raw: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(r.values)) if (!r.errors.some((e) => e.field === k)) raw[k] = v;
      const normalised = normaliseStatisticsValues(f.stats.indicators, raw);
      errors.push(...valueFieldErrors(normalised.errors));
      const values = completeValues(f.stats.indicators, normalised.values);
      // Hard rules hold for a sheet from the post as for a table typed in; soft ones are the office's call.
      for (const h of checkRules(f.stats.rules, values).filter((x) => x.severity === 'hard')) {
        errors.push({ field: `values.${h.indicator}`, message: h.message.zh, messageEn: h.message.en });
      }
      const before = report?.values ?? {};
      const changes = f.indicatorKeys
        .filter((k) => (before[k] ?? null) !== (values[k] ?? null))
        .map((k) => ({ key: k, before: before[k] ?? null, after: values[k] ?? null }));
      const settled = report && ['submitted', 'approved'].includes(report.status);
      const action = errors.length ? 'error' : !report ? 'create' : changes.length || !settled ? 'update' : 'unchanged';
      rows.push({ row: r.row, code: r.code, name: r.name, unit: unit ? presentUnitRef(unit) : null, action, changes, errors });
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
      const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
      for (const r of rows) summary[r.action]++;
      return { rows, missingColumns, summary };
    },

    /**
     * Writes what the preview showed, all rows or none. An imported table arrives as received
     * (submitted, or approved where the campaign asks for a unit's approval: the paper copy was
     * signed); the office still accepts it.
     */
    async importCommit(actor: Actor, campaignId: number, data: Buffer) {
      const f = await stats.formOf(campaignId);
      const { rows } = await preview(f, data);
      refuseImportErrors(rows);
      let created = 0;
      let updated = 0;
      await db.transaction().execute(async (tx) => {
        const at = now();
        for (const r of rows) {
          if (r.action !== 'create' && r.action !== 'update') continue;
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
      return { created, updated };
    },
  };
}
