import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { parseCampaign } from '../campaign/campaign.load';
import type { StatisticsIndicator, StatisticsRule } from '../campaign/campaign.schema';
import { addExact, checkFigure, checkRules, normaliseStatisticsValues, sumExact } from './statistics.rules';
import { rollUp } from './statistics.rollup';
import { indicatorDecimals } from './indicator';

const ind = (key: string, extra: Partial<StatisticsIndicator> = {}): StatisticsIndicator => ({
  key, category: 'funds', label: { zh: key, en: key }, measure: { zh: '万元', en: '10k yuan' }, ...extra,
});
const FUNDS = ind('funds_total', { type: 'money' });
const RATIO = ind('ratio', { type: 'decimal', decimals: 1 });
const BALANCE = ind('balance', { type: 'money', allowNegative: true });
const COUNT = ind('drills');

describe('decimal and money indicators', () => {
  it('places: a count has none, money and decimal 2 unless given', () => {
    expect([COUNT, FUNDS, RATIO, ind('x', { type: 'decimal' })].map(indicatorDecimals)).toEqual([0, 2, 1, 2]);
  });

  it('accepts money with up to two places, as number or text; trailing zeros are not places', () => {
    expect(checkFigure(FUNDS, 12.35)).toEqual({ value: 12.35 });
    expect(checkFigure(FUNDS, '12.50')).toEqual({ value: 12.5 });
    expect(checkFigure(FUNDS, ' 7 ')).toEqual({ value: 7 });
    expect(checkFigure(FUNDS, '0.100')).toEqual({ value: 0.1 });
  });

  it('refuses a third place, a negative (unless allowed), text and exponent forms, naming the places allowed', () => {
    expect(checkFigure(FUNDS, 12.345)).toEqual({ error: 'too_many_decimals', decimals: 2 });
    expect(checkFigure(RATIO, '0.25')).toEqual({ error: 'too_many_decimals', decimals: 1 });
    expect(checkFigure(FUNDS, -1)).toEqual({ error: 'negative' });
    expect(checkFigure(BALANCE, '-3.20')).toEqual({ value: -3.2 });
    expect(checkFigure(FUNDS, 'abc')).toEqual({ error: 'not_number' });
    expect(checkFigure(FUNDS, 1e-7)).toEqual({ error: 'too_many_decimals', decimals: 2 });
    expect(checkFigure(FUNDS, 1e21)).toEqual({ error: 'too_large' });
    expect(checkFigure(FUNDS, 2_000_000_000)).toEqual({ error: 'too_large' });
    // A count stays a count: 2.5 is not whole, as before.
    expect(checkFigure(COUNT, 2.5)).toEqual({ error: 'not_integer' });
    expect(checkFigure(COUNT, '3.0')).toEqual({ value: 3 });
  });

  it('normalises a table with mixed indicators', () => {
    const { values, errors } = normaliseStatisticsValues([COUNT, FUNDS, RATIO], { drills: '2', funds_total: '1.10', ratio: 0.15 });
    expect(values).toEqual({ drills: 2, funds_total: 1.1 });
    expect(errors).toEqual([{ key: 'ratio', code: 'too_many_decimals', decimals: 1 }]);
  });

  it('adds exactly: 0.1 + 0.2 is 0.3, and ten thousand 0.01 are 100', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addExact(0.1, 0.2, 2)).toBe(0.3);
    expect(sumExact(Array.from({ length: 10_000 }, () => 0.01), 2)).toBe(100);
    expect(sumExact([1234567.89, 0.11, 9876543.21], 2)).toBe(11111111.21);
  });

  it('the roll-up sums money exactly, row, subtotal and total', () => {
    const units = [11, 12, 13].map((id) => ({ id, path: `/1/${id}/`, type: 'county' as const }));
    const reported = new Map([[11, { funds_total: 0.1 }], [12, { funds_total: 0.2 }], [13, { funds_total: 1234.57 }]]);
    const r = rollUp({
      rowUnits: units, reported, reportedPaths: new Map(), indicatorKeys: ['funds_total'], decimals: { funds_total: 2 }, typeOrder: ['county'],
    });
    expect(r.rows.map((x) => x.total.funds_total)).toEqual([0.1, 0.2, 1234.57]);
    expect(r.total.funds_total).toBe(1234.87);
    expect(r.subtotals[0]!.total.funds_total).toBe(1234.87);
  });
});

describe('rules over sums', () => {
  const rule = (left: string | string[], op: StatisticsRule['op'], right: string | string[], severity: 'hard' | 'soft' = 'hard'): StatisticsRule => ({
    key: 'r', severity, left, op, right, message: { zh: '分项之和不能超过合计', en: 'The parts cannot exceed the total' },
  });
  const indicators = [ind('gov', { type: 'money' }), ind('firms', { type: 'money' }), ind('total', { type: 'money' })];

  it('a + b <= c holds at the edge, exactly, and fails by one fen', () => {
    expect(checkRules([rule(['gov', 'firms'], '<=', 'total')], { gov: 0.1, firms: 0.2, total: 0.3 }, indicators)).toEqual([]);
    const f = checkRules([rule(['gov', 'firms'], '<=', 'total')], { gov: 0.1, firms: 0.21, total: 0.3 }, indicators);
    expect(f).toEqual([expect.objectContaining({ key: 'rule.r', severity: 'hard', indicator: 'gov', left: 0.31, right: 0.3 })]);
  });

  it('= over sums, blanks as 0, soft as today', () => {
    expect(checkRules([rule(['gov', 'firms'], '=', 'total', 'soft')], { gov: 5 }, indicators)).toEqual([
      expect.objectContaining({ severity: 'soft', left: 5, right: 0 }),
    ]);
    expect(checkRules([rule(['gov', 'firms'], '=', ['total'])], { gov: 5, total: 5 }, indicators)).toEqual([]);
  });
});

describe('campaign validation of the new indicator types and sum rules', () => {
  const referenceText = readFileSync(fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url)), 'utf8');
  function messages(change: (c: any) => void) {
    const c = parse(referenceText);
    change(c);
    const r = parseCampaign(c);
    return r.ok ? [] : r.errors.map((e) => `${String(e.path)}: ${e.message}`);
  }

  it('accepts a money indicator and a sum rule', () => {
    expect(messages((c) => {
      c.forms.statistics.indicators.push({ key: 'funds_gov', category: 'study', label: { zh: '财政投入', en: 'Public funds' }, measure: { zh: '万元', en: '10k yuan' }, type: 'money' });
      c.forms.statistics.rules.push({ key: 'sum', severity: 'hard', left: ['drills_held', 'funds_gov'], op: '<=', right: 'drill_participants', message: { zh: 'x', en: 'x' } });
    })).toEqual([]);
  });

  it('names an unknown indicator inside a sum, a repeated term, decimals on a count, an unknown type', () => {
    const errors = messages((c) => {
      c.forms.statistics.indicators[0].decimals = 2;
      c.forms.statistics.indicators[1].type = 'percent';
      c.forms.statistics.rules.push({ key: 'sum', severity: 'hard', left: ['drills_held', 'no_such', 'drills_held'], op: '<=', right: 'drill_participants', message: { zh: 'x', en: 'x' } });
    });
    expect(errors.join('\n')).toMatch(/forms\.statistics\.indicators\[1\]\.type/);
    const again = messages((c) => {
      c.forms.statistics.indicators[0].decimals = 2;
      c.forms.statistics.rules.push({ key: 'sum', severity: 'hard', left: ['drills_held', 'no_such', 'drills_held'], op: '<=', right: 'drill_participants', message: { zh: 'x', en: 'x' } });
    });
    expect(again).toEqual(expect.arrayContaining([
      'forms.statistics.indicators[0].decimals: only allowed when type is decimal or money',
      expect.stringMatching(/^forms\.statistics\.rules\[\d+\]\.left\[1\]: .*no_such/),
      expect.stringMatching(/^forms\.statistics\.rules\[\d+\]\.left\[2\]: indicator "drills_held" is added twice/),
    ]));
  });
});
