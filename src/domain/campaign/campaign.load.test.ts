import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { endOfDay } from '../time';
import { formatPath, loadCampaignFile, parseCampaign, parseCampaignYaml } from './campaign.load';
import type { CampaignDefinition } from './campaign.schema';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));
const referenceText = readFileSync(referencePath, 'utf8');

let cached: CampaignDefinition | undefined;
function reference(): CampaignDefinition {
  if (cached) return cached;
  const result = loadCampaignFile(referencePath);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return (cached = result.campaign);
}

/** The reference as plain data, to break one thing at a time. */
function raw(): any {
  return parse(referenceText);
}

function errorsOf(input: unknown) {
  const result = parseCampaign(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

const COUNTY_CODES = [
  '530102', '530103', '530111', '530112', '530113', '530114', '530115',
  '530124', '530125', '530126', '530127', '530128', '530129', '530181',
];

describe('the reference plan kunming-2022.yaml', () => {
  it('passes the schema', () => {
    const result = loadCampaignFile(referencePath);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('carries the identity of 昆安办〔2022〕35号', () => {
    const c = reference();
    expect(c.code).toBe('kunming-2022');
    expect(c.year).toBe(2022);
    expect(c.identity.edition).toBe(21);
    expect(c.identity.theme.zh).toBe('遵守安全生产法 当好第一责任人');
    expect(c.identity.documentNumber).toBe('昆安办〔2022〕35号');
    expect(c.identity.issuedOn).toBe('2022-05-16');
    expect(c.identity.legalBasis.map((b) => b.documentNumber)).toEqual(['安委办〔2022〕7号', '云安办函〔2022〕32号']);
    expect(c.leadingGroup.leader.name).toBe('周晓贤');
    expect(c.leadingGroup.deputies.map((d) => d.name)).toEqual(['王雁鹏', '何树升', '张伟']);
    expect(c.contact).toMatchObject({ email: 'kmyjxwxcc@163.com', person: '赵师佳' });
  });

  it('has the Month and the Tour periods', () => {
    const c = reference();
    expect(c.periods.map((p) => [p.key, p.start, p.end])).toEqual([
      ['month', '2022-06-01', '2022-06-30'],
      ['tour', '2022-06-01', '2022-12-31'],
    ]);
  });

  it('has the launch in 富民县 on 6/1 and the approximate consultation day', () => {
    const c = reference();
    const launch = c.milestones.find((m) => m.key === 'launch_ceremony');
    expect(launch).toMatchObject({ date: '2022-06-01', approximate: false, place: { zh: '富民县' } });
    expect(c.milestones.find((m) => m.key === 'consultation_day')).toMatchObject({ date: '2022-06-16', approximate: true });
  });

  it('has 14 counties with their GB/T 2260 codes, 5 zones, enough departments and enterprises', () => {
    const c = reference();
    const ofType = (t: string) => c.units.filter((u) => u.type === t);
    expect(ofType('county').map((u) => u.code).sort()).toEqual(COUNTY_CODES);
    expect(ofType('zone')).toHaveLength(5);
    expect(ofType('department').length).toBeGreaterThanOrEqual(20);
    expect(ofType('enterprise').length).toBeGreaterThanOrEqual(4);
    const [office, ...more] = ofType('city_office');
    expect(more).toEqual([]);
    expect(c.units.filter((u) => u.type !== 'city_office').every((u) => u.parent === office?.code)).toBe(true);
  });

  it('has the 7 Month task categories plus the Tour, and the Tour forms and 6 themes', () => {
    const c = reference();
    expect(c.taskCategories.filter((t) => t.period === 'month').map((t) => t.key)).toEqual([
      'study', 'launch', 'law', 'consultation', 'five_into', 'drills', 'warning',
    ]);
    expect(c.taskCategories.filter((t) => t.period === 'tour').map((t) => t.key)).toEqual(['tour']);
    expect(c.tour.forms.map((f) => f.name.zh)).toEqual(['专题行', '区域行', '网上行']);
    expect(c.tour.themes).toHaveLength(6);
  });

  it('gives every task category indicators in the statistics table', () => {
    const c = reference();
    const covered = new Set(c.forms.statistics.indicators.map((i) => i.category));
    expect(c.taskCategories.every((t) => covered.has(t.key))).toBe(true);
    expect(c.forms.statistics.rules.find((r) => r.key === 'rectified_le_found')).toMatchObject({
      severity: 'hard', left: 'hazards_rectified', op: '<=', right: 'hazards_found',
    });
  });

  it('makes the liaison form due by the end of 2022-05-30', () => {
    const c = reference();
    const liaison = c.obligations.find((o) => o.key === 'liaison_form');
    expect(liaison?.due).toBe('2022-05-30');
    expect(endOfDay(liaison?.due ?? '').toISOString()).toBe('2022-05-30T16:00:00.000Z');
    expect(c.reminders.dueSoonDays).toBe(3);
  });
});

describe('broken definitions', () => {
  it('reports an impossible date at its path', () => {
    const def = raw();
    def.obligations[1].due = '2022-02-30';
    expect(errorsOf(def)).toEqual([{ path: 'obligations[1].due', message: 'invalid date' }]);
  });

  it('reports an impossible date from YAML text', () => {
    const text = referenceText.replace('issuedOn: "2022-05-16"', 'issuedOn: "2022-05-32"');
    const result = parseCampaignYaml(text);
    expect(result.ok ? [] : result.errors).toEqual([{ path: 'identity.issuedOn', message: 'invalid date' }]);
  });

  it('reports an unknown period reference', () => {
    const def = raw();
    def.taskCategories[7].period = 'toor';
    def.obligations[4].window = 'toor';
    expect(errorsOf(def)).toEqual([
      { path: 'taskCategories[7].period', message: 'unknown period "toor"' },
      { path: 'obligations[4].window', message: 'unknown period "toor"' },
    ]);
  });

  it('reports duplicate keys', () => {
    const def = raw();
    def.taskCategories[1].forms.push({ key: 'banners', name: { zh: '横幅', en: 'Banners' } });
    def.obligations.push({ ...def.obligations[0] });
    const errors = errorsOf(def);
    expect(errors).toContainEqual({ path: `taskCategories[1].forms[${def.taskCategories[1].forms.length - 1}].key`, message: 'duplicate key "banners"' });
    expect(errors).toContainEqual({ path: `obligations[${def.obligations.length - 1}].key`, message: 'duplicate key "liaison_form"' });
  });

  it('reports a duplicate unit code, an unknown parent and a second organiser', () => {
    const def = raw();
    def.units.push({ code: '530102', name: '重复', shortName: '重复', type: 'county', parent: '530100-AW' });
    def.units.push({ code: 'X1', name: '另一个', shortName: '另一个', type: 'city_office', parent: 'NOPE' });
    def.units.push({ code: 'X2', name: '第二个组织单位', shortName: '第二个', type: 'city_office' });
    const errors = errorsOf(def);
    const n = def.units.length - 1;
    expect(errors).toContainEqual({ path: `units[${n - 2}].code`, message: 'duplicate code "530102"' });
    expect(errors).toContainEqual({ path: `units[${n - 1}].parent`, message: 'unknown unit "NOPE"' });
    expect(errors).toContainEqual({ path: 'units', message: 'exactly one unit without a parent (the organiser) required, found 2' });
  });

  it('reports broken references of obligations, indicators and rules', () => {
    const def = raw();
    def.obligations[0].appliesTo.push('villages');
    def.forms.statistics.indicators[0].category = 'studdy';
    def.forms.statistics.rules[0].right = 'hazards_fond';
    expect(errorsOf(def)).toEqual([
      { path: 'obligations[0].appliesTo[4]', message: 'unknown participant group "villages"' },
      { path: 'forms.statistics.indicators[0].category', message: 'unknown task category "studdy"' },
      { path: 'forms.statistics.rules[0].right', message: 'unknown indicator "hazards_fond"' },
    ]);
  });

  it('reports a period that ends before it starts', () => {
    const def = raw();
    def.periods[0].end = '2022-05-31';
    expect(errorsOf(def)).toEqual([{ path: 'periods[0].end', message: 'end 2022-05-31 is before start 2022-06-01' }]);
  });

  it('requires the form and due of a form obligation, and a window for a recurring quota', () => {
    const def = raw();
    delete def.obligations[0].form;
    delete def.obligations[0].due;
    delete def.obligations[5].window;
    def.obligations[5].targetCount = 0;
    const errors = errorsOf(def);
    expect(errors).toContainEqual({ path: 'obligations[0].form', message: 'required when kind is form' });
    expect(errors).toContainEqual({ path: 'obligations[0].due', message: 'required when kind is form' });
    expect(errors).toContainEqual({ path: 'obligations[5].window', message: 'required for a recurring quota' });
    expect(errors.some((e) => e.path === 'obligations[5].targetCount')).toBe(true);
  });

  it('reports an empty translation and a misspelt key', () => {
    const def = raw();
    def.identity.theme.zh = '  ';
    def.obligations[0].minCout = 2;
    expect(errorsOf(def)).toEqual([
      { path: 'identity.theme.zh', message: 'required' },
      { path: 'obligations[0].minCout', message: 'unknown key "minCout"' },
    ]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const result = parseCampaignYaml('schemaVersion: 1\ncode: [kunming-2022\nyear: 2022\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe('(yaml)');
    expect(result.errors[0]?.message).toMatch(/^line \d+, col \d+: /);
  });

  it('fills defaults an author may leave out', () => {
    const def = raw();
    delete def.reminders;
    delete def.forms.statistics.outlier;
    delete def.obligations[4].minCount;
    const result = parseCampaign(def);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.campaign.reminders.dueSoonDays).toBe(3);
    expect(result.campaign.forms.statistics.outlier).toEqual({ factorOverPeerMedian: 10, minPeers: 3 });
    expect(result.campaign.obligations[4]?.minCount).toBe(1);
  });
});

describe('formatPath', () => {
  it('writes keys with dots and indices in brackets', () => {
    expect(formatPath(['obligations', 1, 'due'])).toBe('obligations[1].due');
    expect(formatPath(['identity', 'theme', 'zh'])).toBe('identity.theme.zh');
    expect(formatPath([])).toBe('(root)');
  });
});
