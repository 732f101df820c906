import type { ActivityForm, CampaignDefinition, StatisticsIndicator, TaskCategory } from '../campaign/campaign.schema';
import { MAX_INDICATOR_VALUE, normaliseStatisticsValues, type Finding, type StatisticsValues } from '../forms/statistics.rules';
import { isDay } from '../time';

/*
 * 活动记录: what a unit did, in which task category and forms, and what that adds to its
 * statistics table (附件2). The categories, forms and indicators are the campaign's; this module
 * knows only how they relate: a form says which indicators one activity counts and where its
 * participants go, accepted activities sum into the table's pre-fill, and a table figure that
 * departs from the pre-fill needs a reason.
 */

export const MAX_ACTIVITY_LINKS = 20;

/** What the rules need of an activity; the shape (types, lengths) is the API schema's business. */
export interface ActivityFacts {
  category: string;
  forms: readonly string[];
  startsOn: string;
  endsOn: string;
  participants: number;
  links: readonly string[];
  /** What the unit says the activity adds; absent: the forms' defaults. */
  contributions?: Readonly<Record<string, unknown>>;
}

export type ActivityErrorCode =
  | 'unknown_category' | 'no_form' | 'unknown_form' | 'duplicate_form'
  | 'invalid_date' | 'outside_period' | 'ends_before_start'
  | 'participants' | 'link' | 'too_many_links'
  | 'unknown_indicator' | 'not_integer' | 'not_number' | 'too_many_decimals' | 'negative' | 'too_large';

export interface ActivityError {
  /** The body's field, as the API names it: `forms.1`, `contributions.drills_held`. */
  field: string;
  code: ActivityErrorCode;
  params?: Record<string, string | number>;
}

export function categoryOf(def: CampaignDefinition, key: string): TaskCategory | undefined {
  return def.taskCategories.find((t) => t.key === key);
}

/** True for an absolute http(s) address with a host: what a media report's link can be. */
export function isWebLink(value: string): boolean {
  if (!/^https?:\/\//i.test(value.trim())) return false;
  try {
    const u = new URL(value.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * What an activity adds by its forms: 1 to every indicator one of its forms counts, and its
 * participants to every participants indicator of its forms. One activity is one event: two of
 * its forms counting the same indicator (a 公开课 that is also a 班组会) still add 1.
 */
export function defaultContributions(forms: readonly ActivityForm[], participants: number): StatisticsValues {
  const counted = new Set(forms.flatMap((f) => f.counts ?? []));
  const attended = new Set(forms.flatMap((f) => (f.participants ? [f.participants] : [])));
  const out: StatisticsValues = {};
  for (const k of counted) out[k] = (out[k] ?? 0) + 1;
  for (const k of attended) out[k] = (out[k] ?? 0) + participants;
  return out;
}

/**
 * Checks an activity against its campaign and settles what it contributes: the unit's own figures
 * when given (known indicators, whole numbers from 0), else the defaults of its forms. Dates must
 * fall inside the period of the activity's category (a Month task in June, the Tour until December).
 */
export function checkActivity(def: CampaignDefinition, a: ActivityFacts): { errors: ActivityError[]; contributions: StatisticsValues } {
  const errors: ActivityError[] = [];
  const category = categoryOf(def, a.category);
  if (!category) errors.push({ field: 'category', code: 'unknown_category' });

  const forms: ActivityForm[] = [];
  if (!a.forms.length) errors.push({ field: 'forms', code: 'no_form' });
  a.forms.forEach((key, i) => {
    if (a.forms.indexOf(key) < i) return errors.push({ field: `forms.${i}`, code: 'duplicate_form' });
    if (!category) return;
    const form = category.forms.find((f) => f.key === key);
    if (!form) return errors.push({ field: `forms.${i}`, code: 'unknown_form', params: { category: category.name.zh, categoryEn: category.name.en } });
    forms.push(form);
  });

  const period = category ? def.periods.find((p) => p.key === category.period) : undefined;
  const dayOk = (field: 'startsOn' | 'endsOn', day: string) => {
    if (!isDay(day)) {
      errors.push({ field, code: 'invalid_date' });
      return false;
    }
    if (period && (day < period.start || day > period.end)) {
      errors.push({ field, code: 'outside_period', params: { period: period.name.zh, periodEn: period.name.en, start: period.start, end: period.end } });
    }
    return true;
  };
  const startOk = dayOk('startsOn', a.startsOn);
  const endOk = dayOk('endsOn', a.endsOn);
  if (startOk && endOk && a.endsOn < a.startsOn) errors.push({ field: 'endsOn', code: 'ends_before_start', params: { start: a.startsOn } });

  if (!Number.isInteger(a.participants) || a.participants < 0 || a.participants > MAX_INDICATOR_VALUE) {
    errors.push({ field: 'participants', code: 'participants', params: { max: MAX_INDICATOR_VALUE } });
  }

  if (a.links.length > MAX_ACTIVITY_LINKS) errors.push({ field: 'links', code: 'too_many_links', params: { max: MAX_ACTIVITY_LINKS } });
  a.links.forEach((l, i) => {
    if (!isWebLink(l)) errors.push({ field: `links.${i}`, code: 'link' });
  });

  let contributions: StatisticsValues = {};
  if (a.contributions !== undefined) {
    const n = normaliseStatisticsValues(def.forms.statistics.indicators, a.contributions);
    errors.push(...n.errors.map((e) => ({ field: `contributions.${e.key}`, code: e.code, params: { max: MAX_INDICATOR_VALUE, decimals: e.decimals ?? 0 } })));
    contributions = n.values;
  } else if (Number.isInteger(a.participants) && a.participants >= 0) {
    contributions = defaultContributions(forms, a.participants);
  }
  return { errors, contributions };
}

/**
 * The pre-fill of a unit's statistics table: per indicator, the sum of what its accepted
 * activities contribute. An indicator no accepted activity mentions is absent, not 0: the unit
 * fills it by hand, and nothing is there to differ from.
 */
export function prefillOf(activities: readonly { status: string; contributions: Readonly<StatisticsValues> }[]): StatisticsValues {
  const out: StatisticsValues = {};
  for (const a of activities) {
    if (a.status !== 'accepted') continue;
    for (const [k, v] of Object.entries(a.contributions)) {
      if (typeof v === 'number' && Number.isFinite(v)) out[k] = (out[k] ?? 0) + v;
    }
  }
  return out;
}

export interface Override {
  indicator: string;
  prefill: number;
  value: number;
}

/** The figures a unit changed from their pre-fill, in the order of the form. Blanks are not changes. */
export function overridesOf(indicators: readonly StatisticsIndicator[], values: StatisticsValues, prefill: StatisticsValues): Override[] {
  const out: Override[] = [];
  for (const i of indicators) {
    const p = prefill[i.key];
    const v = values[i.key];
    if (p !== undefined && v !== undefined && v !== p) out.push({ indicator: i.key, prefill: p, value: v });
  }
  return out;
}

/**
 * A figure that differs from the activities' sum is allowed (not every activity is on the
 * platform, and an activity's figure may have been wrong) but needs a reason, keyed
 * `override.<indicator>`, kept with the table so the office sees both numbers and why.
 */
export function overrideFindings(indicators: readonly StatisticsIndicator[], values: StatisticsValues, prefill: StatisticsValues): Finding[] {
  const label = new Map(indicators.map((i) => [i.key, i.label]));
  return overridesOf(indicators, values, prefill).map((o) => {
    const l = label.get(o.indicator)!;
    return {
      key: `override.${o.indicator}`,
      severity: 'soft',
      kind: 'override',
      indicator: o.indicator,
      message: {
        zh: `${l.zh}（${o.value}）与已接收活动记录的合计（${o.prefill}）不同，请说明原因`,
        en: `${l.en} (${o.value}) differs from the total of the accepted activities (${o.prefill}); give the reason`,
      },
      left: o.value,
      right: o.prefill,
    };
  });
}

/** A blank figure of a submitted table takes its pre-fill: that is what was on the form. */
export function withPrefill(values: StatisticsValues, prefill: StatisticsValues): StatisticsValues {
  return { ...prefill, ...values };
}
