import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { loginAs } from '../support/factories';
import type { Client } from '../support/client';
import { auditRows, countRows, expectError, expectFieldError, expectGarbageRefused } from '../support/api';

type Def = {
  code: string;
  year: number;
  identity: { title: { zh: string; en: string }; theme: { zh: string; en: string }; documentNumber: string; edition: number; issuedOn: string };
  periods: { key: string; start: string; end: string }[];
  obligations: { key: string; due?: string; minCount?: number }[];
  milestones: { key: string; date: string }[];
};

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const addYears = (day: string, n: number) => `${Number(day.slice(0, 4)) + n}${day.slice(4)}`;
/** A copy is a new plan: it names its own document number and issue date. */
const copyBody = (year: number) => ({ year, documentNumber: `昆安办〔${year}〕12号`, issuedOn: `${year}-05-20` });

describeDb('campaigns: the plan as data, copied from year to year', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let reporter: Client;
  let source: Def;
  let copyId: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
    leader = await loginAs(t, 'leader', '530100-AW');
    reporter = await loginAs(t, 'unit_reporter', '530102');
    source = (await admin.get(`/api/campaigns/${t.campaignId}`)).body.definition;
  });
  afterAll(async () => t?.close());

  const storedDefinition = async (id: number) =>
    JSON.parse((await t.db.selectFrom('campaigns').select('definition').where('id', '=', id).executeTakeFirstOrThrow()).definition) as Def;

  it('lets every signed-in role read the campaign: title, theme, document number', async () => {
    const department = await loginAs(t, 'unit_reporter', 'D06');
    const enterprise = await loginAs(t, 'unit_reporter', 'E01');
    const handler = await loginAs(t, 'case_handler', '530103');
    for (const c of [admin, leader, reporter, department, enterprise, handler]) {
      const r = await c.get(`/api/campaigns/${t.campaignId}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: t.campaignId, code: 'kunming-2022', year: 2022, status: 'active' });
      expect(r.body.definition.identity).toMatchObject({
        title: { zh: '昆明市2022年“安全生产月”及“安全生产万里行”活动方案' },
        theme: { zh: '遵守安全生产法 当好第一责任人' },
        documentNumber: '昆安办〔2022〕35号',
        edition: 21,
      });
      const list = await c.get('/api/campaigns');
      expect(list.body).toEqual([expect.objectContaining({ id: t.campaignId, code: 'kunming-2022', year: 2022, title: expect.objectContaining({ zh: expect.stringContaining('2022') }) })]);
    }
    expectError(await t.client().get(`/api/campaigns/${t.campaignId}`), 401, 'auth.required');
    expectError(await admin.get('/api/campaigns/987654'), 404, 'request.not_found');
  });

  it('copies the plan to 2027 with every date shifted and the code and title renamed', async () => {
    const before = await countRows(t, 'campaigns');
    const r = await admin.post(`/api/campaigns/${t.campaignId}/copy`, copyBody(2027));
    expect(r.status).toBe(201);
    copyId = r.body.id;
    expect(copyId).not.toBe(t.campaignId);
    expect(r.body).toMatchObject({ code: 'kunming-2027', year: 2027, status: 'active' });
    const def = r.body.definition as Def;
    expect(def.periods.find((p) => p.key === 'month')).toMatchObject({ start: '2027-06-01', end: '2027-06-30' });
    expect(def.periods.find((p) => p.key === 'tour')).toMatchObject({ start: '2027-06-01', end: '2027-12-31' });
    expect(def.identity.title.zh).toBe('昆明市2027年“安全生产月”及“安全生产万里行”活动方案');
    expect(def.identity.edition).toBe(26);
    // The new plan's own number and issue date, as the office gave them — never last year's notice.
    expect(def.identity.issuedOn).toBe('2027-05-20');
    expect(def.identity.documentNumber).toBe('昆安办〔2027〕12号');
    const dues = source.obligations.filter((o) => o.due);
    expect(dues.length).toBeGreaterThanOrEqual(4);
    for (const o of source.obligations) {
      const copied = def.obligations.find((x) => x.key === o.key)!;
      expect(copied.due, o.key).toBe(o.due === undefined ? undefined : addYears(o.due, 5));
    }
    expect(def.obligations.find((o) => o.key === 'liaison_form')!.due).toBe('2027-05-30');
    for (const m of source.milestones) expect(def.milestones.find((x) => x.key === m.key)!.date).toBe(addYears(m.date, 5));

    expect(await countRows(t, 'campaigns')).toBe(before + 1);
    expect((await storedDefinition(copyId)).periods[0]!.start).toBe('2027-06-01');
    // The source is untouched.
    expect((await storedDefinition(t.campaignId)).obligations.find((o) => o.key === 'liaison_form')!.due).toBe('2022-05-30');
    const [a] = await auditRows(t, { action: 'campaign.copy', entityId: copyId });
    expect(a!.after).toEqual({ from: 'kunming-2022', to: 'kunming-2027', year: 2027, documentNumber: '昆安办〔2027〕12号', issuedOn: '2027-05-20' });

    // The copy's to-do list runs on the new dates.
    const todo = await reporter.get(`/api/campaigns/${copyId}/obligations/mine`);
    expect(todo.body.items.find((i: { key: string }) => i.key === 'liaison_form').due).toBe('2027-05-30T16:00:00.000Z');
    expect((await reporter.get('/api/campaigns')).body.map((c: { code: string }) => c.code)).toEqual(['kunming-2027', 'kunming-2022']);
  });

  it('refuses a second copy to the same year, a copy to the source year, and a year out of range', async () => {
    const before = await countRows(t, 'campaigns');
    const again = await admin.post(`/api/campaigns/${t.campaignId}/copy`, copyBody(2027));
    expectFieldError(again, 'year', 'campaign.exists', 409);
    expect(again.body.fields[0].message).toBe('活动方案 kunming-2027 已存在');
    const same = await admin.post(`/api/campaigns/${t.campaignId}/copy`, copyBody(2022));
    expectFieldError(same, 'year', 'campaign.same_year');
    expect(same.body.fields[0].messageEn).toBe('The target year equals the source year');
    for (const year of [1999, 2101, 2027.5, '2027']) expectFieldError(await admin.post(`/api/campaigns/${t.campaignId}/copy`, { ...copyBody(2030), year }), 'year');
    // The document number and issue date are required: last year's must not be kept silently.
    const noNumber = await admin.post(`/api/campaigns/${t.campaignId}/copy`, { year: 2030, issuedOn: '2030-05-20' });
    expectFieldError(noNumber, 'documentNumber');
    expect(noNumber.body.fields[0].message).toBe('必填');
    expectFieldError(await admin.post(`/api/campaigns/${t.campaignId}/copy`, { ...copyBody(2030), documentNumber: '   ' }), 'documentNumber');
    expectFieldError(await admin.post(`/api/campaigns/${t.campaignId}/copy`, { year: 2030, documentNumber: '昆安办〔2030〕1号' }), 'issuedOn');
    expectFieldError(await admin.post(`/api/campaigns/${t.campaignId}/copy`, { ...copyBody(2030), issuedOn: '2030-02-30' }), 'issuedOn');
    expectError(await admin.post('/api/campaigns/987654/copy', copyBody(2030)), 404, 'request.not_found');
    expect(await countRows(t, 'campaigns')).toBe(before);
  });

  it('refuses copies and edits to leaders and reporters', async () => {
    const before = await countRows(t, 'campaigns');
    const edited = clone(source);
    edited.identity.theme.zh = '不该保存';
    for (const c of [leader, reporter]) {
      expectError(await c.post(`/api/campaigns/${t.campaignId}/copy`, copyBody(2031)), 403, 'request.forbidden');
      expectError(await c.put(`/api/campaigns/${t.campaignId}/definition`, { definition: edited }), 403, 'request.forbidden');
    }
    expect(await countRows(t, 'campaigns')).toBe(before);
    expect((await storedDefinition(t.campaignId)).identity.theme.zh).toBe('遵守安全生产法 当好第一责任人');
  });

  it('refuses a broken definition with every bad path named, and changes nothing', async () => {
    const row = async () => t.db.selectFrom('campaigns').selectAll().where('id', '=', t.campaignId).executeTakeFirstOrThrow();
    const before = await row();
    const audits = await countRows(t, 'audit_log');
    const broken = clone(source) as Def & Record<string, unknown>;
    broken.obligations[0]!.due = '2022-02-30';
    (broken.obligations[1] as Record<string, unknown>).minCout = 2;
    broken.identity.theme = { zh: '只有中文' } as Def['identity']['theme'];
    const r = await admin.put(`/api/campaigns/${t.campaignId}/definition`, { definition: broken });
    expectError(r, 400, 'campaign.invalid');
    const paths = r.body.fields.map((f: { field: string }) => f.field);
    expect(paths).toEqual(expect.arrayContaining(['obligations[0].due', 'obligations[1].minCout', 'identity.theme.en']));
    expect(r.body.fields.find((f: { field: string }) => f.field === 'obligations[0].due').message).toBe('invalid date');
    expect(r.body.message).toContain('活动方案内容有误');
    expect(r.body.messageEn).toContain('obligations[0].due');

    // A cross-field rule: a form without a due day.
    const noDue = clone(source);
    delete noDue.obligations[0]!.due;
    const r2 = await admin.put(`/api/campaigns/${t.campaignId}/definition`, { definition: noDue });
    expect(r2.status).toBe(400);
    expect(r2.body.fields).toEqual([expect.objectContaining({ field: 'obligations[0].due', message: 'required when kind is form' })]);

    for (const definition of [null, 'kunming-2022', [], {}]) {
      expectError(await admin.put(`/api/campaigns/${t.campaignId}/definition`, { definition }), 400, 'campaign.invalid');
    }
    expect(await row()).toEqual(before);
    expect(await countRows(t, 'audit_log')).toBe(audits);
  });

  it('saves a valid edit of the theme and audits it with before and after', async () => {
    const def = (await admin.get(`/api/campaigns/${copyId}`)).body.definition as Def;
    const edited = clone(def);
    edited.identity.theme = { zh: '人人讲安全 个个会应急', en: 'Everyone talks safety, everyone can respond' };
    const r = await admin.put(`/api/campaigns/${copyId}/definition`, { definition: edited });
    expect(r.status).toBe(200);
    expect(r.body.definition.identity.theme.zh).toBe('人人讲安全 个个会应急');
    expect(r.body.code).toBe('kunming-2027');
    expect((await reporter.get(`/api/campaigns/${copyId}`)).body.definition.identity.theme.zh).toBe('人人讲安全 个个会应急');
    expect((await storedDefinition(copyId)).identity.theme.en).toBe('Everyone talks safety, everyone can respond');
    const [a, ...more] = await auditRows(t, { action: 'campaign.update', entityId: copyId });
    expect(more).toHaveLength(0);
    expect(a!.before.identity.theme.zh).toBe('遵守安全生产法 当好第一责任人');
    expect(a!.after.identity.theme.zh).toBe('人人讲安全 个个会应急');
    // The 2022 plan keeps its theme.
    expect((await storedDefinition(t.campaignId)).identity.theme.zh).toBe('遵守安全生产法 当好第一责任人');

    // An edit may not take another campaign's code.
    const clash = clone(edited);
    clash.code = 'kunming-2022';
    expectError(await admin.put(`/api/campaigns/${copyId}/definition`, { definition: clash }), 409, 'campaign.exists');
    expect((await storedDefinition(copyId)).code).toBe('kunming-2027');
  });

  it('never answers garbage with a server error', async () => {
    const before = await row();
    await expectGarbageRefused(admin, 'put', `/api/campaigns/${t.campaignId}/definition`);
    await expectGarbageRefused(admin, 'post', `/api/campaigns/${t.campaignId}/copy`);
    const deep = clone(source) as unknown as Record<string, unknown>;
    deep.obligations = Array.from({ length: 2000 }, (_, i) => ({ key: `k${i}`, name: { zh: 'x'.repeat(50), en: 'y' }, appliesTo: [{}], kind: 'quota', due: 12 }));
    const r = await admin.put(`/api/campaigns/${t.campaignId}/definition`, { definition: deep });
    expect(r.status).toBe(400);
    for (const id of ['99999999999', '0', 'x']) expect((await admin.get(`/api/campaigns/${id}`)).status).toBe(400);
    expect(await row()).toEqual(before);

    async function row() {
      return t.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
    }
  });
});
