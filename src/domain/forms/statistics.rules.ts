import type { RuleOp, StatisticsIndicator, StatisticsRule } from '../campaign/campaign.schema';
import type { Text } from '../text';

/*
 * 附件2 活动进展情况统计表: the indicators, the rules between them and the outlier check all come
 * from the campaign (forms.statistics); this module only knows that values are counts.
 */

/** Indicator key → count. A key that is absent was left blank. */
export type StatisticsValues = Record<string, number>;

/** A count above this is a typo (a phone number typed into a cell), not a figure. */
export const MAX_INDICATOR_VALUE = 1_000_000_000;

export type ValueErrorCode = 'unknown_indicator' | 'not_integer' | 'negative' | 'too_large';

export interface ValueError {
  key: string;
  code: ValueErrorCode;
}

/**
 * Checks the shape of what a unit typed: known indicators, whole non-negative counts. Blanks
 * (null, undefined, '') are dropped; they count as 0 when the table is submitted.
 */
export function normaliseStatisticsValues(
  indicators: readonly StatisticsIndicator[],
  raw: Record<string, unknown>,
): { values: StatisticsValues; errors: ValueError[] } {
  const known = new Set(indicators.map((i) => i.key));
  const values: StatisticsValues = {};
  const errors: ValueError[] = [];
  for (const [key, v] of Object.entries(raw)) {
    if (!known.has(key)) {
      errors.push({ key, code: 'unknown_indicator' });
      continue;
    }
    if (v === null || v === undefined || v === '') continue;
    const n = typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || !Number.isInteger(n)) errors.push({ key, code: 'not_integer' });
    else if (n < 0) errors.push({ key, code: 'negative' });
    else if (n > MAX_INDICATOR_VALUE) errors.push({ key, code: 'too_large' });
    else values[key] = n;
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

/** The campaign's rules between indicators; a blank compares as 0. */
export function checkRules(rules: readonly StatisticsRule[], values: StatisticsValues): Finding[] {
  const out: Finding[] = [];
  for (const r of rules) {
    const left = values[r.left] ?? 0;
    const right = values[r.right] ?? 0;
    if (!holds[r.op](left, right)) {
      out.push({ key: `rule.${r.key}`, severity: r.severity, kind: 'rule', indicator: r.left, message: r.message, left, right });
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
