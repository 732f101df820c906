import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildUnit, campaignCast, loginAs } from '../support/factories';
import type { Client } from '../support/client';
import { auditRows, expectError, expectFieldError, expectGarbageRefused, unitByCode } from '../support/api';

const START = new Date('2022-06-20T10:00:00+08:00');
const MONTH_CATEGORIES = ['study', 'launch', 'law', 'consultation', 'five_into', 'drills', 'warning'];
/** One form of each category, to cover them all. */
const FORM_OF: Record<string, string> = {
  study: 'group_study', launch: 'mobilisation_speech', law: 'case_based_teaching', consultation: 'onsite_consultation',
  five_into: 'into_schools', drills: 'field_drill', warning: 'onsite_meeting', tour: 'regional',
};

/** A drill as a county's reporter enters it. */
const drill = (extra: Record<string, unknown> = {}) => ({
  category: 'drills',
  forms: ['field_drill'],
  title: '危险化学品泄漏应急演练',
  startsOn: '2022-06-16',
  endsOn: '2022-06-16',
  countyCode: '530102',
  address: '普吉路 88 号',
  organiser: '五华区应急管理局',
  audience: '辖区危化企业员工',
  participants: 300,
  description: '模拟储罐泄漏，疏散、堵漏、洗消全流程',
  links: ['https://www.km.gov.cn/c/2022-06-16/drill.shtml'],
  isPublic: true,
  ...extra,
});

type Activity = { id: number; status: string; revision: number; [k: string]: any };

describeDb('activities: 活动记录 recorded, decided, counted in the statistics table and the to-do list, shown in public', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;
  let statsBase: string;
  /** 五华's drill, followed through the whole workflow. */
  let drillId: number;

  const unitId = async (code: string) => (await unitByCode(t, code)).id;
  const url = (id: number) => `${base}/${id}`;
  const activityCount = async () => Number((await t.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  async function created(c: Client, body: Record<string, unknown>): Promise<Activity> {
    const r = await c.post(base, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }
  async function ok(p: Promise<{ status: number; body: any }>): Promise<Activity> {
    const r = await p;
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }
  /** Created, submitted and accepted by the office. */
  async function accepted(c: Client, body: Record<string, unknown>): Promise<Activity> {
    const a = await created(c, body);
    await ok(c.post(`${url(a.id)}/submit`, {}));
    return ok(admin.post(`${url(a.id)}/accept`, {}));
  }
  const todoItem = async (c: Client, key: string) => {
    const r = await c.get(`/api/campaigns/${t.campaignId}/obligations/mine`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items.find((i: { key: string }) => i.key === key);
  };
  const photo = (color: string) => sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).jpeg().toBuffer();
  async function uploadPhoto(c: Client, name: string, fields: Record<string, string> = {}) {
    const r = await c.uploadForm(`/api/campaigns/${t.campaignId}/media`, fields, await photo('#3366aa'), name, 'image/jpeg');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: number };
  }

  beforeAll(async () => {
    // Sessions outlive the clock moves below (days, not hours).
    t = await startTestApp({ sessionHours: 24 * 365 });
    ({ admin, leader, wuhua, panlong } = await campaignCast(t));
    base = `/api/campaigns/${t.campaignId}/activities`;
    statsBase = `/api/campaigns/${t.campaignId}/statistics`;
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  it('records a drill as a draft: what it adds comes from its forms, the place is named, the write is audited', async () => {
    const a = await created(wuhua, drill());
    drillId = a.id;
    expect(a).toMatchObject({
      status: 'draft', revision: 1, title: '危险化学品泄漏应急演练', startsOn: '2022-06-16', endsOn: '2022-06-16', participants: 300,
      unit: { code: '530102', shortName: '五华' },
      category: { key: 'drills', name: { zh: '全领域应急演练' } },
      forms: [{ key: 'field_drill', name: { zh: '实战化应急演练' } }],
      place: { county: { code: '530102', name: '五华区' }, address: '普吉路 88 号' },
      contributions: { drills_held: 1, drill_participants: 300 },
      suggestedContributions: { drills_held: 1, drill_participants: 300 },
      links: ['https://www.km.gov.cn/c/2022-06-16/drill.shtml'],
      isPublic: true, returnComment: null, submittedAt: null, attachments: [],
      can: { edit: true, submit: true, decide: false, delete: true },
    });
    const [audit] = await auditRows(t, { action: 'activity.create', entityId: a.id });
    expect(audit!.after).toMatchObject({ unitId: await unitId('530102'), status: 'draft', category: 'drills', contributions: { drills_held: 1, drill_participants: 300 } });
    // The unit's own figures replace the defaults.
    const own = await created(wuhua, drill({ title: '自定', contributions: { drills_held: 2, drill_participants: 310, trainings_held: null } }));
    expect(own.contributions).toEqual({ drills_held: 2, drill_participants: 310 });
    expect(own.suggestedContributions).toEqual({ drills_held: 1, drill_participants: 300 });
    expect((await wuhua.delete(url(own.id))).status).toBe(204);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const before = await activityCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ endsOn: '2022-06-15' }, 'endsOn'],
      [{ category: 'picnic' }, 'category'],
      [{ participants: -5 }, 'participants'],
      [{ participants: 2.5 }, 'participants'],
      [{ links: ['javascript:alert(1)'] }, 'links.0'],
      [{ links: ['https://ok.example/a', 'www.km.gov.cn'] }, 'links.1'],
      [{ contributions: { shoe_size: 1 } }, 'contributions.shoe_size'],
      [{ contributions: { drills_held: -1 } }, 'contributions.drills_held'],
      [{ startsOn: '2022-07-02', endsOn: '2022-07-02' }, 'startsOn'],
      [{ startsOn: '2022-06-31' }, 'startsOn'],
      [{ forms: ['open_class'] }, 'forms.0'],
      [{ forms: [] }, 'forms'],
      [{ countyCode: '999999' }, 'countyCode'],
      [{ title: '   ' }, 'title'],
    ];
    for (const [extra, field] of cases) expectFieldError(await wuhua.post(base, drill(extra)), field);
    const late = await wuhua.post(base, drill({ endsOn: '2022-06-15' }));
    expect(late.body.fields[0]).toMatchObject({ message: '结束日期不能早于开始日期（2022-06-16）', messageEn: 'cannot be before the start date (2022-06-16)' });
    const outside = await wuhua.post(base, drill({ startsOn: '2022-07-02', endsOn: '2022-07-02' }));
    expect(outside.body.fields.map((f: { field: string }) => f.field)).toEqual(['startsOn', 'endsOn']);
    expect(outside.body.fields[0].message).toBe('应在“安全生产月”期间（2022-06-01 至 2022-06-30）');
    expect(await activityCount()).toBe(before);
    await expectGarbageRefused(wuhua, 'post', base);
    await expectGarbageRefused(wuhua, 'put', url(drillId));
    expect(await activityCount()).toBe(before);
  });

  it('keeps other counties out (404), the leading group read-only (403), and a stale edit out (409)', async () => {
    expectError(await panlong.get(url(drillId)), 404, 'request.not_found');
    expectError(await panlong.put(url(drillId), { ...drill(), revision: 1 }), 404, 'request.not_found');
    expectError(await panlong.post(`${url(drillId)}/submit`, {}), 404, 'request.not_found');
    expectError(await panlong.delete(url(drillId)), 404, 'request.not_found');
    expectError(await wuhua.get(`/api/campaigns/987654/activities/${drillId}`), 404, 'request.not_found');

    const seen = await ok(leader.get(url(drillId)));
    expect(seen.can).toEqual({ edit: false, submit: false, decide: false, delete: false });
    expectError(await leader.post(base, drill()), 403, 'request.forbidden');
    expectError(await leader.put(url(drillId), { ...drill(), revision: 1 }), 403, 'request.forbidden');
    expectError(await leader.post(`${url(drillId)}/submit`, {}), 403, 'request.forbidden');
    expectError(await leader.post(`${url(drillId)}/accept`, {}), 403, 'request.forbidden');
    expectError(await panlong.post(base, drill({ unitId: await unitId('530102') })), 404, 'request.not_found');

    const edited = await ok(wuhua.put(url(drillId), { ...drill({ participants: 280 }), revision: 1 }));
    expect(edited).toMatchObject({ revision: 2, participants: 280, contributions: { drills_held: 1, drill_participants: 280 } });
    expectError(await wuhua.put(url(drillId), { ...drill({ participants: 290 }), revision: 1 }), 409, 'activity.conflict');
    expectError(await wuhua.post(`${url(drillId)}/submit`, { revision: 1 }), 409, 'activity.conflict');
    expect((await ok(wuhua.get(url(drillId)))).participants).toBe(280);
  });

  it('runs the workflow: submit locks the unit out, the office returns with a comment, the unit corrects and resubmits, acceptance locks', async () => {
    const countyApprover = await loginAs(t, 'unit_approver', '530102');
    const submitted = await ok(wuhua.post(`${url(drillId)}/submit`, { revision: 2 }));
    expect(submitted).toMatchObject({ status: 'submitted', submittedAt: START.toISOString(), can: { edit: false, submit: false, delete: false } });
    expectError(await wuhua.put(url(drillId), { ...drill(), revision: submitted.revision }), 409, 'activity.not_editable');
    expectError(await wuhua.post(`${url(drillId)}/submit`, {}), 409, 'activity.not_editable');
    expectError(await wuhua.delete(url(drillId)), 409, 'activity.not_editable');
    // A reporter never decides; a county's own approver does not accept the county's own record.
    expectError(await wuhua.post(`${url(drillId)}/accept`, {}), 403, 'request.forbidden');
    expectError(await wuhua.post(`${url(drillId)}/return`, { comment: '退' }), 403, 'request.forbidden');
    expectError(await countyApprover.post(`${url(drillId)}/accept`, {}), 403, 'request.forbidden');
    expect((await ok(admin.get(url(drillId)))).can.decide).toBe(true);

    expectFieldError(await admin.post(`${url(drillId)}/return`, { comment: '  ' }), 'comment');
    const returned = await ok(admin.post(`${url(drillId)}/return`, { comment: '请补充演练参与人数的统计口径' }));
    expect(returned).toMatchObject({ status: 'returned', returnComment: '请补充演练参与人数的统计口径', decidedBy: { username: 'admin' } });
    const seen = await ok(wuhua.get(url(drillId)));
    expect(seen.can).toMatchObject({ edit: true, submit: true, delete: false });
    expectError(await admin.post(`${url(drillId)}/accept`, {}), 409, 'activity.wrong_state');

    const corrected = await ok(wuhua.put(url(drillId), { ...drill({ participants: 320, description: '含周边社区居民 20 人' }), revision: seen.revision }));
    expect(corrected).toMatchObject({ status: 'returned', contributions: { drills_held: 1, drill_participants: 320 } });
    const again = await ok(wuhua.post(`${url(drillId)}/submit`, { revision: corrected.revision }));
    expect(again).toMatchObject({ status: 'submitted', returnComment: null });

    const done = await ok(admin.post(`${url(drillId)}/accept`, { comment: '已核' }));
    expect(done).toMatchObject({ status: 'accepted', decidedAt: START.toISOString(), can: { edit: false, submit: false, decide: false, delete: false } });
    expectError(await wuhua.put(url(drillId), { ...drill(), revision: done.revision }), 409, 'activity.locked');
    expectError(await wuhua.post(`${url(drillId)}/submit`, {}), 409, 'activity.locked');
    expectError(await wuhua.delete(url(drillId)), 409, 'activity.locked');
    expectError(await admin.post(`${url(drillId)}/accept`, {}), 409, 'activity.locked');
    expectError(await admin.post(`${url(drillId)}/return`, { comment: '再看看' }), 409, 'activity.locked');

    const steps = (await auditRows(t, { entityType: 'activity', entityId: drillId })).map((a) => a.action);
    expect(steps).toEqual(['activity.create', 'activity.update', 'activity.submit', 'activity.return', 'activity.update', 'activity.submit', 'activity.accept']);

    // A draft may be deleted, and is gone; the deletion is audited.
    const scrap = await created(wuhua, drill({ title: '草稿' }));
    expect((await wuhua.delete(url(scrap.id))).status).toBe(204);
    expectError(await wuhua.get(url(scrap.id)), 404, 'request.not_found');
    expect((await auditRows(t, { action: 'activity.delete', entityId: scrap.id }))[0]!.before).toMatchObject({ title: '草稿' });
  });

  it('lets an approver of the county accept its township\'s activity, as the campaign says; not the township itself, nor another county', async () => {
    await buildUnit(t, { parentCode: '530102', type: 'township', code: 'T530102001', name: '华山街道' });
    const townReporter = await loginAs(t, 'unit_reporter', 'T530102001');
    const townApprover = await loginAs(t, 'unit_approver', 'T530102001');
    const countyApprover = await loginAs(t, 'unit_approver', '530102');
    const otherApprover = await loginAs(t, 'unit_approver', '530103');
    const a = await created(townReporter, drill({ title: '街道消防疏散演练', participants: 60, isPublic: false }));
    await ok(townReporter.post(`${url(a.id)}/submit`, {}));
    expectError(await townApprover.post(`${url(a.id)}/accept`, {}), 403, 'request.forbidden');
    expectError(await otherApprover.post(`${url(a.id)}/accept`, {}), 404, 'request.not_found');
    expect((await ok(countyApprover.get(url(a.id)))).can.decide).toBe(true);
    const done = await ok(countyApprover.post(`${url(a.id)}/accept`, {}));
    expect(done).toMatchObject({ status: 'accepted', unit: { code: 'T530102001', type: 'township' } });
    expect(done.decidedBy.username).toMatch(/^u_/);
    // A township owes no coverage obligation: nothing is recorded for it.
    const fulfilments = await t.db.selectFrom('obligation_fulfilments').selectAll().where('unit_id', '=', await unitId('T530102001')).execute();
    expect(fulfilments).toEqual([]);
    // The county sees its township's activities in its list.
    const list = await ok(wuhua.get(`${base}?unitId=${await unitId('T530102001')}`));
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
  });

  it('turns the coverage obligation done once each Month category has an accepted activity, listing the missing ones before', async () => {
    const guandu = await loginAs(t, 'unit_reporter', '530111');
    const guanduId = await unitId('530111');
    const before = await todoItem(guandu, 'activity_coverage');
    expect(before).toMatchObject({ kind: 'coverage', status: 'not_due', count: 0, minCount: 7, due: '2022-06-30T16:00:00.000Z', fulfilledAt: null });
    expect(before.missing.map((m: { key: string }) => m.key)).toEqual(MONTH_CATEGORIES);
    expect(before.missing[0]).toEqual({ key: 'study', name: { zh: '深入学习贯彻宣传习近平总书记关于安全生产重要论述', en: expect.any(String) } });

    const make = (category: string, extra: Record<string, unknown> = {}) => ({
      ...drill({ countyCode: '530111', address: '官渡区', isPublic: false }), category, forms: [FORM_OF[category]], title: `官渡区${category}活动`, ...extra,
    });
    for (const category of MONTH_CATEGORIES.slice(0, 6)) await accepted(guandu, make(category));
    await accepted(guandu, make('drills', { title: '第二场演练' }));
    await accepted(guandu, make('tour', { startsOn: '2022-08-10', endsOn: '2022-08-11' }));
    // Submitted but not accepted: not covered yet.
    const pending = await created(guandu, make('warning'));
    await ok(guandu.post(`${url(pending.id)}/submit`, {}));

    const partway = await todoItem(guandu, 'activity_coverage');
    expect(partway).toMatchObject({ status: 'not_due', count: 6, fulfilledAt: null });
    expect(partway.missing.map((m: { key: string }) => m.key)).toEqual(['warning']);
    const coverage = await ok(guandu.get(`${base}/units/${guanduId}/coverage`));
    expect(coverage.obligation).toMatchObject({ key: 'activity_coverage', due: '2022-06-30T16:00:00.000Z' });
    expect(coverage.categories.map((c: { key: string }) => c.key)).toEqual(MONTH_CATEGORIES);
    expect(coverage.categories.find((c: { key: string }) => c.key === 'drills')).toMatchObject({ accepted: 2, pending: 0 });
    expect(coverage.categories.find((c: { key: string }) => c.key === 'warning')).toMatchObject({ accepted: 0, pending: 1 });
    expect(coverage.missing).toEqual(['warning']);
    expectError(await panlong.get(`${base}/units/${guanduId}/coverage`), 404, 'request.not_found');

    // Submitted in the last second of June, accepted on 2 July: on time, as the unit submitted it in time.
    const last = await created(guandu, make('warning', { title: '事故警示教育现场会' }));
    t.clock.now = new Date('2022-06-30T23:59:59+08:00');
    await ok(guandu.post(`${url(last.id)}/submit`, {}));
    t.clock.now = new Date('2022-07-02T09:00:00+08:00');
    expect((await todoItem(guandu, 'activity_coverage')).status).toBe('overdue');
    await ok(admin.post(`${url(last.id)}/accept`, {}));
    await ok(admin.post(`${url(pending.id)}/accept`, {}));
    const done = await todoItem(guandu, 'activity_coverage');
    expect(done).toMatchObject({ status: 'done_on_time', count: 7, fulfilledAt: '2022-06-30T15:59:59.000Z', missing: [] });

    // One record per category, made by its first accepted activity; the Tour is not asked for.
    const rows = await t.db.selectFrom('obligation_fulfilments').selectAll()
      .where('unit_id', '=', guanduId).where('obligation_key', '=', 'activity_coverage').orderBy('id').execute();
    expect(rows.map((r) => r.source_id)).toEqual(MONTH_CATEGORIES);
    expect(rows.every((r) => r.source_type === 'activity')).toBe(true);
    expect((await auditRows(t, { action: 'activity.accept', entityId: last.id }))[0]!.after).toMatchObject({ fulfilled: ['activity_coverage'], category: 'warning' });
    const matrix = await ok(admin.get(`/api/campaigns/${t.campaignId}/obligations/matrix?unitType=county`));
    const cell = (matrix as any).rows.find((r: { unit: { code: string } }) => r.unit.code === '530111').cells.activity_coverage;
    expect(cell).toMatchObject({ status: 'done_on_time', count: 7 });
  });

  it('lets the office record a category covered offline, naming the category; other obligations take none', async () => {
    const xishan = await unitId('530112');
    const fulfil = (key: string) => `/api/campaigns/${t.campaignId}/obligations/${key}/fulfilments`;
    expectFieldError(await admin.post(fulfil('activity_coverage'), { unitId: xishan }), 'category', 'obligation.category_required');
    expectFieldError(await admin.post(fulfil('activity_coverage'), { unitId: xishan, category: 'tour' }), 'category', 'obligation.category_required');
    expectFieldError(await admin.post(fulfil('liaison_form'), { unitId: xishan, category: 'study' }), 'category', 'obligation.no_category');
    expect((await admin.post(fulfil('activity_coverage'), { unitId: xishan, category: 'study', note: '纸质材料' })).status).toBe(201);
    const item = await todoItem(await loginAs(t, 'unit_reporter', '530112'), 'activity_coverage');
    expect(item).toMatchObject({ status: 'not_due', count: 1 });
    expect(item.missing.map((m: { key: string }) => m.key)).toEqual(MONTH_CATEGORIES.slice(1));
    expect((await auditRows(t, { action: 'obligation.fulfil' }))[0]!.after).toMatchObject({ key: 'activity_coverage', category: 'study' });
  });

  it('pre-fills the statistics table from accepted activities; a changed figure needs a reason, which the office sees', async () => {
    const wuhuaUnit = `${statsBase}/units/${await unitId('530102')}`;
    const form = await ok(wuhua.get(wuhuaUnit));
    // Only 五华's own accepted drill: its township's is in the township's own table.
    expect(form.prefill).toEqual({ drills_held: 1, drill_participants: 320 });
    expect(form.overrides).toEqual([]);

    const values = { drills_held: 2, study_sessions: 3, study_participants: 90 };
    const check = await ok(wuhua.post(`${wuhuaUnit}/check`, { values: { ...values, drill_participants: 320 } }));
    expect(check.findings).toEqual([expect.objectContaining({ key: 'override.drills_held', kind: 'override', severity: 'soft', left: 2, right: 1 })]);

    const refused = await wuhua.post(`${wuhuaUnit}/submit`, { values });
    expectError(refused, 422, 'statistics.findings');
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['comments.override.drills_held']);
    expect(refused.body.fields[0].message).toContain('开展应急演练（2）与已接收活动记录的合计（1）不同');

    const filed = await ok(wuhua.post(`${wuhuaUnit}/submit`, { values, comments: { 'override.drills_held': '另有一场夜间演练未录入平台', 'override.gone': 'x' } }));
    // The blank drill participants took the pre-fill; the changed drills count kept its reason.
    expect(filed.report.values).toMatchObject({ drills_held: 2, drill_participants: 320, study_sessions: 3, banners_slogans: 0 });
    expect(filed.report.comments).toEqual({ 'override.drills_held': '另有一场夜间演练未录入平台' });
    expect(filed.overrides).toEqual([{ indicator: 'drills_held', prefill: 1, value: 2 }]);
    const list = await ok(admin.get(statsBase));
    expect(list.rows.find((r: { unit: { code: string } }) => r.unit.code === '530102')).toMatchObject({ status: 'submitted', overrides: 1, explained: 1 });
    expect(list.rows.find((r: { unit: { code: string } }) => r.unit.code === '530103')).toMatchObject({ status: 'missing', overrides: 0 });
    const office = await ok(admin.get(wuhuaUnit));
    expect(office.findings.map((f: { key: string }) => f.key)).toEqual(['override.drills_held']);

    // A unit with no accepted activity fills by hand, and nothing needs explaining.
    const panlongForm = await ok(panlong.get(`${statsBase}/units/${await unitId('530103')}`));
    expect(panlongForm.prefill).toEqual({});
    const plain = await ok(panlong.post(`${statsBase}/units/${await unitId('530103')}/submit`, { values: { study_sessions: 3, study_participants: 90 } }));
    expect(plain.report.values).toMatchObject({ drills_held: 0, drill_participants: 0 });
    expect(plain.overrides).toEqual([]);
  });

  it('filters the list by unit, category, status, date and text, a page at a time, within the caller\'s reach', async () => {
    const tour = await created(wuhua, drill({ category: 'tour', forms: ['regional', 'online'], title: '区域行：燃气安全', startsOn: '2022-06-29', endsOn: '2022-07-02' }));
    const list = async (c: Client, q: string) => (await ok(c.get(`${base}?${q}`))) as unknown as { items: Activity[]; total: number };
    const all = await list(admin, 'limit=200');
    const wuhuaSide = await list(wuhua, 'limit=200');
    expect(wuhuaSide.items.every((x) => ['530102', 'T530102001'].includes(x.unit.code))).toBe(true);
    expect((await list(panlong, 'limit=200')).total).toBe(0);
    expect((await list(leader, 'limit=200')).total).toBe(all.total);
    expect(all.total).toBeGreaterThan(wuhuaSide.total);

    expect((await list(admin, `unitId=${await unitId('530111')}&category=drills`)).items.map((x) => x.title)).toEqual(['第二场演练', '官渡区drills活动']);
    expect((await list(admin, `unitId=${await unitId('530102')}&status=draft`)).items.map((x) => x.id)).toEqual([tour.id]);
    expect((await list(admin, 'from=2022-07-01&to=2022-07-31')).items.map((x) => x.id)).toEqual([tour.id]);
    expect((await list(admin, 'from=2022-08-01')).items.map((x) => x.category.key)).toEqual(['tour']);
    expect((await list(admin, 'q=燃气')).items.map((x) => x.id)).toEqual([tour.id]);
    expect((await list(admin, 'q=%25')).total).toBe(0);
    const page = await list(admin, 'limit=2&offset=1');
    expect(page.items.map((x) => x.id)).toEqual(all.items.slice(1, 3).map((x) => x.id));
    expect(page.total).toBe(all.total);
    expectError(await panlong.get(`${base}?unitId=${await unitId('530102')}`), 404, 'request.not_found');
    expectFieldError(await admin.get(`${base}?status=done`), 'query.status');
    expectFieldError(await admin.get(`${base}?from=2022-06-31`), 'query.from');
  });

  it('shows a month as a calendar (an activity on each day it spans, the campaign\'s own dates) and a unit\'s timeline', async () => {
    const june = await ok(admin.get(`${base}/calendar?month=2022-06`)) as any;
    expect(june.month).toBe('2022-06');
    const day = (d: string) => june.days.find((x: { date: string }) => x.date === d);
    expect(day('2022-06-16').count).toBeGreaterThanOrEqual(2);
    expect(day('2022-06-16').items[0]).toMatchObject({ title: expect.any(String), status: expect.any(String), unit: { shortName: expect.any(String) } });
    expect(day('2022-06-30').items.map((x: { title: string }) => x.title)).toContain('区域行：燃气安全');
    expect(june.days.map((x: { date: string }) => x.date)).toEqual([...june.days.map((x: { date: string }) => x.date)].sort());
    expect(june.milestones.map((m: { key: string }) => m.key)).toEqual(['launch_ceremony', 'city_consultation_day', 'consultation_day']);
    const july = await ok(wuhua.get(`${base}/calendar?month=2022-07&unitId=${await unitId('530102')}`)) as any;
    expect(july.days.map((x: { date: string }) => x.date)).toEqual(['2022-07-01', '2022-07-02']);
    expect(july.milestones).toEqual([]);
    expect((await ok(panlong.get(`${base}/calendar?month=2022-06`)) as any).days).toEqual([]);
    expect((await ok(admin.get(`${base}/calendar?month=2022-06&status=accepted&category=warning`)) as any).days.map((x: { count: number }) => x.count)).toEqual([2]);
    expectFieldError(await admin.get(`${base}/calendar?month=2022-13`), 'query.month');
    expectFieldError(await admin.get(`${base}/calendar`), 'query.month');

    const timeline = await ok(wuhua.get(`${base}/units/${await unitId('530102')}/timeline`)) as any;
    expect(timeline.unit.code).toBe('530102');
    expect(timeline.periods.map((p: { key: string }) => p.key)).toEqual(['month', 'tour']);
    expect(timeline.items.map((x: { title: string; status: string }) => [x.title, x.status])).toEqual([
      ['危险化学品泄漏应急演练', 'accepted'], ['区域行：燃气安全', 'draft'],
    ]);
    expectError(await panlong.get(`${base}/units/${await unitId('530102')}/timeline`), 404, 'request.not_found');
  });

  it('attaches media of the unit\'s subtree and campaign only; an accepted record keeps its photos', async () => {
    const own = await uploadPhoto(wuhua, '演练现场.jpg');
    const town = await buildUnit(t, { parentCode: '530102', type: 'township', code: 'T530102002', name: '龙翔街道' });
    const fromTownship = await uploadPhoto(wuhua, '街道.jpg', { unitId: String(town.id) });
    const foreign = await uploadPhoto(panlong, '盘龙.jpg');
    const a = await created(wuhua, drill({ title: '“安全生产月”启动仪式', category: 'launch', forms: ['mobilisation_speech'], startsOn: '2022-06-01', endsOn: '2022-06-01', contributions: {} }));

    const attached = await ok(wuhua.post(`${url(a.id)}/media`, { mediaId: own.id }));
    expect(attached.attachments).toEqual([{ id: own.id, kind: 'image', originalName: '演练现场.jpg', takenOn: '2022-06-20', thumbUrl: `/api/media/${own.id}/thumb`, displayUrl: `/api/media/${own.id}/display` }]);
    expect(attached.revision).toBe(a.revision + 1);
    const twice = await ok(wuhua.post(`${url(a.id)}/media`, { mediaId: own.id }));
    expect(twice.attachments).toHaveLength(1);
    expect((await ok(wuhua.post(`${url(a.id)}/media`, { mediaId: fromTownship.id }))).attachments.map((m: { id: number }) => m.id)).toEqual([own.id, fromTownship.id]);
    for (const mediaId of [foreign.id, 987654]) expectFieldError(await wuhua.post(`${url(a.id)}/media`, { mediaId }), 'mediaId', 'activity.media_not_allowed');
    // A township's record cannot show its county's photos.
    const townReporter = await loginAs(t, 'unit_reporter', 'T530102002');
    const townActivity = await created(townReporter, drill({ title: '街道活动' }));
    expectFieldError(await townReporter.post(`${url(townActivity.id)}/media`, { mediaId: own.id }), 'mediaId', 'activity.media_not_allowed');

    const detached = await ok(wuhua.delete(`${url(a.id)}/media/${fromTownship.id}`));
    expect(detached.attachments.map((m: { id: number }) => m.id)).toEqual([own.id]);
    expectError(await wuhua.delete(`${url(a.id)}/media/${fromTownship.id}`), 404, 'request.not_found');
    expect((await auditRows(t, { entityType: 'activity', entityId: a.id })).map((x) => x.action)).toEqual(['activity.create', 'activity.attach', 'activity.attach', 'activity.detach']);

    await ok(wuhua.post(`${url(a.id)}/submit`, {}));
    expectError(await wuhua.post(`${url(a.id)}/media`, { mediaId: fromTownship.id }), 409, 'activity.not_editable');
    await ok(admin.post(`${url(a.id)}/accept`, {}));
    expectError(await wuhua.delete(`${url(a.id)}/media/${own.id}`), 409, 'activity.locked');
    expectError(await wuhua.delete(`/api/media/${own.id}`), 409, 'activity.media_locked');
    expectError(await admin.delete(`/api/media/${own.id}`), 409, 'activity.media_locked');
    // An item only a draft showed can still be deleted, and leaves the draft.
    await ok(townReporter.post(`${url(townActivity.id)}/media`, { mediaId: (await uploadPhoto(townReporter, 'x.jpg')).id }));
    const townItem = (await ok(townReporter.get(url(townActivity.id)))).attachments[0].id;
    expect((await townReporter.delete(`/api/media/${townItem}`)).status).toBe(204);
    expect((await ok(townReporter.get(url(townActivity.id)))).attachments).toEqual([]);
  });

  it('shows accepted public activities on the public page without an account: title, dates, place, unit, one photo; nothing else', async () => {
    const anonymous = t.client();
    // Accepted but not public, with a photo of its own; public but only submitted.
    const hidden = await created(wuhua, drill({ title: '内部培训', category: 'drills', forms: ['plan_training'], isPublic: false }));
    const hiddenPhoto = await uploadPhoto(wuhua, 'internal.jpg');
    await ok(wuhua.post(`${url(hidden.id)}/media`, { mediaId: hiddenPhoto.id }));
    await ok(wuhua.post(`${url(hidden.id)}/submit`, {}));
    await ok(admin.post(`${url(hidden.id)}/accept`, {}));
    const waiting = await created(wuhua, drill({ title: '待接收的公开活动' }));
    const waitingPhoto = await uploadPhoto(wuhua, 'waiting.jpg');
    await ok(wuhua.post(`${url(waiting.id)}/media`, { mediaId: waitingPhoto.id }));
    await ok(wuhua.post(`${url(waiting.id)}/submit`, {}));
    const loose = await uploadPhoto(wuhua, 'loose.jpg');

    const r = await anonymous.get(`/api/public/campaigns/kunming-2022/activities`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.campaign).toMatchObject({ code: 'kunming-2022', shortTitle: { zh: '昆明市2022年安全生产月' } });
    expect(r.body.items.map((x: { title: string }) => x.title)).toEqual(['危险化学品泄漏应急演练', '“安全生产月”启动仪式']);
    const [first, launch] = r.body.items;
    expect(first).toEqual({
      id: drillId, title: '危险化学品泄漏应急演练', startsOn: '2022-06-16', endsOn: '2022-06-16',
      place: { county: '五华区', address: '普吉路 88 号' }, unit: { shortName: '五华' },
      category: { key: 'drills', name: { zh: '全领域应急演练', en: 'Emergency drills in every field' } }, photoId: null, photoUrl: null,
    });
    expect(launch.photoId).toEqual(expect.any(Number));
    expect(launch.photoUrl).toBe(`/api/public/media/${launch.photoId}/display`);
    expect(JSON.stringify(r.body)).not.toMatch(/uploadedBy|originalUrl|username|participants|description|organiser/);

    const shown = await anonymous.get(launch.photoUrl);
    expect(shown.status).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect(shown.headers['x-content-type-options']).toBe('nosniff');
    expect((await sharp(shown.raw.rawPayload).metadata()).exif).toBeUndefined();
    for (const id of [hiddenPhoto.id, waitingPhoto.id, loose.id, 987654]) {
      expectError(await anonymous.get(`/api/public/media/${id}/display`), 404, 'request.not_found');
    }
    expectError(await anonymous.get(`/api/media/${launch.photoId}/display`), 401, 'auth.required');
    expectError(await anonymous.get('/api/public/campaigns/kunming-1999/activities'), 404, 'request.not_found');
    const page = await anonymous.get('/api/public/campaigns/kunming-2022/activities?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: launch.id }] });
    expectFieldError(await anonymous.get('/api/public/campaigns/kunming-2022/activities?limit=500'), 'query.limit');
  });

  it('never answers garbage with a server error on any write', async () => {
    const a = await created(wuhua, drill({ title: '垃圾测试' }));
    const before = await activityCount();
    await expectGarbageRefused(admin, 'post', base);
    await expectGarbageRefused(wuhua, 'put', url(a.id));
    await expectGarbageRefused(wuhua, 'post', `${url(a.id)}/submit`);
    await expectGarbageRefused(wuhua, 'post', `${url(a.id)}/media`);
    await expectGarbageRefused(admin, 'post', `${url(a.id)}/accept`);
    await expectGarbageRefused(admin, 'post', `${url(a.id)}/return`);
    expect(await activityCount()).toBe(before);
    expect((await ok(wuhua.get(url(a.id)))).status).toBe('draft');
  });
});
