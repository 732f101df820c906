import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { isCityAdmin } from '../../auth/actor';
import { authorizeRead, authorizeWrite } from '../../auth/authorize';
import { statisticsPolicy } from '../../auth/policies/statistics.policy';
import { AppError, fail, fieldError, invalidFields, notFound, type FieldError } from '../../http/errors';
import { translate, type MessageKey } from '../../http/messages';
import { unitTypes, type UnitType } from '../../../domain/orgs/unit-type';
import {
  addExact, checkOutliers, checkRules, completeValues, decimalsByKey, MAX_INDICATOR_VALUE, normaliseStatisticsValues, relevantComments, unexplained,
  type Finding, type StatisticsValues, type ValueError,
} from '../../../domain/forms/statistics.rules';
import { rollUp } from '../../../domain/forms/statistics.rollup';
import { isEditable, step, type StatisticsStatus, type WorkflowError } from '../../../domain/forms/statistics.workflow';
import { overrideFindings, overridesOf, withPrefill } from '../../../domain/activities/activity.rules';
import { campaignPrefills, unitPrefill } from '../activities/activity.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { filedFormSteps, reportingOverview, type FiledForm } from '../forms/form.service';
import { listFormHeads } from '../forms/form.store';
import { findUnit, unitsOnPath, type UnitRow } from '../orgs/unit.store';
import {
  findReport, insertReport, listEvents, listReportedFigures, listReports, updateReport, type ReportRow,
} from './statistics.store';
import { presentReport, presentUnitRef } from './statistics.presenter';
import type { officeListSchema, rollupSchema, saveBody, unitFormSchema } from './statistics.schema';
import { listCampaignUnits } from '../campaigns/campaign.scope';

const VALUE_ERRORS: Record<ValueError['code'], MessageKey> = {
  unknown_indicator: 'statistics.unknown_indicator',
  not_integer: 'statistics.not_integer',
  not_number: 'statistics.not_number',
  too_many_decimals: 'statistics.too_many_decimals',
  negative: 'statistics.negative',
  too_large: 'statistics.too_large',
};

type StatisticsContent = { values: StatisticsValues; comments: Record<string, string> };

const STATISTICS_FORM: FiledForm<StatisticsStatus, WorkflowError, StatisticsContent, ReportRow> = {
  table: 'statistics_reports',
  name: 'statistics',
  auditType: 'statistics_report',
  conflict: 'statistics.conflict',
  workflowErrors: {
    locked: 'statistics.locked',
    not_editable: 'statistics.not_editable',
    no_approval: 'statistics.no_approval',
    wrong_state: 'statistics.wrong_state',
  },
  find: findReport,
  insert: insertReport,
  update: updateReport,
  empty: { values: {}, comments: {} },
  auditBefore: (report) => ({ status: report.status, values: report.values }),
  auditContent: (c) => (c ? { values: c.values } : {}),
};

export const valueFieldErrors = (errors: ValueError[], prefix = 'values.'): FieldError[] =>
  errors.map((e) => fieldError(`${prefix}${e.key}`, VALUE_ERRORS[e.code], { max: MAX_INDICATOR_VALUE, decimals: e.decimals ?? 0 }));

/** Hard findings name their indicator; unexplained soft ones ask for a comment under their own key. */
function findingErrors(hard: Finding[], soft: Finding[]): AppError {
  const fields: FieldError[] = [
    ...hard.map((f) => ({ field: `values.${f.indicator}`, message: f.message.zh, messageEn: f.message.en })),
    ...soft.map((f) => ({
      field: `comments.${f.key}`,
      message: translate('statistics.comment_required', { finding: f.message.zh }).zh,
      messageEn: translate('statistics.comment_required', { finding: f.message.en }).en,
    })),
  ];
  const t = translate('statistics.findings');
  const first = fields[0]!;
  return new AppError(422, 'statistics.findings', `${t.zh}（${first.field}：${first.message}）`, `${t.en} (${first.field}: ${first.messageEn})`, fields);
}

/** The order of subtotals in the city table: as the plan addresses its units. */
const TYPE_ORDER = unitTypes.filter((t) => t !== 'city_office');

export type Form = Awaited<ReturnType<ReturnType<typeof formLoader>>>;

/** The campaign's statistics form and the obligation that says by when and for whom. */
export function formLoader(db: Queryable) {
  return async (campaignId: number) => {
    const c = await loadCampaignWithObligations(db, campaignId);
    if (!c) throw notFound();
    const def = c.record.definition;
    const stats = def.forms.statistics;
    const obligation = c.instances.find((i) => i.form === 'statistics');
    return {
      campaign: c.record,
      def,
      stats,
      obligation,
      owedTypes: new Set<UnitType>(obligation?.unitTypes ?? []),
      approvalTypes: new Set<UnitType>(stats.approval.unitTypes),
      indicatorKeys: stats.indicators.map((i) => i.key),
    };
  };
}

export function formInfo(f: Form) {
  return {
    categories: f.def.taskCategories.map((t) => ({ key: t.key, name: t.name, section: t.section })),
    indicators: f.stats.indicators,
    rules: f.stats.rules,
    due: f.obligation?.due.toISOString() ?? null,
    obligationKey: f.obligation?.baseKey ?? null,
    approvalUnitTypes: [...f.approvalTypes],
  };
}

export function statisticsService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  const formOf = formLoader(db);
  const steps = filedFormSteps({ db, now }, STATISTICS_FORM);

  /**
   * A unit files a table when its type owes one, or when it sits under a unit that does
   * (a county pushes the table down to its townships; their figures roll into the county's).
   */
  async function mayFile(tx: Queryable, f: Form, unit: UnitRow): Promise<boolean> {
    if (f.owedTypes.has(unit.type as UnitType)) return true;
    return (await unitsOnPath(tx, unit.path)).some((u) => u.id !== unit.id && f.owedTypes.has(u.type as UnitType));
  }

  async function findingsOf(tx: Queryable, f: Form, unit: UnitRow, values: StatisticsValues, prefill?: StatisticsValues): Promise<Finding[]> {
    const peers = await listReportedFigures(tx, f.campaign.id, { unitType: unit.type, exceptUnitId: unit.id });
    return [
      ...checkRules(f.stats.rules, values, f.stats.indicators),
      ...checkOutliers(f.stats.indicators, values, peers.map((p) => p.values), f.stats.outlier),
      ...overrideFindings(f.stats.indicators, values, prefill ?? (await unitPrefill(tx, f.campaign.id, unit.id))),
    ];
  }

  async function unitView(actor: Actor, f: Form, unit: UnitRow): Promise<z.infer<typeof unitFormSchema>> {
    const report = await findReport(db, f.campaign.id, unit.id);
    const status: StatisticsStatus | null = report?.status ?? null;
    const approvalRequired = f.approvalTypes.has(unit.type as UnitType);
    const below = (await listReportedFigures(db, f.campaign.id)).filter((r) => r.path.startsWith(unit.path) && r.unitId !== unit.id);
    const subTotal: StatisticsValues = {};
    const places = decimalsByKey(f.stats.indicators);
    for (const r of below) for (const k of f.indicatorKeys) subTotal[k] = addExact(subTotal[k] ?? 0, r.values[k] ?? 0, places[k] ?? 0);
    const canFill = statisticsPolicy.fillFor(actor, unit);
    const prefill = await unitPrefill(db, f.campaign.id, unit.id);
    return {
      ...formInfo(f),
      unit: presentUnitRef(unit),
      approvalRequired,
      report: report ? presentReport(report) : null,
      findings: report ? await findingsOf(db, f, unit, report.values, prefill) : [],
      events: report ? (await listEvents(db, report.id)).map((e) => ({ ...e, action: e.action as z.infer<typeof unitFormSchema>['events'][number]['action'] })) : [],
      subUnits: { reports: below.length, total: below.length ? subTotal : {} },
      prefill,
      overrides: report ? overridesOf(f.stats.indicators, report.values, prefill) : [],
      can: {
        edit: canFill && isEditable(status),
        approve: approvalRequired && status === 'submitted' && statisticsPolicy.approveFor(actor, unit),
        decide: statisticsPolicy.decide(actor) && status === (approvalRequired ? 'approved' : 'submitted'),
        reopen: statisticsPolicy.decide(actor) && status === 'accepted',
      },
    };
  }

  async function readableUnit(actor: Actor, unitId: number) {
    return authorizeRead(actor, statisticsPolicy.read, await findUnit(db, unitId));
  }

  /** The active units that owe the table, in the office's order. */
  async function participants(f: Form, unitType?: UnitType) {
    return (await listCampaignUnits(db, f.campaign, { activeOnly: true }))
      .filter((u) => f.owedTypes.has(u.type as UnitType) && (!unitType || u.type === unitType));
  }

  return {
    async form(campaignId: number) {
      return formInfo(await formOf(campaignId));
    },

    async unitForm(actor: Actor, campaignId: number, unitId: number) {
      const f = await formOf(campaignId);
      const unit = await readableUnit(actor, unitId);
      if (!(await mayFile(db, f, unit))) throw fail(400, 'statistics.not_applicable', {}, 'unitId');
      return unitView(actor, f, unit);
    },

    /** The findings on figures being typed, without writing anything. */
    async check(actor: Actor, campaignId: number, unitId: number, raw: Record<string, unknown>) {
      const f = await formOf(campaignId);
      const unit = await readableUnit(actor, unitId);
      const { values, errors } = normaliseStatisticsValues(f.stats.indicators, raw);
      if (errors.length) throw invalidFields(valueFieldErrors(errors));
      return { findings: await findingsOf(db, f, unit, values) };
    },

    /** Saves a draft, or submits: the figures, the explanations, and the step, in one transaction. */
    async save(actor: Actor, campaignId: number, unitId: number, body: z.infer<typeof saveBody>, submit: boolean) {
      const f = await formOf(campaignId);
      // Who may write which unit is settled before the figures are judged.
      const unit = authorizeWrite(actor, statisticsPolicy.read, statisticsPolicy.fillFor, await findUnit(db, unitId));
      if (!unit.active) throw fail(409, 'unit.inactive', {}, 'unitId');
      if (!(await mayFile(db, f, unit))) throw fail(400, 'statistics.not_applicable', {}, 'unitId');
      const normalised = normaliseStatisticsValues(f.stats.indicators, body.values);
      if (normalised.errors.length) throw invalidFields(valueFieldErrors(normalised.errors));
      const approvalRequired = f.approvalTypes.has(unit.type as UnitType);

      await steps.save(actor, f, unit, {
        revision: body.revision,
        submit,
        step: (status) => step(status, submit ? 'submit' : 'save', approvalRequired),
        content: async (tx) => {
          const prefill = await unitPrefill(tx, campaignId, unit.id);
          const values = submit ? completeValues(f.stats.indicators, withPrefill(normalised.values, prefill)) : normalised.values;
          const findings = await findingsOf(tx, f, unit, values, prefill);
          if (submit) {
            const hard = findings.filter((x) => x.severity === 'hard');
            const soft = unexplained(findings, body.comments);
            if (hard.length || soft.length) throw findingErrors(hard, soft);
          }
          return { values, comments: relevantComments(findings, body.comments) };
        },
      });
      return unitView(actor, f, unit);
    },

    /** approve (the unit's approver), accept / return / reopen (the office; the approver may return too). */
    async decide(actor: Actor, campaignId: number, unitId: number, action: 'approve' | 'accept' | 'return' | 'reopen', comment?: string) {
      const f = await formOf(campaignId);
      const rule = action === 'approve' ? statisticsPolicy.approveFor
        : action === 'return' ? statisticsPolicy.returnFor
          : (a: Actor) => statisticsPolicy.decide(a);
      const unit = authorizeWrite(actor, statisticsPolicy.read, rule, await findUnit(db, unitId));
      const approvalRequired = f.approvalTypes.has(unit.type as UnitType);
      await steps.decide(actor, f, unit, action, comment, (report) => {
        // The approver returns a table only while it is still within the unit.
        if (action === 'return' && !isCityAdmin(actor) && report.status !== 'submitted') throw fail(409, 'statistics.wrong_state');
        return step(report.status, action, approvalRequired);
      });
      return unitView(actor, f, unit);
    },

    /** The office's overview: every owing unit's status, completeness and timeliness, who is missing. */
    async list(campaignId: number, unitType?: UnitType): Promise<z.infer<typeof officeListSchema>> {
      const f = await formOf(campaignId);
      const units = await participants(f, unitType);
      const reports = new Map((await listReports(db, campaignId)).map((r) => [r.unitId, r]));
      const prefills = await campaignPrefills(db, campaignId);
      const rows = units.map((u) => {
        const r = reports.get(u.id);
        return {
          unit: presentUnitRef(u),
          status: r?.status ?? ('missing' as const),
          late: r?.late ?? false,
          firstSubmittedAt: r?.firstSubmittedAt ?? null,
          submittedAt: r?.submittedAt ?? null,
          explained: r ? Object.keys(r.comments).length : 0,
          overrides: r ? overridesOf(f.stats.indicators, r.values, prefills.get(u.id) ?? {}).length : 0,
        };
      });
      return {
        due: f.obligation?.due.toISOString() ?? null,
        rows,
        ...reportingOverview(rows, f.obligation?.due ?? null, TYPE_ORDER),
      };
    },

    /** The city table: each top unit with its sub-units' figures, subtotals per type, the total. */
    async rollup(campaignId: number, unitType?: UnitType): Promise<z.infer<typeof rollupSchema>> {
      const f = await formOf(campaignId);
      return rollupOf(f, await participants(f, unitType));
    },

    formOf,
    participants,
    mayFile,
    writeStep: steps.writeStep,
    findingsOf,
  };

  async function rollupOf(f: Form, rowUnits: UnitRow[]): Promise<z.infer<typeof rollupSchema>> {
    const figures = await listReportedFigures(db, f.campaign.id);
    const reported = new Map(figures.map((r) => [r.unitId, r.values]));
    // Every table's status, the returned ones included: the row says why its figures are not counted.
    const statusOf = new Map((await listFormHeads(db, 'statistics_reports', f.campaign.id)).map((r) => [r.unitId, r.status]));
    const reportedPaths = new Map(figures.map((r) => [r.unitId, r.path]));
    const r = rollUp({
      rowUnits: rowUnits.map((u) => ({ ...u, type: u.type as UnitType })),
      reported, reportedPaths, indicatorKeys: f.indicatorKeys, decimals: decimalsByKey(f.stats.indicators), typeOrder: TYPE_ORDER,
    });
    const info = formInfo(f);
    return {
      categories: info.categories,
      indicators: info.indicators,
      rows: r.rows.map((x) => ({ unit: presentUnitRef(x.unit), status: statusOf.get(x.unit.id) ?? 'missing', reports: x.reports, total: x.total })),
      subtotals: r.subtotals,
      total: r.total,
      reports: r.reports,
    };
  }
}

export type StatisticsService = ReturnType<typeof statisticsService>;
