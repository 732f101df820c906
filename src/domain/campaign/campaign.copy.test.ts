import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addYears, isDay, isIsoDateTime } from '../time';
import { copyCampaignToYear } from './campaign.copy';
import { loadCampaignFile, parseCampaign } from './campaign.load';
import type { CampaignDefinition } from './campaign.schema';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));

function reference(): CampaignDefinition {
  const result = loadCampaignFile(referencePath);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.campaign;
}

/** Every string leaf with its path, so two trees can be compared date by date. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

const issue = { documentNumber: '昆安办〔2027〕12号', issuedOn: '2027-05-20' };

const isDate = (v: unknown): v is string => typeof v === 'string' && (isDay(v) || isIsoDateTime(v));

describe('copyCampaignToYear', () => {
  const original = reference();
  const copy = copyCampaignToYear(original, 2027, issue);

  it('starts the new year with an empty holiday calendar: holidays move with the lunar calendar', () => {
    expect(original.cases.calendar.holidays).toContain('2022-06-03');
    expect(copy.cases.calendar).toEqual({ holidays: [], workdays: [] });
    expect(copy.cases.deadlines).toEqual(original.cases.deadlines);
  });

  it('shifts every date in the definition by the year difference', () => {
    const before = leaves(original);
    const after = new Map(leaves(copy));
    // The holiday calendar is not shifted but emptied (see the next test).
    // The issue date is the new plan's own (see below), not a shifted one.
    const dates = before.filter(([p, v]) => isDate(v) && !p.startsWith('cases.calendar') && p !== 'identity.issuedOn');
    // 2 periods × 2, 3 milestones, 5 obligation due days
    expect(dates).toHaveLength(12);
    for (const [path, value] of dates) {
      expect({ path, value: after.get(path) }).toEqual({ path, value: addYears(value as string, 5) });
    }
    expect(copy.periods.map((p) => [p.start, p.end])).toEqual([
      ['2027-06-01', '2027-06-30'],
      ['2027-06-01', '2027-12-31'],
    ]);
    expect(copy.identity.issuedOn).toBe('2027-05-20');
    expect(copy.obligations.find((o) => o.key === 'liaison_form')?.due).toBe('2027-05-30');
  });

  it('moves year, code, titles and edition together', () => {
    expect(copy.year).toBe(2027);
    expect(copy.code).toBe('kunming-2027');
    expect(copy.identity.edition).toBe(26);
    expect(copy.identity.title.zh).toBe('昆明市2027年“安全生产月”及“安全生产万里行”活动方案');
    expect(copy.identity.title.en).toContain('Kunming 2027');
    expect(copy.identity.shortTitle.zh).toBe('昆明市2027年安全生产月');
  });

  it('keeps everything that is not a date', () => {
    const after = new Map(leaves(copy));
    const moved = new Set(['year', 'code', 'identity.edition', 'identity.documentNumber']);
    const changedNonDates = leaves(original)
      .filter(([path, value]) => after.get(path) !== value && !isDate(value))
      .map(([path]) => path)
      .filter((path) => !moved.has(path) && !/^identity\.(title|shortTitle)\./.test(path));
    expect(changedNonDates).toEqual([]);
    expect(copy.units).toEqual(original.units);
  });

  it('carries the new plan’s document number and issue date, not last year’s', () => {
    expect(copy.identity.documentNumber).toBe('昆安办〔2027〕12号');
    expect(copy.identity.issuedOn).toBe('2027-05-20');
    expect(copy.identity.legalBasis).toEqual(original.identity.legalBasis);
  });

  it('produces a definition that still passes the schema', () => {
    const result = parseCampaign(copy);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('does not change the original', () => {
    expect(original.year).toBe(2022);
    expect(original.periods[0]?.start).toBe('2022-06-01');
  });

  it('appends the year to a code without one', () => {
    expect(copyCampaignToYear({ ...original, code: 'kunming' }, 2023, issue).code).toBe('kunming-2023');
  });

  it('lands a leap day on Feb 28 of a common year', () => {
    const leap: CampaignDefinition = {
      ...original,
      year: 2024,
      code: 'kunming-2024',
      milestones: [...original.milestones, { ...original.milestones[0]!, key: 'leap', date: '2024-02-29' }],
    };
    const shifted = copyCampaignToYear(leap, 2027, issue);
    expect(shifted.milestones.find((m) => m.key === 'leap')?.date).toBe('2027-02-28');
    expect(copyCampaignToYear(leap, 2028, issue).milestones.find((m) => m.key === 'leap')?.date).toBe('2028-02-29');
    expect(parseCampaign(shifted).ok).toBe(true);
  });
});
