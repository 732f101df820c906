import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile, parseCampaign } from '../campaign/campaign.load';
import type { CampaignDefinition } from '../campaign/campaign.schema';
import { endOfDay } from '../time';
import { appliesTo, coverageStatus, expandObligations, inWindow, obligationStatus, obligationsFor } from './obligation.rules';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));

function reference(): CampaignDefinition {
  const result = loadCampaignFile(referencePath);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.campaign;
}

const at = (iso: string) => new Date(iso);
const due = endOfDay('2022-05-30');
const base = { due, minCount: 1, dueSoonDays: 3 };

describe('obligationStatus at the edges of a Shanghai deadline', () => {
  it('is on time at 23:59:59.999 on the due day', () => {
    const r = obligationStatus({ ...base, fulfilments: [at('2022-05-30T23:59:59.999+08:00')], now: at('2022-06-02T00:00:00+08:00') });
    expect(r).toEqual({ status: 'done_on_time', fulfilledAt: at('2022-05-30T15:59:59.999Z'), count: 1 });
  });

  it('is late at 00:00 the next day', () => {
    const r = obligationStatus({ ...base, fulfilments: [at('2022-05-31T00:00:00+08:00')], now: at('2022-06-02T00:00:00+08:00') });
    expect(r.status).toBe('done_late');
  });

  it('is overdue from 00:00 the next day when nothing was filed', () => {
    expect(obligationStatus({ ...base, fulfilments: [], now: at('2022-05-30T23:59:59.999+08:00') }).status).toBe('due_soon');
    expect(obligationStatus({ ...base, fulfilments: [], now: at('2022-05-31T00:00:00+08:00') })).toEqual({
      status: 'overdue',
      fulfilledAt: null,
      count: 0,
    });
  });

  it('turns due soon exactly dueSoonDays before the deadline', () => {
    expect(obligationStatus({ ...base, fulfilments: [], now: at('2022-05-27T23:59:59.999+08:00') }).status).toBe('not_due');
    expect(obligationStatus({ ...base, fulfilments: [], now: at('2022-05-28T00:00:00+08:00') }).status).toBe('due_soon');
    expect(obligationStatus({ ...base, dueSoonDays: 0, fulfilments: [], now: at('2022-05-30T23:00:00+08:00') }).status).toBe('not_due');
  });

  it('is met by the minCount-th record in time, whatever order they come in', () => {
    const fulfilments = [at('2022-06-02T10:00:00+08:00'), at('2022-05-20T10:00:00+08:00'), at('2022-05-29T10:00:00+08:00')];
    const r = obligationStatus({ ...base, minCount: 2, fulfilments, now: at('2022-06-03T00:00:00+08:00') });
    expect(r).toEqual({ status: 'done_on_time', fulfilledAt: at('2022-05-29T10:00:00+08:00'), count: 3 });
    const late = obligationStatus({ ...base, minCount: 2, fulfilments: [fulfilments[0]!, fulfilments[1]!], now: at('2022-06-03T00:00:00+08:00') });
    expect(late).toEqual({ status: 'done_late', fulfilledAt: at('2022-06-02T10:00:00+08:00'), count: 2 });
  });

  it('is not done while fewer than minCount records exist', () => {
    const r = obligationStatus({ ...base, minCount: 2, fulfilments: [at('2022-05-20T10:00:00+08:00')], now: at('2022-05-21T00:00:00+08:00') });
    expect(r).toEqual({ status: 'not_due', fulfilledAt: null, count: 1 });
  });
});

describe('expandObligations on the reference plan', () => {
  const instances = expandObligations(reference());
  const byKey = new Map(instances.map((i) => [i.key, i]));

  it('expands the monthly exposure over June–December 2022 with Shanghai month ends', () => {
    const monthly = instances.filter((i) => i.baseKey === 'exposure_monthly');
    expect(monthly.map((i) => i.key)).toEqual([
      'exposure_monthly:2022-06', 'exposure_monthly:2022-07', 'exposure_monthly:2022-08', 'exposure_monthly:2022-09',
      'exposure_monthly:2022-10', 'exposure_monthly:2022-11', 'exposure_monthly:2022-12',
    ]);
    const june = byKey.get('exposure_monthly:2022-06')!;
    expect(june.due.toISOString()).toBe('2022-06-30T16:00:00.000Z');
    expect(june.due.getTime()).toBe(at('2022-07-01T00:00:00+08:00').getTime());
    expect(june.windowStart?.toISOString()).toBe('2022-05-31T16:00:00.000Z');
    expect(june.windowEnd?.toISOString()).toBe('2022-06-30T16:00:00.000Z');
    expect(june.name.zh).toBe('典型案例媒体曝光（2022年6月）');
    expect(june.name.en).toBe('Media exposure of typical cases (June 2022)');
    expect(june).toMatchObject({ minCount: 1, targetCount: 2, unitTypes: ['city_office'], month: '2022-06' });
    expect(byKey.get('exposure_monthly:2022-12')?.due.toISOString()).toBe('2022-12-31T16:00:00.000Z');
  });

  it('makes the liaison form due at the end of 5/30 for every reporting unit type', () => {
    const liaison = byKey.get('liaison_form')!;
    expect(liaison.due.getTime()).toBe(endOfDay('2022-05-30').getTime());
    expect(liaison.unitTypes).toEqual(['county', 'zone', 'department', 'enterprise']);
    expect(liaison.form).toBe('liaison');
    expect(appliesTo(liaison, 'county')).toBe(true);
    expect(appliesTo(liaison, 'city_office')).toBe(false);
  });

  it('makes a windowed quota without a due day due at the end of its window', () => {
    const lead = byKey.get('violation_lead')!;
    expect(lead.due.toISOString()).toBe('2022-12-31T16:00:00.000Z');
    expect(lead.opensAt?.toISOString()).toBe('2022-05-31T16:00:00.000Z');
    expect(lead.unitTypes).toEqual(['county']);
    expect(inWindow(lead, at('2022-05-31T23:59:59+08:00'))).toBe(false);
    expect(inWindow(lead, at('2022-06-01T00:00:00+08:00'))).toBe(true);
    expect(inWindow(lead, at('2023-01-01T00:00:00+08:00'))).toBe(false);
  });

  it('gives each unit type its own to-do list', () => {
    expect(obligationsFor(instances, 'county').map((i) => i.key)).toEqual([
      'liaison_form', 'statistics_table', 'summary_report', 'electronic_material', 'violation_lead', 'activity_coverage',
    ]);
    expect(obligationsFor(instances, 'department').map((i) => i.key)).toEqual([
      'liaison_form', 'statistics_table', 'summary_report', 'electronic_material', 'activity_coverage',
    ]);
    expect(obligationsFor(instances, 'city_office')).toHaveLength(7);
    expect(obligationsFor(instances, 'township')).toEqual([]);
  });

  it('clips monthly windows to a period that starts mid-month', () => {
    const def = reference();
    const midMonth: CampaignDefinition = {
      ...def,
      periods: def.periods.map((p) => (p.key === 'tour' ? { ...p, start: '2022-06-16', end: '2022-08-10' } : p)),
    };
    const months = expandObligations(midMonth).filter((i) => i.baseKey === 'exposure_monthly');
    expect(months.map((i) => i.month)).toEqual(['2022-06', '2022-07', '2022-08']);
    expect(months[0]?.windowStart?.getTime()).toBe(at('2022-06-16T00:00:00+08:00').getTime());
    expect(months[2]?.windowEnd?.getTime()).toBe(at('2022-08-11T00:00:00+08:00').getTime());
    expect(months[2]?.due.getTime()).toBe(at('2022-09-01T00:00:00+08:00').getTime());
  });
});

const MONTH_CATEGORIES = ['study', 'launch', 'law', 'consultation', 'five_into', 'drills', 'warning'];

describe('the coverage obligation: at least one accepted activity in every Month task', () => {
  const coverage = expandObligations(reference()).find((i) => i.key === 'activity_coverage')!;
  const june = (day: number, time = '10:00:00') => at(`2022-06-${String(day).padStart(2, '0')}T${time}+08:00`);
  const covered = (categories: string[], when: Date) => categories.map((category) => ({ category, at: when }));
  const status = (fulfilments: { category: string; at: Date }[], now = at('2022-07-05T10:00:00+08:00')) =>
    coverageStatus({ due: coverage.due, categories: coverage.categories!, fulfilments, now, dueSoonDays: 3 });

  it('asks the seven Month categories (not the Tour) of every reporting unit by the end of 30 June', () => {
    expect(coverage).toMatchObject({ kind: 'coverage', section: '§五', categories: MONTH_CATEGORIES, minCount: 7 });
    expect(coverage.unitTypes).toEqual(['county', 'zone', 'department', 'enterprise']);
    expect(coverage.due.getTime()).toBe(at('2022-07-01T00:00:00+08:00').getTime());
  });

  it('lists the categories still missing and counts the distinct ones covered', () => {
    const r = status([...covered(['study', 'drills'], june(5)), { category: 'drills', at: june(6) }, { category: 'tour', at: june(7) }], june(20));
    expect(r).toEqual({ status: 'not_due', fulfilledAt: null, count: 2, missing: ['launch', 'law', 'consultation', 'five_into', 'warning'] });
  });

  it('is done when the last category gets its first activity, at that moment', () => {
    const r = status([...covered(MONTH_CATEGORIES.slice(0, 6), june(10)), { category: 'warning', at: june(28) }, { category: 'warning', at: june(12) }]);
    expect(r).toEqual({ status: 'done_on_time', fulfilledAt: june(12), count: 7, missing: [] });
  });

  it('is on time for a last category covered at 23:59:59.999 on 30 June, late at 00:00 on 1 July (Shanghai)', () => {
    const six = covered(MONTH_CATEGORIES.slice(0, 6), june(3));
    expect(status([...six, { category: 'warning', at: june(30, '23:59:59.999') }]).status).toBe('done_on_time');
    const late = status([...six, { category: 'warning', at: at('2022-07-01T00:00:00+08:00') }]);
    expect(late).toMatchObject({ status: 'done_late', fulfilledAt: at('2022-06-30T16:00:00.000Z'), missing: [] });
  });

  it('turns overdue at the first instant of 1 July while a category is missing', () => {
    const six = covered(MONTH_CATEGORIES.slice(0, 6), june(3));
    expect(status(six, june(30, '23:59:59.999'))).toMatchObject({ status: 'due_soon', count: 6, missing: ['warning'] });
    expect(status(six, at('2022-07-01T00:00:00+08:00'))).toMatchObject({ status: 'overdue', count: 6, missing: ['warning'] });
    expect(status(six, june(27, '23:59:59')).status).toBe('not_due');
  });

  it('takes the categories a definition lists, and refuses unknown or misplaced ones', () => {
    const def = reference();
    const listed: CampaignDefinition = {
      ...def,
      obligations: def.obligations.map((o) => (o.key === 'activity_coverage' ? { ...o, categories: ['drills', 'tour'] } : o)),
    };
    expect(expandObligations(listed).find((i) => i.key === 'activity_coverage')).toMatchObject({ categories: ['drills', 'tour'], minCount: 2 });
    const broken = structuredClone(def) as any;
    const i = broken.obligations.findIndex((o: { key: string }) => o.key === 'activity_coverage');
    broken.obligations[i].categories = ['drills', 'picnic', 'drills'];
    broken.obligations[i].window = 'month';
    broken.obligations[0].categories = ['drills'];
    const r = parseCampaign(broken);
    expect(r.ok ? [] : r.errors).toEqual([
      { path: 'obligations[0].categories', message: 'only allowed when kind is coverage' },
      { path: `obligations[${i}].window`, message: 'not allowed when kind is coverage' },
      { path: `obligations[${i}].categories[1]`, message: 'unknown task category "picnic"' },
      { path: `obligations[${i}].categories[2]`, message: 'duplicate category "drills"' },
    ]);
    delete broken.obligations[i].categories;
    delete broken.obligations[i].window;
    delete broken.obligations[0].categories;
    broken.obligations[i].due = '2022-06-29';
    const none = parseCampaign(broken);
    expect(none.ok ? [] : none.errors).toEqual([
      { path: `obligations[${i}].categories`, message: 'no task category\'s period ends by 2022-06-29; list the categories' },
    ]);
  });
});
