import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCampaignFile, parseCampaign } from '../campaign/campaign.load';
import type { CampaignDefinition } from '../campaign/campaign.schema';
import { relevantComments, unexplained } from '../forms/statistics.rules';
import {
  checkActivity, defaultContributions, isWebLink, overrideFindings, overridesOf, prefillOf, withPrefill, type ActivityFacts,
} from './activity.rules';
import { activityStep, isActivityEditable, type ActivityAction, type ActivityStatus } from './activity.workflow';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));

let cached: CampaignDefinition | undefined;
function reference(): CampaignDefinition {
  if (cached) return cached;
  const result = loadCampaignFile(referencePath);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return (cached = result.campaign);
}
const raw = (): any => parse(readFileSync(referencePath, 'utf8'));
const formsOf = (category: string, ...keys: string[]) =>
  keys.map((k) => reference().taskCategories.find((t) => t.key === category)!.forms.find((f) => f.key === k)!);

const drill: ActivityFacts = {
  category: 'drills', forms: ['field_drill'], startsOn: '2022-06-16', endsOn: '2022-06-16', participants: 300,
  links: ['https://www.km.gov.cn/news/2022/0616.html'],
};

describe('the reference plan maps activity forms to indicators', () => {
  it('gives one drill +1 drills held and its participants as drill participants', () => {
    expect(defaultContributions(formsOf('drills', 'field_drill'), 300)).toEqual({ drills_held: 1, drill_participants: 300 });
    expect(defaultContributions(formsOf('launch', 'emergency_drill'), 80)).toEqual({ drills_held: 1, drill_participants: 80 });
  });

  it('counts one activity once per indicator, however many of its forms count it', () => {
    expect(defaultContributions(formsOf('study', 'open_class', 'open_talk', 'team_meeting'), 40)).toEqual({ open_classes: 1 });
    expect(defaultContributions(formsOf('consultation', 'onsite_consultation', 'performance', 'anchor_live'), 500)).toEqual({
      consultation_events: 1, consultation_participants: 500, online_views: 500,
    });
  });

  it('maps each of the five "into" forms to its own indicator and leaves what is not one event unmapped', () => {
    expect(defaultContributions(formsOf('five_into', 'into_schools'), 600)).toEqual({ into_schools_events: 1, five_into_audience: 600 });
    expect(defaultContributions(formsOf('launch', 'banners', 'public_service_ads'), 10)).toEqual({});
  });

  it('reports a form that counts or seats an indicator the table does not have, at its path', () => {
    const def = raw();
    def.taskCategories[5].forms[0].counts = ['drills_held', 'drils_held'];
    def.tour.forms[1].participants = 'tourists';
    const r = parseCampaign(def);
    expect(r.ok ? [] : r.errors).toEqual([
      { path: 'taskCategories[5].forms[0].counts[1]', message: 'unknown indicator "drils_held"' },
      { path: 'tour.forms[1].participants', message: 'unknown indicator "tourists"' },
    ]);
  });

  it('lets township activities be accepted above them, and defaults to nobody but the office', () => {
    expect(reference().forms.activities.parentAccepts).toEqual(['township']);
    const def = raw();
    delete def.forms.activities;
    const r = parseCampaign(def);
    expect(r.ok && r.campaign.forms.activities).toEqual({ parentAccepts: [] });
  });
});

describe('checkActivity', () => {
  const errorsOf = (a: Partial<ActivityFacts>) => checkActivity(reference(), { ...drill, ...a }).errors;

  it('accepts a drill and settles its contributions from its forms', () => {
    expect(checkActivity(reference(), drill)).toEqual({ errors: [], contributions: { drills_held: 1, drill_participants: 300 } });
  });

  it('takes the unit\'s own contributions instead of the defaults, blanks dropped', () => {
    const r = checkActivity(reference(), { ...drill, contributions: { drills_held: 2, drill_participants: 310, trainings_held: null } });
    expect(r).toEqual({ errors: [], contributions: { drills_held: 2, drill_participants: 310 } });
  });

  it('refuses contributions to unknown indicators and figures that are not whole numbers from 0', () => {
    // In the order of the form, unknown ones last: the first message points at the first bad cell.
    expect(errorsOf({ contributions: { shoe_size: 3, trainings_held: 2_000_000_000, drill_participants: 2.5, drills_held: -1 } })).toEqual([
      { field: 'contributions.drills_held', code: 'negative', params: expect.any(Object) },
      { field: 'contributions.drill_participants', code: 'not_integer', params: expect.any(Object) },
      { field: 'contributions.trainings_held', code: 'too_large', params: expect.any(Object) },
      { field: 'contributions.shoe_size', code: 'unknown_indicator', params: expect.any(Object) },
    ]);
  });

  it('refuses an unknown category, and forms that are not its own or repeated', () => {
    expect(errorsOf({ category: 'picnic' })).toEqual([{ field: 'category', code: 'unknown_category' }]);
    expect(errorsOf({ forms: ['field_drill', 'open_class', 'field_drill'] })).toEqual([
      { field: 'forms.1', code: 'unknown_form', params: { category: '全领域应急演练', categoryEn: 'Emergency drills in every field' } },
      { field: 'forms.2', code: 'duplicate_form' },
    ]);
    expect(errorsOf({ forms: [] })).toEqual([{ field: 'forms', code: 'no_form' }]);
  });

  it('keeps dates inside the category\'s period and the end on or after the start', () => {
    expect(errorsOf({ endsOn: '2022-06-15' })).toEqual([{ field: 'endsOn', code: 'ends_before_start', params: { start: '2022-06-16' } }]);
    expect(errorsOf({ startsOn: '2022-05-31' })).toEqual([
      { field: 'startsOn', code: 'outside_period', params: { period: '安全生产月', periodEn: 'Work-Safety Month', start: '2022-06-01', end: '2022-06-30' } },
    ]);
    expect(errorsOf({ endsOn: '2022-07-01' }).map((e) => [e.field, e.code])).toEqual([['endsOn', 'outside_period']]);
    expect(errorsOf({ startsOn: '2022-02-30', endsOn: '2022-06-31' }).map((e) => [e.field, e.code])).toEqual([['startsOn', 'invalid_date'], ['endsOn', 'invalid_date']]);
    // The Tour runs until December.
    expect(errorsOf({ category: 'tour', forms: ['regional'], startsOn: '2022-10-08', endsOn: '2022-10-09' })).toEqual([]);
    expect(errorsOf({ startsOn: '2022-06-01', endsOn: '2022-06-30' })).toEqual([]);
  });

  it('refuses negative or fractional participants and links that are not http(s) addresses', () => {
    expect(errorsOf({ participants: -1 })).toEqual([{ field: 'participants', code: 'participants', params: expect.any(Object) }]);
    expect(errorsOf({ participants: 1.5 }).map((e) => e.field)).toEqual(['participants']);
    expect(errorsOf({ links: ['https://ok.example/a', 'javascript:alert(1)', 'www.example.com', 'ftp://x.example/f', 'http://'] }).map((e) => e.field))
      .toEqual(['links.1', 'links.2', 'links.3', 'links.4']);
    expect(isWebLink('HTTP://Example.COM/路径?q=1')).toBe(true);
    expect(errorsOf({ links: Array.from({ length: 21 }, (_, i) => `https://example.com/${i}`) })[0]).toMatchObject({ field: 'links', code: 'too_many_links' });
  });
});

describe('the statistics pre-fill', () => {
  const indicators = () => reference().forms.statistics.indicators;

  it('sums the contributions of accepted activities only', () => {
    const prefill = prefillOf([
      { status: 'accepted', contributions: { drills_held: 1, drill_participants: 300 } },
      { status: 'accepted', contributions: { drills_held: 1, drill_participants: 120, open_classes: 1 } },
      { status: 'submitted', contributions: { drills_held: 1, drill_participants: 999 } },
      { status: 'returned', contributions: { warning_meetings: 1 } },
      { status: 'draft', contributions: { warning_meetings: 1 } },
    ]);
    expect(prefill).toEqual({ drills_held: 2, drill_participants: 420, open_classes: 1 });
    expect(prefillOf([])).toEqual({});
  });

  it('lists the figures that differ from it, in the order of the form; blanks and unmentioned indicators are no overrides', () => {
    const prefill = { drills_held: 2, drill_participants: 420, open_classes: 1 };
    expect(overridesOf(indicators(), { drill_participants: 450, drills_held: 2, study_sessions: 9 }, prefill)).toEqual([
      { indicator: 'drill_participants', prefill: 420, value: 450 },
    ]);
    expect(overridesOf(indicators(), { open_classes: 0, drills_held: 3 }, prefill).map((o) => o.indicator)).toEqual(['open_classes', 'drills_held']);
  });

  it('asks for a reason keyed override.<indicator> for each override, and keeps the reason once given', () => {
    const prefill = { drills_held: 2, drill_participants: 420 };
    const values = { drills_held: 3, drill_participants: 420 };
    const findings = overrideFindings(indicators(), values, prefill);
    expect(findings).toEqual([expect.objectContaining({
      key: 'override.drills_held', severity: 'soft', kind: 'override', indicator: 'drills_held', left: 3, right: 2,
    })]);
    expect(findings[0]!.message.zh).toContain('开展应急演练（3）与已接收活动记录的合计（2）不同');
    expect(unexplained(findings, {})).toHaveLength(1);
    expect(unexplained(findings, { 'override.drills_held': '  ' })).toHaveLength(1);
    expect(unexplained(findings, { 'override.drills_held': '另有一场演练未录入平台' })).toEqual([]);
    expect(relevantComments(findings, { 'override.drills_held': ' 另有一场演练未录入平台 ', 'override.open_classes': '过时' }))
      .toEqual({ 'override.drills_held': '另有一场演练未录入平台' });
    expect(overrideFindings(indicators(), { drills_held: 2 }, prefill)).toEqual([]);
  });

  it('fills the blanks of a submitted table from the pre-fill, never the figures typed', () => {
    expect(withPrefill({ drills_held: 5 }, { drills_held: 2, drill_participants: 420 })).toEqual({ drills_held: 5, drill_participants: 420 });
  });
});

describe('the activity workflow', () => {
  const table: [ActivityStatus | null, ActivityAction, ReturnType<typeof activityStep>][] = [
    [null, 'create', { ok: true, status: 'draft' }],
    ['draft', 'create', { ok: false, error: 'wrong_state' }],
    ['draft', 'update', { ok: true, status: 'draft' }],
    ['draft', 'submit', { ok: true, status: 'submitted' }],
    ['draft', 'accept', { ok: false, error: 'wrong_state' }],
    ['draft', 'delete', { ok: true, status: null }],
    ['submitted', 'update', { ok: false, error: 'not_editable' }],
    ['submitted', 'submit', { ok: false, error: 'not_editable' }],
    ['submitted', 'delete', { ok: false, error: 'not_editable' }],
    ['submitted', 'accept', { ok: true, status: 'accepted' }],
    ['submitted', 'return', { ok: true, status: 'returned' }],
    ['returned', 'update', { ok: true, status: 'returned' }],
    ['returned', 'submit', { ok: true, status: 'submitted' }],
    ['returned', 'accept', { ok: false, error: 'wrong_state' }],
    ['returned', 'return', { ok: false, error: 'wrong_state' }],
    ['returned', 'delete', { ok: false, error: 'not_editable' }],
    ['accepted', 'update', { ok: false, error: 'locked' }],
    ['accepted', 'submit', { ok: false, error: 'locked' }],
    ['accepted', 'accept', { ok: false, error: 'locked' }],
    ['accepted', 'return', { ok: false, error: 'locked' }],
    ['accepted', 'delete', { ok: false, error: 'locked' }],
  ];
  it.each(table)('%s --%s→ %j', (status, action, expected) => {
    expect(activityStep(status, action)).toEqual(expected);
  });

  it('lets the unit edit only drafts and returned records', () => {
    expect((['draft', 'submitted', 'accepted', 'returned'] as const).filter(isActivityEditable)).toEqual(['draft', 'returned']);
  });
});
