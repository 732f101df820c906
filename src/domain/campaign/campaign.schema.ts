import { z } from 'zod';
import { roles } from '../accounts/roles';
import { textSchema } from '../text';
import { unitTypeSchema } from '../orgs/unit-type';
import { isDay } from '../time';
import { ruleTerms } from '../forms/indicator';

/*
 * A campaign is data. Everything that is particular to one city and one year (dates, categories,
 * units, obligations, the statistics table) lives in a YAML definition validated here, so next
 * year's campaign is a copied file, not a code change.
 */

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export const daySchema = z.string().refine(isDay, { error: 'invalid date' });

/** Identifiers that code and URLs refer to; snake_case so they double as spreadsheet column ids. */
export const keySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'key must be snake_case (a-z, 0-9, _)' });

export const campaignCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'code must be a lowercase slug, e.g. kunming-2022' });

/** Unit codes are GB/T 2260 division codes for counties, and office-assigned codes otherwise. */
export const unitCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, { error: 'unit code must be letters, digits and -' });

const nonEmpty = z.string().trim().min(1, 'required');

const personSchema = z.strictObject({ name: nonEmpty, position: textSchema });

const namedSchema = z.strictObject({ key: keySchema, name: textSchema });

const periodSchema = z.strictObject({
  key: keySchema,
  name: textSchema,
  start: daySchema,
  end: daySchema,
  section: nonEmpty,
});

const milestoneSchema = z.strictObject({
  key: keySchema,
  name: textSchema,
  date: daySchema,
  // The plan says "6月16日前后": units plan around the date, nothing is late against it.
  approximate: z.boolean().default(false),
  place: textSchema.optional(),
  description: textSchema.optional(),
  section: nonEmpty,
});

/**
 * A form an activity may take (公开课, 应急演练 …) and what one activity of that form adds to the
 * statistics table: 1 to each `counts` indicator, its participant number to `participants`.
 */
const activityFormSchema = z.strictObject({
  key: keySchema,
  name: textSchema,
  counts: z.array(keySchema).optional(),
  participants: keySchema.optional(),
});

const taskCategorySchema = z.strictObject({
  key: keySchema,
  period: keySchema,
  section: nonEmpty,
  name: textSchema,
  summary: textSchema,
  forms: z.array(activityFormSchema).min(1),
});

const participantGroupSchema = z.strictObject({
  key: keySchema,
  name: textSchema,
  unitTypes: z.array(unitTypeSchema).min(1),
});

const unitSchema = z.strictObject({
  code: unitCodeSchema,
  name: nonEmpty,
  shortName: nonEmpty,
  type: unitTypeSchema,
  parent: unitCodeSchema.optional(),
});

export const obligationKinds = ['form', 'quota', 'coverage'] as const;
/** Records the platform itself counts toward a quota; a quota without one is recorded by the office. */
export const quotaRecords = ['violation_leads', 'typical_cases'] as const;
export const obligationForms = ['liaison', 'statistics', 'summary', 'material'] as const;

const obligationSchema = z.strictObject({
  key: keySchema,
  name: textSchema,
  description: textSchema.optional(),
  section: nonEmpty,
  appliesTo: z.array(keySchema).min(1),
  kind: z.enum(obligationKinds),
  form: z.enum(obligationForms).optional(),
  due: daySchema.optional(),
  minCount: z.int().min(1).default(1),
  targetCount: z.int().min(1).optional(),
  window: keySchema.optional(),
  recurrence: z.literal('monthly').optional(),
  opensOn: daySchema.optional(),
  // kind coverage: the task categories that each need an accepted activity (coverageCategoryKeys).
  categories: z.array(keySchema).min(1).optional(),
  // kind quota: which records the platform counts toward it by itself (a unit's violation leads).
  counts: z.enum(quotaRecords).optional(),
});

/** number: a figure (digits, an optional decimal point, a sign); date: YYYY-MM-DD; choice: one of `options`. */
export const liaisonFieldTypes = ['text', 'mobile', 'phone', 'email', 'number', 'date', 'choice'] as const;

const liaisonFieldSchema = z.strictObject({
  key: keySchema,
  label: textSchema,
  type: z.enum(liaisonFieldTypes),
  required: z.boolean(),
  group: z.enum(['liaison', 'leader']),
  // type choice: what may be picked; the value stored is the option's Chinese label.
  options: z.array(textSchema).min(1).max(50).optional(),
});

/**
 * What an indicator holds: `integer` (a count, the default when `type` is left out), `decimal`
 * (`decimals` places, 2 unless given) or `money` (an amount in the unit its `measure` names, e.g.
 * 万元, 2 places unless given). `allowNegative` lets a figure go below zero (a balance); counts never do.
 */
export const indicatorTypes = ['integer', 'decimal', 'money'] as const;
export const MAX_INDICATOR_DECIMALS = 4;

const indicatorSchema = z.strictObject({
  key: keySchema,
  category: keySchema,
  label: textSchema,
  measure: textSchema,
  type: z.enum(indicatorTypes).optional(),
  decimals: z.int().min(1).max(MAX_INDICATOR_DECIMALS).optional(),
  allowNegative: z.boolean().optional(),
});

export const ruleOps = ['<=', '>=', '<', '>', '='] as const;

/** One indicator, or a sum of indicators (`[a, b]` reads a + b). */
const ruleSideSchema = z.union([keySchema, z.array(keySchema).min(1).max(50)]);

const ruleSchema = z.strictObject({
  key: keySchema,
  // A hard rule blocks submission (the figures cannot both be true); a soft one asks the unit to confirm.
  severity: z.enum(['hard', 'soft']),
  left: ruleSideSchema,
  op: z.enum(ruleOps),
  right: ruleSideSchema,
  message: textSchema,
});

const summarySectionSchema = z.strictObject({
  key: keySchema,
  name: textSchema,
  // What the plan asks the unit to write here, shown beside the editor.
  hint: textSchema.optional(),
});

const outlierSchema = z.strictObject({
  factorOverPeerMedian: z.number().gt(1).default(10),
  minPeers: z.int().min(1).default(3),
});

/*
 * Public reports and violation leads (§六): what a citizen may report, and the time limits in the
 * spirit of the 12350 rules — accept within 5 working days, verify within 15, rectify within 30
 * calendar days unless the handler sets another — counted on the campaign's own working calendar.
 */
const DEFAULT_CASE_CATEGORIES = [
  ['hazardous_chemicals', '危险化学品', 'Hazardous chemicals'],
  ['gas_safety', '燃气安全', 'Gas safety'],
  ['illegal_mining', '非法违法采矿', 'Illegal mining'],
  ['construction_subcontracting', '建筑施工违法分包转包', 'Illegal subcontracting in construction'],
  ['water_traffic', '水上交通', 'Water traffic'],
  ['labour_dispatch', '化工和矿山违规使用劳务派遣', 'Illegal labour dispatch in chemicals and mining'],
  ['other_major_hazard', '其他重大隐患', 'Other major hazard'],
  ['other_illegal_act', '其他违法行为', 'Other illegal act'],
] as const;

const casesSchema = z.strictObject({
  categories: z.array(namedSchema).min(1),
  deadlines: z.strictObject({
    acceptWorkingDays: z.int().min(1).max(60),
    verifyWorkingDays: z.int().min(1).max(120),
    rectifyDays: z.int().min(1).max(365),
  }),
  // Public holidays off, and the weekend days worked in exchange (调休).
  calendar: z.strictObject({ holidays: z.array(daySchema), workdays: z.array(daySchema) }),
});

const DEFAULT_CASES: z.input<typeof casesSchema> = {
  categories: DEFAULT_CASE_CATEGORIES.map(([key, zh, en]) => ({ key, name: { zh, en } })),
  deadlines: { acceptWorkingDays: 5, verifyWorkingDays: 15, rectifyDays: 30 },
  calendar: { holidays: [], workdays: [] },
};

/*
 * Typical cases (典型案例, §六): each month of the Tour mainstream media expose 1–2 cases "经筛选审核后".
 * The review chain is data: each step names the role that passes it, in order; the city office
 * drafts, submits and publishes. The outlets are suggestions offered when a publication is recorded.
 */
const exposureReviewStepSchema = z.strictObject({
  key: keySchema,
  // Checked here rather than in crossCheck so the parsed chain is typed by Role, as the workflow wants.
  role: z.enum(roles, { error: (issue) => `unknown role "${String(issue.input)}"` }),
  name: textSchema,
});

const exposureSchema = z.strictObject({
  reviewChain: z.array(exposureReviewStepSchema).min(1),
  outlets: z.array(nonEmpty).default([]),
});

const DEFAULT_EXPOSURE: z.output<typeof exposureSchema> = {
  reviewChain: [
    { key: 'screen', role: 'reviewer', name: { zh: '宣传人员筛选', en: 'Screening by the publicity staff' } },
    { key: 'approve', role: 'leader', name: { zh: '领导审核', en: "Approval by the office's leader" } },
  ],
  outlets: [],
};

const campaignObjectSchema = z.strictObject({
  schemaVersion: z.literal(1),
  code: campaignCodeSchema,
  year: z.int().min(2000).max(2100),
  timezone: z.literal('Asia/Shanghai'),
  identity: z.strictObject({
    title: textSchema,
    shortTitle: textSchema,
    edition: z.int().min(1),
    theme: textSchema,
    issuer: textSchema,
    documentNumber: nonEmpty,
    issuedOn: daySchema,
    // The office the organiser reports to (the province report's recipient); the organiser's parent unit when absent.
    reportsTo: textSchema.optional(),
    legalBasis: z.array(z.strictObject({ title: textSchema, documentNumber: nonEmpty })),
  }),
  periods: z.array(periodSchema).min(1),
  leadingGroup: z.strictObject({
    leader: personSchema,
    deputies: z.array(personSchema),
    duty: textSchema.optional(),
    office: textSchema,
    officeDuty: textSchema,
  }),
  contact: z.strictObject({
    organisation: textSchema,
    person: nonEmpty,
    phone: nonEmpty,
    fax: nonEmpty.optional(),
    email: z.email({ error: 'invalid email' }),
  }),
  milestones: z.array(milestoneSchema),
  taskCategories: z.array(taskCategorySchema).min(1),
  tour: z.strictObject({
    forms: z.array(activityFormSchema),
    themes: z.array(namedSchema),
  }),
  participantGroups: z.array(participantGroupSchema).min(1),
  units: z.array(unitSchema).min(1),
  reminders: z
    .strictObject({ dueSoonDays: z.int().min(0).max(30).default(3) })
    .default({ dueSoonDays: 3 }),
  obligations: z.array(obligationSchema),
  forms: z.strictObject({
    liaison: z.strictObject({ fields: z.array(liaisonFieldSchema).min(1) }),
    statistics: z.strictObject({
      indicators: z.array(indicatorSchema).min(1),
      rules: z.array(ruleSchema),
      outlier: outlierSchema.default({ factorOverPeerMedian: 10, minPeers: 3 }),
      // Unit types whose table passes their own unit's approver before it reaches the city office.
      approval: z.strictObject({ unitTypes: z.array(unitTypeSchema) }).default({ unitTypes: [] }),
    }),
    // Unit types whose activities are accepted by an approver of a unit above them, not only by the city office.
    activities: z.strictObject({ parentAccepts: z.array(unitTypeSchema).default([]) }).default({ parentAccepts: [] }),
    // 总结报告: the sections a unit's summary is written in, in the order the document prints them.
    summary: z.strictObject({ sections: z.array(summarySectionSchema).min(1) }),
  }),
  cases: casesSchema.default(DEFAULT_CASES),
  exposure: exposureSchema.default(DEFAULT_EXPOSURE),
});

type CampaignShape = z.output<typeof campaignObjectSchema>;
type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** Reports every repeated key of a list; the first occurrence is taken as the real one. */
function checkUnique<T>(items: T[], keyOf: (item: T) => string, path: Path, field: string, report: Report): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) report([...path, i, field], `duplicate ${field} "${key}"`);
    seen.add(key);
  });
  return seen;
}

function checkReference(known: Set<string>, value: string, what: string, path: Path, report: Report): void {
  if (!known.has(value)) report(path, `unknown ${what} "${value}"`);
}

/**
 * The task categories a coverage obligation asks an activity for: the ones it lists, or else every
 * category whose period is over by its due day (a category still running at the deadline, like the
 * Tour's, cannot be owed by it). For the reference plan that is the seven Month categories.
 */
export function coverageCategoryKeys(
  c: { periods: readonly { key: string; end: string }[]; taskCategories: readonly { key: string; period: string }[] },
  o: { categories?: readonly string[] | undefined; due?: string | undefined },
): string[] {
  if (o.categories) return [...o.categories];
  const { due } = o;
  if (due === undefined) return [];
  const endOf = new Map(c.periods.map((p) => [p.key, p.end]));
  return c.taskCategories.filter((t) => (endOf.get(t.period) ?? '9999-12-31') <= due).map((t) => t.key);
}

/**
 * The checks that span fields. Zod runs them only when no field has the wrong type (a bad date
 * or a stray key does not stop them), so they can trust the types and still report alongside
 * field errors. Messages name the offending value so a YAML author finds it at once.
 */
function crossCheck(c: CampaignShape, report: Report): void {
  const periodKeys = checkUnique(c.periods, (p) => p.key, ['periods'], 'key', report);
  c.periods.forEach((p, i) => {
    if (p.start > p.end) report(['periods', i, 'end'], `end ${p.end} is before start ${p.start}`);
  });

  checkUnique(c.milestones, (m) => m.key, ['milestones'], 'key', report);

  const categoryKeys = checkUnique(c.taskCategories, (t) => t.key, ['taskCategories'], 'key', report);
  c.taskCategories.forEach((t, i) => {
    checkReference(periodKeys, t.period, 'period', ['taskCategories', i, 'period'], report);
    checkUnique(t.forms, (f) => f.key, ['taskCategories', i, 'forms'], 'key', report);
  });

  checkUnique(c.tour.forms, (f) => f.key, ['tour', 'forms'], 'key', report);
  checkUnique(c.tour.themes, (f) => f.key, ['tour', 'themes'], 'key', report);

  const groupKeys = checkUnique(c.participantGroups, (g) => g.key, ['participantGroups'], 'key', report);

  const unitCodes = checkUnique(c.units, (u) => u.code, ['units'], 'code', report);
  const parentOf = new Map(c.units.map((u) => [u.code, u.parent]));
  c.units.forEach((u, i) => {
    if (u.parent === undefined) return;
    if (!unitCodes.has(u.parent)) {
      report(['units', i, 'parent'], `unknown unit "${u.parent}"`);
      return;
    }
    // A cycle would make "every unit under this county" loop forever downstream.
    const visited = new Set<string>([u.code]);
    for (let p: string | undefined = u.parent; p !== undefined; p = parentOf.get(p)) {
      if (visited.has(p)) {
        report(['units', i, 'parent'], `parent chain of "${u.code}" loops`);
        break;
      }
      visited.add(p);
    }
  });
  // The one unit without a parent organises the campaign; the campaign covers its subtree.
  const roots = c.units.filter((u) => !u.parent).length;
  if (roots !== 1) report(['units'], `exactly one unit without a parent (the organiser) required, found ${roots}`);

  checkUnique(c.obligations, (o) => o.key, ['obligations'], 'key', report);
  c.obligations.forEach((o, i) => {
    const at = (field: string): Path => ['obligations', i, field];
    o.appliesTo.forEach((g, j) =>
      checkReference(groupKeys, g, 'participant group', ['obligations', i, 'appliesTo', j], report),
    );
    if (o.window !== undefined) checkReference(periodKeys, o.window, 'period', at('window'), report);
    if (o.kind !== 'coverage' && o.categories !== undefined) report(at('categories'), 'only allowed when kind is coverage');
    if (o.kind !== 'quota' && o.counts !== undefined) report(at('counts'), 'only allowed when kind is quota');
    if (o.kind === 'form') {
      if (o.form === undefined) report(at('form'), 'required when kind is form');
      if (o.due === undefined) report(at('due'), 'required when kind is form');
      if (o.recurrence !== undefined) report(at('recurrence'), 'only a quota can recur');
    } else if (o.kind === 'coverage') {
      // Its count is the number of categories covered, by the due day: nothing else applies.
      if (o.form !== undefined) report(at('form'), 'only allowed when kind is form');
      if (o.due === undefined) report(at('due'), 'required when kind is coverage');
      if (o.window !== undefined) report(at('window'), 'not allowed when kind is coverage');
      if (o.recurrence !== undefined) report(at('recurrence'), 'only a quota can recur');
      if (o.targetCount !== undefined) report(at('targetCount'), 'not allowed when kind is coverage');
      if (o.categories) {
        o.categories.forEach((k, j) => {
          checkReference(categoryKeys, k, 'task category', ['obligations', i, 'categories', j], report);
          if (o.categories!.indexOf(k) < j) report(['obligations', i, 'categories', j], `duplicate category "${k}"`);
        });
      } else if (o.due !== undefined && coverageCategoryKeys(c, o).length === 0) {
        report(at('categories'), `no task category's period ends by ${o.due}; list the categories`);
      }
    } else {
      if (o.form !== undefined) report(at('form'), 'only allowed when kind is form');
      if (o.recurrence !== undefined) {
        if (o.window === undefined) report(at('window'), 'required for a recurring quota');
        if (o.due !== undefined) report(at('due'), 'a recurring quota is due at the end of each month');
      } else if (o.due === undefined && o.window === undefined) {
        report(at('due'), 'due or window required');
      }
    }
    if (o.targetCount !== undefined && o.targetCount < o.minCount) {
      report(at('targetCount'), `must be at least minCount (${o.minCount})`);
    }
    if (o.opensOn !== undefined && o.due !== undefined && o.opensOn > o.due) {
      report(at('opensOn'), `opens ${o.opensOn} after it is due ${o.due}`);
    }
  });

  checkUnique(c.forms.liaison.fields, (f) => f.key, ['forms', 'liaison', 'fields'], 'key', report);
  c.forms.liaison.fields.forEach((f, i) => {
    const at: Path = ['forms', 'liaison', 'fields', i, 'options'];
    if (f.type === 'choice' && !f.options) report(at, 'required when type is choice');
    if (f.type !== 'choice' && f.options) report(at, 'only allowed when type is choice');
    f.options?.forEach((o, j) => { if (f.options!.findIndex((x) => x.zh === o.zh) < j) report([...at, j], `duplicate option "${o.zh}"`); });
  });

  const stats = c.forms.statistics;
  const indicatorKeys = checkUnique(stats.indicators, (x) => x.key, ['forms', 'statistics', 'indicators'], 'key', report);
  stats.indicators.forEach((x, i) => {
    const at: Path = ['forms', 'statistics', 'indicators', i];
    checkReference(categoryKeys, x.category, 'task category', [...at, 'category'], report);
    if ((x.type ?? 'integer') === 'integer' && x.decimals !== undefined) report([...at, 'decimals'], 'only allowed when type is decimal or money');
  });
  checkUnique(stats.rules, (r) => r.key, ['forms', 'statistics', 'rules'], 'key', report);
  stats.rules.forEach((r, i) => {
    const at: Path = ['forms', 'statistics', 'rules', i];
    for (const side of ['left', 'right'] as const) {
      const terms = ruleTerms(r[side]);
      terms.forEach((k, j) => {
        checkReference(indicatorKeys, k, 'indicator', typeof r[side] === 'string' ? [...at, side] : [...at, side, j], report);
        if (terms.indexOf(k) < j) report([...at, side, j], `indicator "${k}" is added twice`);
      });
    }
    const [left, right] = [ruleTerms(r.left), ruleTerms(r.right)];
    if (left.length === right.length && left.every((k) => right.includes(k))) report([...at, 'right'], 'a rule must compare two different indicators or sums');
  });

  const checkActivityForms = (forms: CampaignShape['tour']['forms'], path: Path) => forms.forEach((f, k) => {
    f.counts?.forEach((x, j) => checkReference(indicatorKeys, x, 'indicator', [...path, k, 'counts', j], report));
    if (f.participants !== undefined) checkReference(indicatorKeys, f.participants, 'indicator', [...path, k, 'participants'], report);
  });
  c.taskCategories.forEach((t, i) => checkActivityForms(t.forms, ['taskCategories', i, 'forms']));
  checkActivityForms(c.tour.forms, ['tour', 'forms']);

  checkUnique(c.forms.summary.sections, (x) => x.key, ['forms', 'summary', 'sections'], 'key', report);

  checkUnique(c.exposure.reviewChain, (x) => x.key, ['exposure', 'reviewChain'], 'key', report);
  c.exposure.reviewChain.forEach((x, i) => {
    // A media partner sees published cases only; it cannot be the one who lets a case through.
    if (x.role === 'media_partner') report(['exposure', 'reviewChain', i, 'role'], 'a media partner cannot review a case');
  });
}

export const campaignSchema = campaignObjectSchema.superRefine((c, ctx) => {
  crossCheck(c, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
});

export type CampaignDefinition = z.output<typeof campaignSchema>;
/** What a YAML author may write: defaulted fields may be left out. */
export type CampaignDefinitionInput = z.input<typeof campaignSchema>;

export type Period = CampaignDefinition['periods'][number];
export type Milestone = CampaignDefinition['milestones'][number];
export type TaskCategory = CampaignDefinition['taskCategories'][number];
export type ParticipantGroup = CampaignDefinition['participantGroups'][number];
export type SeedUnit = CampaignDefinition['units'][number];
export type Obligation = CampaignDefinition['obligations'][number];
export type ObligationKind = (typeof obligationKinds)[number];
export type ObligationForm = (typeof obligationForms)[number];
export type LiaisonField = CampaignDefinition['forms']['liaison']['fields'][number];
export type StatisticsIndicator = CampaignDefinition['forms']['statistics']['indicators'][number];
export type StatisticsRule = CampaignDefinition['forms']['statistics']['rules'][number];
export type RuleOp = (typeof ruleOps)[number];
export type IndicatorType = (typeof indicatorTypes)[number];
export type SummarySection = CampaignDefinition['forms']['summary']['sections'][number];
export type ActivityForm = TaskCategory['forms'][number];
export type ExposureSettings = CampaignDefinition['exposure'];
