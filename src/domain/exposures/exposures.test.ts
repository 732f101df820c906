import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCampaign } from '../campaign/campaign.parse';
import { roles, type Role } from '../accounts/roles';
import {
  availableReviewActions,
  canMediaSee,
  currentReviewStep,
  DRAFT,
  exposureReviewActions,
  isEditable,
  reviewStep,
  type ExposureReviewAction,
  type ExposureReviewChain,
  type ExposureState,
} from './exposure.review';
import { monthlyExposure, tourMonths } from './exposure.quota';

const referenceText = readFileSync(fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url)), 'utf8');

/** The reference plan's chain: the publicity staff screen, the office's leader approves. */
const CHAIN: ExposureReviewChain = [
  { key: 'screen', role: 'reviewer', name: { zh: '筛选', en: 'Screen' } },
  { key: 'approve', role: 'leader', name: { zh: '审核批准', en: 'Approve' } },
];

const draft = DRAFT;
const screening: ExposureState = { status: 'in_review', stage: 0 };
const approving: ExposureState = { status: 'in_review', stage: 1 };
const approved: ExposureState = { status: 'approved', stage: null };
const published: ExposureState = { status: 'published', stage: null };
const withdrawn: ExposureState = { status: 'withdrawn', stage: null };
const STATES: [string, ExposureState][] = [
  ['draft', draft], ['screening', screening], ['approving', approving], ['approved', approved], ['published', published], ['withdrawn', withdrawn],
];

/** Every legal step of the default chain with a comment given; anything not listed must be refused. */
const LEGAL: [ExposureState, ExposureReviewAction, Role[], ExposureState][] = [
  [draft, 'edit', ['city_admin'], draft],
  [draft, 'submit', ['city_admin'], screening],
  [screening, 'pass', ['reviewer'], approving],
  [screening, 'return', ['reviewer'], draft],
  [approving, 'pass', ['leader'], approved],
  [approving, 'return', ['leader'], draft],
  [approved, 'return', ['city_admin', 'leader'], draft],
  [approved, 'publish', ['city_admin'], published],
  [published, 'withdraw', ['city_admin'], withdrawn],
];

describe('the review of a typical case (default chain)', () => {
  it('allows every legal step to the right role, and refuses every other (state × action × role)', () => {
    let refused = 0;
    for (const [name, state] of STATES) {
      for (const action of exposureReviewActions) {
        for (const role of roles) {
          const legal = LEGAL.find(([s, a, rs]) => s === state && a === action && rs.includes(role));
          const r = reviewStep(state, action, [role], CHAIN, { comment: '人脸未打码' });
          if (legal) expect(r, `${name} ${action} by ${role}`).toEqual({ ok: true, state: legal[3] });
          else {
            expect(r.ok, `${name} ${action} by ${role} must be refused`).toBe(false);
            refused++;
          }
        }
      }
    }
    // 6 states × 6 actions × 7 roles, minus the legal ones.
    expect(refused).toBe(6 * 6 * roles.length - LEGAL.reduce((n, [, , rs]) => n + rs.length, 0));
  });

  it('names why: the wrong state before the wrong role, the role before a missing comment', () => {
    expect(reviewStep(draft, 'pass', ['reviewer'], CHAIN)).toEqual({ ok: false, error: 'wrong_state' });
    expect(reviewStep(screening, 'pass', ['leader'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(approving, 'pass', ['reviewer'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(draft, 'submit', ['reviewer'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(approved, 'publish', ['leader'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(published, 'publish', ['city_admin'], CHAIN)).toEqual({ ok: false, error: 'wrong_state' });
    expect(reviewStep(withdrawn, 'withdraw', ['city_admin'], CHAIN, { comment: 'x' })).toEqual({ ok: false, error: 'wrong_state' });
    expect(reviewStep(published, 'return', ['city_admin'], CHAIN, { comment: 'x' })).toEqual({ ok: false, error: 'wrong_state' });
    expect(reviewStep(screening, 'return', ['leader'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
  });

  it('a return from each review step, and from approved, needs a comment and leads back to draft', () => {
    for (const [state, role] of [[screening, 'reviewer'], [approving, 'leader'], [approved, 'city_admin'], [approved, 'leader']] as const) {
      expect(reviewStep(state, 'return', [role], CHAIN)).toEqual({ ok: false, error: 'comment_required' });
      expect(reviewStep(state, 'return', [role], CHAIN, { comment: '  \n ' })).toEqual({ ok: false, error: 'comment_required' });
      expect(reviewStep(state, 'return', [role], CHAIN, { comment: '车牌未打码' })).toEqual({ ok: true, state: DRAFT });
    }
    // The screener has no say once the leader has approved.
    expect(reviewStep(approved, 'return', ['reviewer'], CHAIN, { comment: 'x' })).toEqual({ ok: false, error: 'wrong_role' });
  });

  it('walks the whole chain: submit, screen, approve, publish', () => {
    let state = DRAFT;
    for (const [action, role] of [['submit', 'city_admin'], ['pass', 'reviewer'], ['pass', 'leader'], ['publish', 'city_admin']] as const) {
      const r = reviewStep(state, action, [role], CHAIN);
      if (!r.ok) throw new Error(`${action} by ${role}: ${r.error}`);
      state = r.state;
    }
    expect(state).toEqual(published);
  });

  it('a withdrawal needs a reason and ends the case', () => {
    expect(reviewStep(published, 'withdraw', ['city_admin'], CHAIN)).toEqual({ ok: false, error: 'comment_required' });
    expect(reviewStep(published, 'withdraw', ['city_admin'], CHAIN, { comment: ' ' })).toEqual({ ok: false, error: 'comment_required' });
    expect(reviewStep(published, 'withdraw', ['leader'], CHAIN, { comment: '当事企业申诉' })).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(published, 'withdraw', ['city_admin'], CHAIN, { comment: '当事企业申诉' })).toEqual({ ok: true, state: withdrawn });
    expect(availableReviewActions(withdrawn, roles, CHAIN)).toEqual([]);
  });

  it('an edit is for drafts only: locked from submission on, published included', () => {
    expect(isEditable(draft)).toBe(true);
    for (const state of [screening, approving, approved, published, withdrawn]) {
      expect(isEditable(state)).toBe(false);
      expect(reviewStep(state, 'edit', ['city_admin'], CHAIN)).toEqual({ ok: false, error: 'locked' });
    }
    expect(reviewStep(draft, 'edit', ['reviewer'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
  });

  it('media partners see published cases only', () => {
    expect(STATES.filter(([, s]) => canMediaSee(s)).map(([name]) => name)).toEqual(['published']);
    expect(availableReviewActions(published, ['media_partner'], CHAIN)).toEqual([]);
  });

  it('offers each account its own next steps, an account holding two roles both', () => {
    expect(availableReviewActions(draft, ['city_admin'], CHAIN)).toEqual(['edit', 'submit']);
    expect(availableReviewActions(screening, ['reviewer'], CHAIN)).toEqual(['pass', 'return']);
    expect(availableReviewActions(screening, ['city_admin'], CHAIN)).toEqual([]);
    expect(availableReviewActions(approved, ['city_admin'], CHAIN)).toEqual(['return', 'publish']);
    expect(availableReviewActions(approved, ['leader'], CHAIN)).toEqual(['return']);
    expect(availableReviewActions(published, ['city_admin', 'leader'], CHAIN)).toEqual(['withdraw']);
  });

  it('names the step a case in review awaits', () => {
    expect(currentReviewStep(screening, CHAIN)?.key).toBe('screen');
    expect(currentReviewStep(approving, CHAIN)?.key).toBe('approve');
    expect(currentReviewStep(approved, CHAIN)).toBeNull();
  });

  it('a chain shortened mid-review leaves the case waiting on the last step, never skipping it', () => {
    const stale: ExposureState = { status: 'in_review', stage: 5 };
    expect(currentReviewStep(stale, CHAIN)?.key).toBe('approve');
    expect(reviewStep(stale, 'pass', ['reviewer'], CHAIN)).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(stale, 'pass', ['leader'], CHAIN)).toEqual({ ok: true, state: approved });
  });

  it('refuses an empty chain outright: the schema requires a step', () => {
    expect(() => reviewStep(draft, 'submit', ['city_admin'], [])).toThrow(RangeError);
  });
});

describe('review chains of other lengths', () => {
  it('one step: submit, the leader passes, approved', () => {
    const chain: ExposureReviewChain = [{ key: 'approve', role: 'leader', name: { zh: '审核', en: 'Approve' } }];
    const submitted = reviewStep(draft, 'submit', ['city_admin'], chain);
    expect(submitted).toEqual({ ok: true, state: { status: 'in_review', stage: 0 } });
    expect(reviewStep({ status: 'in_review', stage: 0 }, 'pass', ['leader'], chain)).toEqual({ ok: true, state: approved });
    expect(reviewStep({ status: 'in_review', stage: 0 }, 'pass', ['reviewer'], chain)).toEqual({ ok: false, error: 'wrong_role' });
    expect(reviewStep(approved, 'return', ['leader'], chain, { comment: 'x' })).toEqual({ ok: true, state: DRAFT });
  });

  it('three steps: each passes only to its own role, in order, and each may return', () => {
    const chain: ExposureReviewChain = [
      { key: 'screen', role: 'reviewer', name: { zh: '筛选', en: 'Screen' } },
      { key: 'legal', role: 'case_handler', name: { zh: '法制审核', en: 'Legal check' } },
      { key: 'approve', role: 'leader', name: { zh: '审核批准', en: 'Approve' } },
    ];
    const order: Role[] = ['reviewer', 'case_handler', 'leader'];
    let state: ExposureState = { status: 'in_review', stage: 0 };
    order.forEach((role, i) => {
      for (const other of order.filter((r) => r !== role)) {
        expect(reviewStep(state, 'pass', [other], chain), `stage ${i} by ${other}`).toEqual({ ok: false, error: 'wrong_role' });
      }
      expect(reviewStep(state, 'return', [role], chain, { comment: '补充材料' })).toEqual({ ok: true, state: DRAFT });
      const r = reviewStep(state, 'pass', [role], chain);
      expect(r).toEqual({ ok: true, state: i < 2 ? { status: 'in_review', stage: i + 1 } : approved });
      if (r.ok) state = r.state;
    });
    expect(reviewStep(state, 'publish', ['city_admin'], chain)).toEqual({ ok: true, state: published });
  });
});

describe('tour months', () => {
  it('are every calendar month of the Tour', () => {
    expect(tourMonths('2022-06-01', '2022-12-31')).toEqual(['2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12']);
    expect(tourMonths('2022-12-15', '2023-01-10')).toEqual(['2022-12', '2023-01']);
    expect(() => tourMonths('2022-12-31', '2022-06-01')).toThrow(RangeError);
    expect(() => tourMonths('2022-06-31', '2022-12-31')).toThrow(RangeError);
  });
});

describe('the monthly exposure quota (Asia/Shanghai months)', () => {
  const months = tourMonths('2022-06-01', '2022-12-31');
  const quota = (published: { at: Date; withdrawnAt?: Date | null }[], now: string) =>
    monthlyExposure({ months, published, now: new Date(now), minCount: 1, targetCount: 2 });
  const statusOf = (published: { at: Date; withdrawnAt?: Date | null }[], now: string, month: string) =>
    quota(published, now).find((m) => m.month === month);

  it('counts a case in the Shanghai month of its publication, not the UTC one', () => {
    const lastSecondOfJune = { at: new Date('2022-06-30T23:59:59+08:00') };
    const firstInstantOfJuly = { at: new Date('2022-06-30T16:00:00Z') }; // 2022-07-01 00:00 in Shanghai
    const result = quota([lastSecondOfJune, firstInstantOfJuly], '2022-07-15T12:00:00+08:00');
    expect(result.slice(0, 2)).toEqual([
      { month: '2022-06', count: 1, status: 'met' },
      { month: '2022-07', count: 1, status: 'met' },
    ]);
    expect(result.slice(2).every((m) => m.status === 'upcoming' && m.count === 0)).toBe(true);
  });

  it('a month still empty within five days of its end is at risk; a day earlier it is open', () => {
    expect(statusOf([], '2022-06-27T09:00:00+08:00', '2022-06')).toEqual({ month: '2022-06', count: 0, status: 'at_risk' });
    expect(statusOf([], '2022-06-26T00:00:00+08:00', '2022-06')?.status).toBe('at_risk');
    expect(statusOf([], '2022-06-25T23:59:59+08:00', '2022-06')?.status).toBe('open');
    expect(monthlyExposure({ months, published: [], now: new Date('2022-06-27T09:00:00+08:00'), minCount: 1, warnDays: 3 })[0]?.status).toBe('open');
  });

  it('a month that ended without a case is short, from the first instant of the next month', () => {
    expect(statusOf([], '2022-06-30T23:59:59+08:00', '2022-06')?.status).toBe('at_risk');
    expect(statusOf([], '2022-06-30T16:00:00Z', '2022-06')?.status).toBe('short');
    expect(statusOf([], '2022-12-01T10:00:00+08:00', '2022-08')?.status).toBe('short');
  });

  it('one case meets the quota at once, two meet the target', () => {
    const one = [{ at: new Date('2022-06-10T10:00:00+08:00') }];
    const two = [...one, { at: new Date('2022-06-20T10:00:00+08:00') }];
    expect(statusOf(one, '2022-06-12T10:00:00+08:00', '2022-06')).toEqual({ month: '2022-06', count: 1, status: 'met' });
    expect(statusOf(two, '2022-06-28T10:00:00+08:00', '2022-06')).toEqual({ month: '2022-06', count: 2, status: 'target_met' });
    expect(statusOf([...two, { at: new Date('2022-06-21T10:00:00+08:00') }], '2022-07-02T10:00:00+08:00', '2022-06')).toEqual({
      month: '2022-06', count: 3, status: 'target_met',
    });
    // Without a target only the minimum is judged.
    expect(monthlyExposure({ months: ['2022-06'], published: two, now: new Date('2022-07-02T00:00:00+08:00'), minCount: 1 })).toEqual([
      { month: '2022-06', count: 2, status: 'met' },
    ]);
  });

  it('a withdrawn case does not count, even when withdrawn after its month ended', () => {
    const june = new Date('2022-06-10T10:00:00+08:00');
    const withdrawnInJuly = [{ at: june, withdrawnAt: new Date('2022-07-05T10:00:00+08:00') }];
    expect(statusOf(withdrawnInJuly, '2022-07-10T10:00:00+08:00', '2022-06')).toEqual({ month: '2022-06', count: 0, status: 'short' });
    // As of a day before the withdrawal, the case still stood.
    expect(statusOf(withdrawnInJuly, '2022-07-01T10:00:00+08:00', '2022-06')).toEqual({ month: '2022-06', count: 1, status: 'met' });
    expect(statusOf([{ at: june, withdrawnAt: null }], '2022-07-10T10:00:00+08:00', '2022-06')?.count).toBe(1);
  });

  it('ignores publications outside the listed months and refuses impossible quotas', () => {
    expect(quota([{ at: new Date('2022-05-31T10:00:00+08:00') }], '2022-06-02T10:00:00+08:00')[0]).toEqual({ month: '2022-06', count: 0, status: 'open' });
    const now = new Date('2022-06-02T10:00:00+08:00');
    expect(() => monthlyExposure({ months, published: [], now, minCount: 0 })).toThrow(RangeError);
    expect(() => monthlyExposure({ months, published: [], now, minCount: 2, targetCount: 1 })).toThrow(RangeError);
    expect(() => monthlyExposure({ months: ['2022-13'], published: [], now, minCount: 1 })).toThrow(RangeError);
  });
});

describe("the campaign's exposure section", () => {
  const raw = (): any => parse(referenceText);
  const parsed = (input: unknown) => {
    const r = parseCampaign(input);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.campaign;
  };
  const errorsOf = (input: unknown) => {
    const r = parseCampaign(input);
    return r.ok ? [] : r.errors;
  };

  it('the reference plan screens by the publicity staff, approves by the leader, and names the outlets of §六', () => {
    const c = parsed(raw());
    expect(c.exposure.reviewChain.map((x) => [x.key, x.role, x.name.zh])).toEqual([
      ['screen', 'reviewer', '宣传人员筛选'],
      ['approve', 'leader', '领导审核'],
    ]);
    expect(c.exposure.outlets).toEqual(['云南广播电视台新媒体', '昆明日报', '昆明广播电视台', '春城晚报']);
    // Its monthly quota is the obligation's, over the Tour's months.
    const tour = c.periods.find((p) => p.key === 'tour')!;
    const quota = c.obligations.find((o) => o.key === 'exposure_monthly')!;
    expect([tourMonths(tour.start, tour.end).length, quota.minCount, quota.targetCount]).toEqual([7, 1, 2]);
    // The parsed chain drives the workflow as it is.
    expect(reviewStep(DRAFT, 'submit', ['city_admin'], c.exposure.reviewChain)).toEqual({ ok: true, state: screening });
  });

  it('a campaign without the section gets the same chain and no outlets', () => {
    const def = raw();
    delete def.exposure;
    const c = parsed(def);
    expect(c.exposure.reviewChain.map((x) => [x.key, x.role])).toEqual([['screen', 'reviewer'], ['approve', 'leader']]);
    expect(c.exposure.outlets).toEqual([]);
  });

  it('refuses an empty chain, repeated keys, unknown roles, a media partner reviewing and stray keys', () => {
    const def = raw();
    def.exposure.reviewChain = [];
    expect(errorsOf(def).map((e) => e.path)).toEqual(['exposure.reviewChain']);

    const again = raw();
    again.exposure.reviewChain.push({ key: 'screen', role: 'media_partner', name: { zh: '媒体', en: 'Media' } });
    again.exposure.reviewChain.push({ key: 'legal', role: 'lawyer', name: { zh: '法制', en: 'Legal' } });
    again.exposure.outlets.push('');
    again.exposure.channel = 'tv';
    expect(errorsOf(again)).toEqual(
      expect.arrayContaining([
        { path: 'exposure.reviewChain[3].role', message: 'unknown role "lawyer"' },
        { path: 'exposure.outlets[4]', message: 'required' },
        { path: 'exposure.channel', message: 'unknown key "channel"' },
      ]),
    );

    const mediaReviews = raw();
    mediaReviews.exposure.reviewChain.push({ key: 'screen', role: 'media_partner', name: { zh: '媒体', en: 'Media' } });
    expect(errorsOf(mediaReviews)).toEqual([
      { path: 'exposure.reviewChain[2].key', message: 'duplicate key "screen"' },
      { path: 'exposure.reviewChain[2].role', message: 'a media partner cannot review a case' },
    ]);
  });
});
