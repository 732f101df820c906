import type { RuleOp, StatisticsIndicator, StatisticsRule } from '../campaign/campaign.schema';
import { indicatorDecimals, ruleTerms } from './indicator';
import type { Text } from '../text';

/*
 * 附件2 活动进展情况统计表: the indicators, the rules between them and the outlier check all come
 * from the campaign (forms.statistics). A figure is a count, or a decimal or money amount with a
 * fixed number of places (indicatorDecimals).
 *
 * Decimals are exact: a figure is accepted only with no more places than its indicator allows, and
 * is kept as the number its decimal text reads (JSON writes it back as that same text). Figures
 * are never added as floating-point: `addExact` adds them as integers scaled by 10^places, so
 * 0.1 + 0.2 is 0.3 and a city's 万元 add up to the fen.
 */

/** Indicator key → figure. A key that is absent was left blank. */
export type StatisticsValues = Record<string, number>;

const scaleOf = (decimals: number) => 10 ** decimals;

/** a + b, exactly, for figures of at most `decimals` places. */
export function addExact(a: number, b: number, decimals: number): number {
  if (!decimals) return a + b;
  const s = scaleOf(decimals);
  return (Math.round(a * s) + Math.round(b * s)) / s;
}

/** The sum of figures of at most `decimals` places, exactly. */
export function sumExact(xs: readonly number[], decimals: number): number {
  if (!decimals) return xs.reduce((a, b) => a + b, 0);
  const s = scaleOf(decimals);
  return xs.reduce((acc, x) => acc + Math.round(x * s), 0) / s;
}

/** Indicator key → its places, for the sums of a roll-up. */
export const decimalsByKey = (indicators: readonly StatisticsIndicator[]): Record<string, number> =>
  Object.fromEntries(indicators.map((i) => [i.key, indicatorDecimals(i)]));

/** How many places a decimal numeral has, trailing zeros aside ("12.50" has 1); null when it is not a plain numeral. */
function placesOf(text: string): number | null {
  const m = /^-?\d+(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  return (m[1] ?? '').replace(/0+$/, '').length;
}

/** A count above this is a typo (a phone number typed into a cell), not a figure. */
export const MAX_INDICATOR_VALUE = 1_000_000_000;

export type ValueErrorCode = 'unknown_indicator' | 'not_integer' | 'not_number' | 'too_many_decimals' | 'negative' | 'too_large';

export interface ValueError {
  key: string;
  code: ValueErrorCode;
  /** For too_many_decimals: how many places the indicator allows. */
  decimals?: number;
}

/**
 * One figure as typed (a number, or its text) against its indicator: a count is whole; a decimal
 * has at most its places; neither is negative unless the indicator allows it. Returns the figure
 * or the error.
 */
export function checkFigure(indicator: StatisticsIndicator, v: unknown): { value: number } | { error: ValueErrorCode; decimals?: number } {
  const decimals = indicatorDecimals(indicator);
  const wrongKind = decimals ? 'not_number' : 'not_integer';
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: wrongKind };
    text = String(v);
    // 1e-7 or 1e21: no plain numeral, so either too many places or far too large.
    if (/e/i.test(text)) return Math.abs(v) >= 1 ? { error: 'too_large' } : { error: decimals ? 'too_many_decimals' : 'not_integer', decimals };
  } else if (typeof v === 'string') {
    text = v.trim();
  } else {
    return { error: wrongKind };
  }
  const places = placesOf(text);
  if (places === null) return { error: wrongKind };
  if (places > decimals) return decimals ? { error: 'too_many_decimals', decimals } : { error: 'not_integer' };
  const n = Number(text);
  if (n < 0 && !indicator.allowNegative) return { error: 'negative' };
  if (Math.abs(n) > MAX_INDICATOR_VALUE) return { error: 'too_large' };
  // Rounded to its places, so "12.50" and 12.5 are stored alike and -0 is 0.
  return { value: decimals ? Math.round(n * scaleOf(decimals)) / scaleOf(decimals) + 0 : n + 0 };
}

/**
 * Checks the shape of what a unit typed: known indicators, figures as their indicators allow. Blanks
 * (null, undefined, '') are dropped; they count as 0 when the table is submitted.
 */
export function normaliseStatisticsValues(
  indicators: readonly StatisticsIndicator[],
  raw: Record<string, unknown>,
): { values: StatisticsValues; errors: ValueError[] } {
  const known = new Map(indicators.map((i) => [i.key, i]));
  const values: StatisticsValues = {};
  const errors: ValueError[] = [];
  for (const [key, v] of Object.entries(raw)) {
    const indicator = known.get(key);
    if (!indicator) {
      errors.push({ key, code: 'unknown_indicator' });
      continue;
    }
    if (v === null || v === undefined || v === '') continue;
    const r = checkFigure(indicator, v);
    if ('error' in r) errors.push({ key, code: r.error, ...(r.decimals !== undefined && { decimals: r.decimals }) });
    else values[key] = r.value;
  }
  // Report in the order of the form, so the first message points at the first bad cell.
  const order = new Map(indicators.map((i, n) => [i.key, n]));
  errors.sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9));
  return { values, errors };
}

/** A submitted table has every indicator: blanks become 0, as the paper form was read. */
export function completeValues(indicators: readonly StatisticsIndicator[], values: StatisticsValues): StatisticsValues {
  const out: StatisticsValues = {};
  for (const i of indicators) out[i.key] = values[i.key] ?? 0;
  return out;
}

const holds: Record<RuleOp, (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '=': (a, b) => a === b,
};

/**
 * A finding on a table. `hard` blocks submission; `soft` asks for a comment (keyed by `key`)
 * before the table may go on.
 */
export interface Finding {
  key: string;
  severity: 'hard' | 'soft';
  /** override: a figure that differs from the sum of the unit's accepted activities (activity.rules.ts). */
  kind: 'rule' | 'outlier' | 'override';
  /** The indicator the finding is shown against. */
  indicator: string;
  message: Text;
  left: number;
  right: number;
  /** For an outlier: the peers' median and how many peers were compared. */
  median?: number;
  peers?: number;
}

/**
 * The campaign's rules between indicators or sums of indicators (`a + b <= c`); a blank counts
 * as 0. Sums and comparisons are exact, at the most places any term has.
 */
export function checkRules(rules: readonly StatisticsRule[], values: StatisticsValues, indicators: readonly StatisticsIndicator[] = []): Finding[] {
  const places = decimalsByKey(indicators);
  const out: Finding[] = [];
  for (const r of rules) {
    const [lt, rt] = [ruleTerms(r.left), ruleTerms(r.right)];
    const d = Math.max(0, ...[...lt, ...rt].map((k) => places[k] ?? 0));
    const left = sumExact(lt.map((k) => values[k] ?? 0), d);
    const right = sumExact(rt.map((k) => values[k] ?? 0), d);
    const s = scaleOf(d);
    if (!holds[r.op](Math.round(left * s), Math.round(right * s))) {
      out.push({ key: `rule.${r.key}`, severity: r.severity, kind: 'rule', indicator: lt[0]!, message: r.message, left, right });
    }
  }
  return out;
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Values far above what units of the same type report (a min-max check in the spirit of
 * DHIS2's): above `factor` × the peers' median. A median of 0 is taken as 1, so 500 drills
 * where every peer held none is still questioned. Too few peers, no judgement.
 */
export function checkOutliers(
  indicators: readonly StatisticsIndicator[],
  values: StatisticsValues,
  peers: readonly StatisticsValues[],
  outlier: { factorOverPeerMedian: number; minPeers: number },
): Finding[] {
  if (peers.length < outlier.minPeers) return [];
  const out: Finding[] = [];
  for (const i of indicators) {
    const v = values[i.key];
    if (v === undefined || v === 0) continue;
    const m = median(peers.map((p) => p[i.key] ?? 0));
    const threshold = outlier.factorOverPeerMedian * Math.max(m, 1);
    if (v > threshold) {
      out.push({
        key: `outlier.${i.key}`,
        severity: 'soft',
        kind: 'outlier',
        indicator: i.key,
        message: {
          zh: `${i.label.zh}（${v}）超过同类单位中位数（${m}）的 ${outlier.factorOverPeerMedian} 倍，请核实或说明`,
          en: `${i.label.en} (${v}) is over ${outlier.factorOverPeerMedian} times the median of similar units (${m}); check it or explain`,
        },
        left: v,
        right: m,
        median: m,
        peers: peers.length,
      });
    }
  }
  return out;
}

/** The soft findings that still lack an explanation: each needs a non-blank comment under its key. */
export function unexplained(findings: readonly Finding[], comments: Record<string, string>): Finding[] {
  return findings.filter((f) => f.severity === 'soft' && !comments[f.key]?.trim());
}

/** Keeps only the comments that answer a current finding, trimmed; stale ones go. */
export function relevantComments(findings: readonly Finding[], comments: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findings) {
    const c = comments[f.key]?.trim();
    if (f.severity === 'soft' && c) out[f.key] = c;
  }
  return out;
}
