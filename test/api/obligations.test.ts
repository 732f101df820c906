import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildUnit, campaignCast, loginAs } from '../support/factories';
import type { Client } from '../support/client';
import { auditRows, countRows, expectError, expectFieldError, expectGarbageRefused, unitByCode } from '../support/api';

type Item = { key: string; due: string; status: string; fulfilledAt: string | null; count: number; minCount: number; name: { zh: string } };
type Cell = { status: string; fulfilledAt: string | null; count: number } | null;
type Row = { unit: { id: number; code: string; type: string }; cells: Record<string, Cell> };

const START = new Date('2022-05-20T10:00:00+08:00');
/** In deadline order: the activity coverage is due with the Month (6/30), before the 7/1 reports. */
const COUNTY_KEYS = ['liaison_form', 'activity_coverage', 'statistics_table', 'summary_report', 'electronic_material', 'violation_lead'];
const FORM_KEYS = COUNTY_KEYS.slice(0, 5);

describeDb('obligations: what each unit owes and by when', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let panlong: Client;
  let mine: string;
  let fulfil: (key: string) => string;

  beforeAll(async () => {
    // Sessions outlive the clock moves below (days, not hours).
    t = await startTestApp({ sessionHours: 24 * 365 });
    ({ admin, leader, wuhua, panlong } = await campaignCast(t));
    mine = `/api/campaigns/${t.campaignId}/obligations/mine`;
    fulfil = (key) => `/api/campaigns/${t.campaignId}/obligations/${key}/fulfilments`;
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  const todo = async (c: Client, unitId?: number) => {
    const r = await c.get(unitId ? `${mine}?unitId=${unitId}` : mine);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { unit: { code: string }; items: Item[] };
  };
  const item = async (c: Client, key: string, unitId?: number) => (await todo(c, unitId)).items.find((i) => i.key === key)!;

  it('lists a county reporter\'s six obligations with their deadlines, end of day in Shanghai', async () => {
    const list = await todo(wuhua);
    expect(list.unit).toMatchObject({ code: '530102', name: '五华区', type: 'county' });
    expect(list.items.map((i) => i.key)).toEqual(COUNTY_KEYS);
    const due = Object.fromEntries(list.items.map((i) => [i.key, i.due]));
    expect(due).toEqual({
      liaison_form: '2022-05-30T16:00:00.000Z',
      activity_coverage: '2022-06-30T16:00:00.000Z',
      statistics_table: '2022-07-01T16:00:00.000Z',
      summary_report: '2022-07-01T16:00:00.000Z',
      electronic_material: '2022-07-01T16:00:00.000Z',
      violation_lead: '2022-12-31T16:00:00.000Z',
    });
    expect(list.items.every((i) => i.status === 'not_due' && i.fulfilledAt === null && i.count === 0)).toBe(true);
    expect(list.items.find((i) => i.key === 'liaison_form')).toMatchObject({ name: { zh: '联络员反馈表（附件1）' }, section: '§七(四)', kind: 'form', form: 'liaison', minCount: 1 });
  });

  it('moves a status with the clock: not due, due within three days, overdue after the deadline', async () => {
    const guandu = await loginAs(t, 'unit_reporter', '530111');
    const at = async (iso: string) => { t.clock.now = new Date(iso); return (await item(guandu, 'liaison_form')).status; };
    expect(await at('2022-05-27T23:59:59+08:00')).toBe('not_due');
    expect(await at('2022-05-28T00:00:00+08:00')).toBe('due_soon');
    expect(await at('2022-05-30T23:59:59+08:00')).toBe('due_soon');
    expect(await at('2022-05-31T00:00:00+08:00')).toBe('overdue');
    expect(await at('2022-06-29T12:00:00+08:00')).toBe('overdue');
    // Other deadlines are measured on their own.
    expect((await item(guandu, 'statistics_table')).status).toBe('due_soon');
    expect((await item(guandu, 'violation_lead')).status).toBe('not_due');
  });

  it('records an offline submission: one second before midnight is on time, one second after is late', async () => {
    const wuhuaUnit = await unitByCode(t, '530102');
    const panlongUnit = await unitByCode(t, '530103');
    const onTime = await admin.post(fulfil('liaison_form'), { unitId: wuhuaUnit.id, at: '2022-05-30T23:59:59+08:00', note: '邮件报送' });
    expect(onTime.status).toBe(201);
    expect(onTime.body).toEqual({ id: expect.any(Number) });
    const late = await admin.post(fulfil('liaison_form'), { unitId: panlongUnit.id, at: '2022-05-31T00:00:01+08:00' });
    expect(late.status).toBe(201);

    t.clock.now = new Date('2022-06-02T09:00:00+08:00');
    expect(await item(wuhua, 'liaison_form')).toMatchObject({ status: 'done_on_time', fulfilledAt: '2022-05-30T15:59:59.000Z', count: 1 });
    expect(await item(panlong, 'liaison_form')).toMatchObject({ status: 'done_late', fulfilledAt: '2022-05-30T16:00:01.000Z', count: 1 });
    // The other obligations of those units are untouched.
    expect((await item(wuhua, 'statistics_table')).status).toBe('not_due');

    const row = await t.db.selectFrom('obligation_fulfilments').selectAll().where('id', '=', onTime.body.id).executeTakeFirstOrThrow();
    const adminId = (await t.db.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    expect(row).toMatchObject({ campaign_id: t.campaignId, unit_id: wuhuaUnit.id, obligation_key: 'liaison_form', source_type: 'offline', note: '邮件报送', recorded_by: adminId, fulfilled_at: '2022-05-30T15:59:59.000Z' });
    const [a] = await auditRows(t, { action: 'obligation.fulfil', entityId: onTime.body.id });
    expect(a!.after).toMatchObject({ unitId: wuhuaUnit.id, key: 'liaison_form', campaignId: t.campaignId });
    expect(a!.actor_id).toBe(adminId);
  });

  it('records "now" when no instant is given', async () => {
    const xishan = await unitByCode(t, '530112');
    t.clock.now = new Date('2022-06-20T15:30:00+08:00');
    const r = await admin.post(fulfil('statistics_table'), { unitId: xishan.id });
    expect(r.status).toBe(201);
    const c = await loginAs(t, 'unit_reporter', '530112');
    expect(await item(c, 'statistics_table')).toMatchObject({ status: 'done_on_time', fulfilledAt: '2022-06-20T07:30:00.000Z' });
  });

  it('counts a quota only inside its window: a violation lead before the Tour does not count', async () => {
    const dongchuan = await unitByCode(t, '530113');
    const c = await loginAs(t, 'unit_reporter', '530113');
    expect((await admin.post(fulfil('violation_lead'), { unitId: dongchuan.id, at: '2022-05-25T10:00:00+08:00' })).status).toBe(201);
    t.clock.now = new Date('2022-06-10T10:00:00+08:00');
    expect(await item(c, 'violation_lead')).toMatchObject({ status: 'not_due', count: 0, fulfilledAt: null });
    expect((await admin.post(fulfil('violation_lead'), { unitId: dongchuan.id, at: '2022-06-15T10:00:00+08:00' })).status).toBe(201);
    expect(await item(c, 'violation_lead')).toMatchObject({ status: 'done_on_time', count: 1, fulfilledAt: '2022-06-15T02:00:00.000Z' });
  });

  it('gives a department the four reports and the activity coverage but no violation lead; an enterprise and a zone the same', async () => {
    for (const code of ['D06', 'E01', 'Z01']) {
      const c = await loginAs(t, 'unit_reporter', code);
      expect((await todo(c)).items.map((i) => i.key), code).toEqual(FORM_KEYS);
    }
    const township = await buildUnit(t, { parentCode: '530102' });
    expect((await todo(wuhua, township.id)).items).toEqual([]);
  });

  it('gives the city office one media-exposure obligation per month of the Tour, and none of the units\' reports', async () => {
    const list = await todo(admin);
    expect(list.unit.code).toBe('530100-AW');
    const months = ['06', '07', '08', '09', '10', '11', '12'];
    expect(list.items.map((i) => i.key)).toEqual(months.map((m) => `exposure_monthly:2022-${m}`));
    expect(list.items[0]).toMatchObject({ name: { zh: '典型案例媒体曝光（2022年6月）' }, due: '2022-06-30T16:00:00.000Z', minCount: 1, targetCount: 2 });
    expect(list.items[6]!.due).toBe('2022-12-31T16:00:00.000Z');

    const city = await unitByCode(t, '530100-AW');
    expect((await admin.post(fulfil('exposure_monthly:2022-06'), { unitId: city.id, at: '2022-06-18T10:00:00+08:00' })).status).toBe(201);
    t.clock.now = new Date('2022-07-05T10:00:00+08:00');
    const after = await todo(admin);
    expect(after.items[0]).toMatchObject({ status: 'done_on_time', count: 1 });
    // June's exposure does not count for July.
    expect(after.items[1]).toMatchObject({ key: 'exposure_monthly:2022-07', status: 'not_due', count: 0 });
    expect(await item(leader, 'exposure_monthly:2022-06')).toMatchObject({ status: 'done_on_time' });
  });

  it('shows the matrix to the office and the leaders: a row per active participating unit, null where not owed, matching counts', async () => {
    const extra = await buildUnit(t, { parentCode: '530100-AW', type: 'department', name: '已撤销部门' });
    await admin.post(`/api/units/${extra.id}/deactivate`);
    t.clock.now = new Date('2022-06-02T09:00:00+08:00');
    const url = `/api/campaigns/${t.campaignId}/obligations/matrix`;
    const r = await admin.get(url);
    expect(r.status).toBe(200);
    expect((await leader.get(url)).body).toEqual(r.body);
    expectError(await wuhua.get(url), 403, 'request.forbidden');

    const rows = r.body.rows as Row[];
    const participating = await t.db.selectFrom('units').select('code')
      .where('active', '=', 1).where('type', 'in', ['city_office', 'county', 'zone', 'department', 'enterprise']).execute();
    expect(rows.map((x) => x.unit.code).sort()).toEqual(participating.map((u) => u.code).sort());
    expect(rows.map((x) => x.unit.code)).not.toContain(extra.code);
    expect(rows.some((x) => x.unit.type === 'township')).toBe(false);

    const byCode = (code: string) => rows.find((x) => x.unit.code === code)!;
    expect(byCode('530100-AW').cells.liaison_form).toBeNull();
    expect(byCode('D06').cells.violation_lead).toBeNull();
    expect(byCode('530102').cells['exposure_monthly:2022-06']).toBeNull();
    expect(byCode('530102').cells.liaison_form).toMatchObject({ status: 'done_on_time', count: 1 });
    expect(byCode('530103').cells.liaison_form).toMatchObject({ status: 'done_late' });
    expect(byCode('530111').cells.liaison_form).toMatchObject({ status: 'overdue', count: 0 });

    const keys = (r.body.obligations as { key: string }[]).map((o) => o.key);
    expect(keys).toEqual(expect.arrayContaining([...COUNTY_KEYS, 'exposure_monthly:2022-06']));
    for (const key of keys) {
      const cells = rows.map((x) => x.cells[key]).filter((c): c is NonNullable<Cell> => c !== null);
      expect(r.body.summary[key], key).toEqual({
        applicable: cells.length,
        done: cells.filter((c) => c.status === 'done_on_time' || c.status === 'done_late').length,
        onTime: cells.filter((c) => c.status === 'done_on_time').length,
        overdue: cells.filter((c) => c.status === 'overdue').length,
      });
    }
    expect(r.body.summary.liaison_form).toMatchObject({ applicable: rows.length - 1, done: 2, onTime: 1, overdue: rows.length - 3 });
    expect(r.body.summary.violation_lead.applicable).toBe(14);
  });

  it('filters the matrix by unit type', async () => {
    const url = `/api/campaigns/${t.campaignId}/obligations/matrix`;
    const counties = await admin.get(`${url}?unitType=county`);
    expect(counties.status).toBe(200);
    expect(counties.body.rows).toHaveLength(14);
    expect(counties.body.rows.every((x: Row) => x.unit.type === 'county')).toBe(true);
    expect(counties.body.summary.liaison_form.applicable).toBe(14);
    expect(counties.body.summary['exposure_monthly:2022-06'].applicable).toBe(0);
    const zones = await admin.get(`${url}?unitType=zone`);
    expect(zones.body.rows.map((x: Row) => x.unit.code).sort()).toEqual(['Z01', 'Z02', 'Z03', 'Z04', 'Z05']);
    expectFieldError(await admin.get(`${url}?unitType=village`), 'query.unitType');
    expectError(await admin.get(`/api/campaigns/987654/obligations/matrix`), 404, 'request.not_found');
  });

  it('answers "not found" when a county asks for another county\'s to-do, and lets it read its own sub-units', async () => {
    const panlongUnit = await unitByCode(t, '530103');
    expectError(await wuhua.get(`${mine}?unitId=${panlongUnit.id}`), 404, 'request.not_found');
    expectError(await wuhua.get(`${mine}?unitId=987654`), 404, 'request.not_found');
    expect((await todo(admin, panlongUnit.id)).unit.code).toBe('530103');
    expect((await todo(leader, panlongUnit.id)).unit.code).toBe('530103');
    expectError(await wuhua.get(`/api/campaigns/987654/obligations/mine`), 404, 'request.not_found');
  });

  it('refuses fulfilments for unknown obligations, units it does not apply to, bad instants, and from reporters', async () => {
    const before = await countRows(t, 'obligation_fulfilments');
    const wuhuaUnit = await unitByCode(t, '530102');
    const dept = await unitByCode(t, 'D06');
    const unknown = await admin.post(fulfil('no_such_thing'), { unitId: wuhuaUnit.id });
    expectFieldError(unknown, 'key', 'obligation.unknown', 404);
    expect(unknown.body.fields[0].message).toBe('活动方案中没有该任务：no_such_thing');
    expectFieldError(await admin.post(fulfil('exposure_monthly:2031-06'), { unitId: wuhuaUnit.id }), 'key', 'obligation.unknown', 404);

    const notMine = await admin.post(fulfil('violation_lead'), { unitId: dept.id, at: '2022-06-10T10:00:00+08:00' });
    expectFieldError(notMine, 'unitId', 'obligation.not_applicable');
    expect(notMine.body.fields[0].message).toBe('该任务不适用于此单位');
    expectFieldError(await admin.post(fulfil('liaison_form'), { unitId: (await unitByCode(t, '530100-AW')).id }), 'unitId', 'obligation.not_applicable');
    expectFieldError(await admin.post(fulfil('liaison_form'), { unitId: 987654 }), 'unitId', 'unit.missing');

    for (const at of ['yesterday', '2022-05-30', '2022-05-30T10:00:00', '2022-13-01T00:00:00+08:00', '2022-02-30T10:00:00+08:00', 20220530]) {
      expectFieldError(await admin.post(fulfil('liaison_form'), { unitId: wuhuaUnit.id, at }), 'at');
    }
    expectError(await wuhua.post(fulfil('liaison_form'), { unitId: wuhuaUnit.id, at: '2022-05-29T10:00:00+08:00' }), 403, 'request.forbidden');
    expectError(await leader.post(fulfil('liaison_form'), { unitId: wuhuaUnit.id }), 403, 'request.forbidden');
    expect(await countRows(t, 'obligation_fulfilments')).toBe(before);
  });

  it('never answers garbage with a server error', async () => {
    const before = await countRows(t, 'obligation_fulfilments');
    await expectGarbageRefused(admin, 'post', fulfil('liaison_form'));
    await expectGarbageRefused(admin, 'post', fulfil('x'.repeat(5000)));
    // The router's own refusals come in the same bilingual shape.
    const long = await admin.post(fulfil('x'.repeat(5000)), { unitId: 1 });
    expectError(long, 414, 'request.invalid');
    expectError(await admin.get('/api/units/%E0%A4%A'), 400, 'request.invalid');
    for (const q of ['unitId=99999999999', 'unitId=abc', 'unitId=-1']) expect((await admin.get(`${mine}?${q}`)).status, q).toBe(400);
    expect((await admin.get(`/api/campaigns/99999999999/obligations/matrix`)).status).toBe(400);
    expect(await countRows(t, 'obligation_fulfilments')).toBe(before);
  });
});
