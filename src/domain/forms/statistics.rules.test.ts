import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../campaign/campaign.load';
import type { CampaignDefinition } from '../campaign/campaign.schema';
import {
  checkOutliers, checkRules, completeValues, MAX_INDICATOR_VALUE, median, normaliseStatisticsValues, relevantComments, unexplained,
  type StatisticsValues,
} from './statistics.rules';
import { completeness, rollUp } from './statistics.rollup';
import { step } from './statistics.workflow';
import { isReportedStatus } from './reporting';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));

function stats(): CampaignDefinition['forms']['statistics'] {
  const r = loadCampaignFile(referencePath);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.campaign.forms.statistics;
}

describe('statistics values', () => {
  it('keeps whole non-negative counts, drops blanks and names each bad cell in form order', () => {
    const { indicators } = stats();
    const { values, errors } = normaliseStatisticsValues(indicators, {
      hazards_found: 12, drills_held: '3', study_sessions: null, media_reports: '',
      hazards_rectified: -1, drill_participants: 2.5, banners_slogans: 'many', cases_exposed: MAX_INDICATOR_VALUE + 1, shoe_size: 4,
    });
    expect(values).toEqual({ hazards_found: 12, drills_held: 3 });
    expect(errors).toEqual([
      { key: 'banners_slogans', code: 'not_integer' },
      { key: 'drill_participants', code: 'not_integer' },
      { key: 'hazards_rectified', code: 'negative' },
      { key: 'cases_exposed', code: 'too_large' },
      { key: 'shoe_size', code: 'unknown_indicator' },
    ]);
  });

  it('a submitted table has every indicator, blanks as 0', () => {
    const { indicators } = stats();
    const full = completeValues(indicators, { drills_held: 2 });
    expect(Object.keys(full)).toHaveLength(indicators.length);
    expect(full.drills_held).toBe(2);
    expect(full.hazards_found).toBe(0);
  });

  it('the reference plan defines 48 indicators over the 7 Month categories and the Tour', () => {
    const { indicators } = stats();
    expect(indicators).toHaveLength(48);
    expect(new Set(indicators.map((i) => i.category))).toEqual(
      new Set(['study', 'launch', 'law', 'consultation', 'five_into', 'drills', 'warning', 'tour']),
    );
  });
});

describe('statistics rules', () => {
  it('a hard rule: hazards rectified may not exceed hazards found', () => {
    const { rules } = stats();
    const findings = checkRules(rules, { hazards_found: 5, hazards_rectified: 6 });
    expect(findings).toContainEqual(expect.objectContaining({ key: 'rule.rectified_le_found', severity: 'hard', indicator: 'hazards_rectified', left: 6, right: 5 }));
    expect(checkRules(rules, { hazards_found: 6, hazards_rectified: 6 }).filter((f) => f.severity === 'hard')).toEqual([]);
  });

  it('a soft rule asks for a comment and is satisfied by one', () => {
    const { rules } = stats();
    const findings = checkRules(rules, { study_sessions: 4, study_participants: 2 });
    const soft = findings.filter((f) => f.severity === 'soft');
    expect(soft.map((f) => f.key)).toEqual(['rule.study_participants_ge_sessions']);
    expect(unexplained(findings, {})).toHaveLength(1);
    expect(unexplained(findings, { 'rule.study_participants_ge_sessions': '   ' })).toHaveLength(1);
    expect(unexplained(findings, { 'rule.study_participants_ge_sessions': '线上学习未统计人数' })).toEqual([]);
  });

  it('blanks compare as 0, so an empty table breaks no rule', () => {
    expect(checkRules(stats().rules, {})).toEqual([]);
  });

  it('keeps only comments that answer a current soft finding', () => {
    const findings = checkRules(stats().rules, { study_sessions: 4, study_participants: 2 });
    expect(relevantComments(findings, { 'rule.study_participants_ge_sessions': ' 已核实 ', 'rule.gone': 'old' }))
      .toEqual({ 'rule.study_participants_ge_sessions': '已核实' });
  });
});

describe('outliers against peers of the same type', () => {
  const { indicators } = stats();
  const outlier = { factorOverPeerMedian: 10, minPeers: 3 };
  const peers = [{ drills_held: 4 }, { drills_held: 6 }, { drills_held: 5 }];

  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('flags a value over 10 × the peer median, not one at it', () => {
    expect(checkOutliers(indicators, { drills_held: 50 }, peers, outlier)).toEqual([]);
    const [f] = checkOutliers(indicators, { drills_held: 51 }, peers, outlier);
    expect(f).toMatchObject({ key: 'outlier.drills_held', severity: 'soft', kind: 'outlier', median: 5, peers: 3, left: 51 });
    expect(f!.message.zh).toContain('开展应急演练');
  });

  it('judges nothing with fewer peers than the campaign asks for', () => {
    expect(checkOutliers(indicators, { drills_held: 5000 }, peers.slice(0, 2), outlier)).toEqual([]);
  });

  it('a peer median of 0 counts as 1', () => {
    const idle = [{}, {}, {}];
    expect(checkOutliers(indicators, { drills_held: 10 }, idle, outlier)).toEqual([]);
    expect(checkOutliers(indicators, { drills_held: 11 }, idle, outlier)).toHaveLength(1);
  });
});

describe('workflow', () => {
  it('walks draft → submitted → accepted without an approval step', () => {
    expect(step(null, 'save', false)).toEqual({ ok: true, status: 'draft' });
    expect(step('draft', 'submit', false)).toEqual({ ok: true, status: 'submitted' });
    expect(step('submitted', 'approve', false)).toEqual({ ok: false, error: 'no_approval' });
    expect(step('submitted', 'accept', false)).toEqual({ ok: true, status: 'accepted' });
  });

  it('with an approval step the office accepts only an approved table', () => {
    expect(step('submitted', 'accept', true)).toEqual({ ok: false, error: 'wrong_state' });
    expect(step('submitted', 'approve', true)).toEqual({ ok: true, status: 'approved' });
    expect(step('approved', 'accept', true)).toEqual({ ok: true, status: 'accepted' });
  });

  it('a returned table is edited and submitted again; a submitted one is not edited', () => {
    expect(step('submitted', 'return', false)).toEqual({ ok: true, status: 'returned' });
    expect(step('approved', 'return', true)).toEqual({ ok: true, status: 'returned' });
    expect(step('returned', 'save', false)).toEqual({ ok: true, status: 'returned' });
    expect(step('returned', 'submit', false)).toEqual({ ok: true, status: 'submitted' });
    expect(step('submitted', 'save', false)).toEqual({ ok: false, error: 'not_editable' });
    expect(step('draft', 'return', false)).toEqual({ ok: false, error: 'wrong_state' });
  });

  it('an accepted table is locked until the office reopens it', () => {
    for (const a of ['save', 'submit', 'return', 'accept'] as const) {
      expect(step('accepted', a, false)).toEqual({ ok: false, error: 'locked' });
    }
    expect(step('accepted', 'reopen', false)).toEqual({ ok: true, status: 'returned' });
    expect(step('submitted', 'reopen', false)).toEqual({ ok: false, error: 'wrong_state' });
  });

  it('counts as reported once submitted, not while returned or in draft', () => {
    expect(['draft', 'submitted', 'approved', 'accepted', 'returned'].map((s) => isReportedStatus(s as never))).toEqual([false, true, true, true, false]);
  });
});

describe('roll-up through the hierarchy', () => {
  // city(1) ─ county A(2) ─ township(5), county-owned enterprise(6, also owes the table)
  //         ─ county B(3)
  //         ─ department(4)
  const city = { id: 1, path: '/1/', type: 'city_office' as const };
  const countyA = { id: 2, path: '/1/2/', type: 'county' as const };
  const countyB = { id: 3, path: '/1/3/', type: 'county' as const };
  const dept = { id: 4, path: '/1/4/', type: 'department' as const };
  const ent = { id: 6, path: '/1/2/6/', type: 'enterprise' as const };
  const keys = ['drills_held', 'hazards_found'];
  const typeOrder = ['county', 'zone', 'department', 'enterprise'] as const;

  it('a county includes its reporting sub-units; subtotals per type; nothing counted twice', () => {
    const r = rollUp({
      rowUnits: [countyA, countyB, dept, ent],
      reported: new Map<number, StatisticsValues>([
        [2, { drills_held: 1, hazards_found: 10 }],
        [5, { drills_held: 2 }],
        [6, { drills_held: 4, hazards_found: 1 }],
        [4, { drills_held: 8 }],
      ]),
      reportedPaths: new Map([[5, '/1/2/5/']]),
      indicatorKeys: keys,
      typeOrder,
    });
    expect(r.rows.map((x) => x.unit.id)).toEqual([2, 3, 4]);
    expect(r.rows[0]).toMatchObject({ own: { drills_held: 1, hazards_found: 10 }, total: { drills_held: 7, hazards_found: 11 }, reports: 3 });
    expect(r.rows[1]).toMatchObject({ own: null, total: { drills_held: 0, hazards_found: 0 }, reports: 0 });
    expect(r.subtotals).toEqual([
      { type: 'county', units: 2, reports: 3, total: { drills_held: 7, hazards_found: 11 } },
      { type: 'department', units: 1, reports: 1, total: { drills_held: 8, hazards_found: 0 } },
    ]);
    expect(r.total).toEqual({ drills_held: 15, hazards_found: 11 });
    expect(r.reports).toBe(4);
  });

  it('ignores tables reported outside every owing branch (the city office itself)', () => {
    const r = rollUp({
      rowUnits: [countyA], reported: new Map([[1, { drills_held: 99 }]]), reportedPaths: new Map([[1, city.path]]),
      indicatorKeys: keys, typeOrder,
    });
    expect(r.total.drills_held).toBe(0);
  });
});

describe('completeness and timeliness at the deadline edge', () => {
  // 2022-07-01 is due: the exclusive deadline is 2022-07-02T00:00+08:00.
  const due = new Date('2022-07-01T16:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('23:59:59 on the due day is on time; midnight is late; missing counts against both', () => {
    const c = completeness([
      { type: 'county', form: { status: 'submitted', firstSubmittedAt: at('2022-07-01T15:59:59Z') } },
      { type: 'county', form: { status: 'accepted', firstSubmittedAt: at('2022-07-01T16:00:00Z') } },
      { type: 'county', form: null },
      { type: 'department', form: { status: 'approved', firstSubmittedAt: at('2022-06-20T02:00:00Z') } },
    ], due, ['county', 'zone', 'department', 'enterprise']);
    expect(c.byType).toEqual([
      { type: 'county', units: 3, submitted: 2, onTime: 1, completeness: 2 / 3, timeliness: 1 / 3 },
      { type: 'department', units: 1, submitted: 1, onTime: 1, completeness: 1, timeliness: 1 },
    ]);
    expect(c.overall).toEqual({ units: 4, submitted: 3, onTime: 2, completeness: 0.75, timeliness: 0.5 });
  });

  it('a returned table counts in neither completeness nor timeliness, though first filed on time; a draft neither', () => {
    const c = completeness([
      { type: 'county', form: { status: 'returned', firstSubmittedAt: at('2022-06-20T02:00:00Z') } },
      { type: 'county', form: { status: 'draft', firstSubmittedAt: null } },
      { type: 'county', form: { status: 'submitted', firstSubmittedAt: '2022-06-20T02:00:00.000Z' } },
    ], due, ['county']);
    expect(c.overall).toEqual({ units: 3, submitted: 1, onTime: 1, completeness: 1 / 3, timeliness: 1 / 3 });
  });

  it('no units: shares are 0, not NaN', () => {
    expect(completeness([], due, ['county']).overall).toEqual({ units: 0, submitted: 0, onTime: 0, completeness: 0, timeliness: 0 });
  });
});
