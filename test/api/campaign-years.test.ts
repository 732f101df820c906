import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { loginAs } from '../support/factories';
import type { Client } from '../support/client';
import { auditRows, expectError, unitByCode } from '../support/api';
import { reportFacts, submitReport } from '../support/reports';

/*
 * Years end cleanly: the default public campaign is the one running today (the Tour to 12/31), not
 * the newest copy; an archived campaign refuses every write with one clear 409 and stays readable,
 * its public pages reachable by its code.
 */
const LIAISON = {
  liaison_name: '张三', liaison_position: '科员', liaison_office_phone: '0871-63104019', liaison_mobile: '13888888888',
  liaison_email: 'zhangsan@km.gov.cn', leader_name: '李四', leader_position: '副局长', leader_phone: '0871-63104020',
};

describeDb('campaign years: the running campaign, archiving', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let nextId: number;

  beforeAll(async () => {
    // The test walks the clock across months; its people stay signed in throughout.
    t = await startTestApp({ sessionHours: 24 * 400 });
    admin = await t.admin();
    leader = await loginAs(t, 'leader', '530100-AW');
    wuhua = await loginAs(t, 'unit_reporter', '530102');
    const r = await admin.post(`/api/campaigns/${t.campaignId}/copy`, { year: 2023, documentNumber: '昆安办〔2023〕8号', issuedOn: '2023-05-18' });
    expect(r.status).toBe(201);
    nextId = r.body.id;
  });
  afterAll(async () => t?.close());

  const current = async () => (await t.client().get('/api/public/campaigns/current')).body.code as string;
  const listed = async (c: Client) => (await c.get('/api/campaigns')).body as unknown as { code: string; current: boolean; startsOn: string; endsOn: string; status: string }[];

  it('shows the running campaign by default, not next year’s copy, through the Tour to 12/31', async () => {
    t.clock.now = new Date('2022-11-20T10:00:00+08:00');
    expect(await current()).toBe('kunming-2022');
    const list = await listed(wuhua);
    expect(list.find((c) => c.current)?.code).toBe('kunming-2022');
    expect(list.find((c) => c.code === 'kunming-2022')).toMatchObject({ startsOn: '2022-06-01', endsOn: '2022-12-31' });
    t.clock.now = new Date('2022-12-31T23:30:00+08:00');
    expect(await current()).toBe('kunming-2022');
    // Between two years: the next to start.
    t.clock.now = new Date('2023-01-02T10:00:00+08:00');
    expect(await current()).toBe('kunming-2023');
    expect((await listed(admin)).find((c) => c.current)?.code).toBe('kunming-2023');
    t.clock.now = new Date('2022-11-20T10:00:00+08:00');
  });

  it('lets only the office archive, and refuses archiving twice', async () => {
    for (const c of [leader, wuhua]) expectError(await c.post(`/api/campaigns/${t.campaignId}/archive`), 403, 'request.forbidden');
    expectError(await t.client().post(`/api/campaigns/${t.campaignId}/archive`), 401, 'auth.required');
    expectError(await admin.post('/api/campaigns/987654/archive'), 404, 'request.not_found');
    expectError(await admin.post(`/api/campaigns/${t.campaignId}/unarchive`), 409, 'campaign.not_archived');
    const r = await admin.post(`/api/campaigns/${t.campaignId}/archive`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('archived');
    const [a] = await auditRows(t, { action: 'campaign.archive', entityId: t.campaignId });
    expect(a).toMatchObject({ before: { status: 'active' }, after: { status: 'archived' } });
    expectError(await admin.post(`/api/campaigns/${t.campaignId}/archive`), 409, 'campaign.already_archived');
  });

  it('refuses every write to the archived campaign with a clear message, and writes nothing', async () => {
    const wuhuaUnit = await unitByCode(t, '530102');
    const audits = (await auditRows(t)).length;
    const liaison = await wuhua.post(`/api/campaigns/${t.campaignId}/liaisons`, { values: LIAISON });
    expectError(liaison, 409, 'campaign.archived');
    expect(liaison.body.message).toBe('活动“kunming-2022”已归档，只能查看，不能修改');
    expect(liaison.body.messageEn).toBe('Campaign kunming-2022 is archived: it can be viewed but not changed');
    const def = (await admin.get(`/api/campaigns/${t.campaignId}`)).body.definition;
    expectError(await admin.put(`/api/campaigns/${t.campaignId}/definition`, { definition: def }), 409, 'campaign.archived');
    expectError(await admin.post(`/api/campaigns/${t.campaignId}/obligations/liaison_form/fulfilments`, { unitId: wuhuaUnit.id }), 409, 'campaign.archived');
    expectError(await submitReport(t.client(), 'kunming-2022', reportFacts(wuhuaUnit.id)), 409, 'campaign.archived');
    expect((await auditRows(t)).length).toBe(audits);
    expect(await t.db.selectFrom('liaison_submissions').select('id').execute()).toEqual([]);
    // The other campaign is not touched by the archive.
    expect((await wuhua.post(`/api/campaigns/${nextId}/liaisons`, { values: LIAISON })).status).toBe(201);
  });

  it('keeps the archived campaign readable, and its public pages reachable by its code', async () => {
    const c = await wuhua.get(`/api/campaigns/${t.campaignId}`);
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('archived');
    expect((await wuhua.get(`/api/campaigns/${t.campaignId}/obligations/mine`)).status).toBe(200);
    const pub = t.client();
    expect((await pub.get('/api/public/campaigns/kunming-2022/report-form')).status).toBe(200);
    expect((await pub.get('/api/public/campaigns/kunming-2022/activities')).status).toBe(200);
    expect((await pub.get('/api/public/campaigns/kunming-2022/exposures')).status).toBe(200);
    const wuhuaUnit = await unitByCode(t, '530102');
    expect((await admin.get(`/api/campaigns/${t.campaignId}/units/${wuhuaUnit.id}/poster.png`)).status).toBe(200);
    // An archived campaign is never the default, even while its Tour would run.
    expect(await current()).toBe('kunming-2023');
    expect((await listed(wuhua)).find((x) => x.code === 'kunming-2022')?.status).toBe('archived');
  });

  it('takes writes again once the office un-archives it', async () => {
    expectError(await leader.post(`/api/campaigns/${t.campaignId}/unarchive`), 403, 'request.forbidden');
    expect((await admin.post(`/api/campaigns/${t.campaignId}/unarchive`)).status).toBe(200);
    const again = await wuhua.post(`/api/campaigns/${t.campaignId}/liaisons`, { values: LIAISON });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(await current()).toBe('kunming-2022');
    expect((await auditRows(t, { action: 'campaign.unarchive' })).length).toBe(1);
  });
});
