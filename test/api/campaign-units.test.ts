import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { loginAs } from '../support/factories';
import type { Client } from '../support/client';
import { unitByCode } from '../support/api';
import { organiserCampaign, PROVINCE_UNITS, QUJING_UNITS } from '../support/cities';
import { campaignService } from '../../src/server/features/campaigns/campaign.service';

/*
 * Campaigns own their units: two cities' campaigns in one database never show each other's units,
 * and a province office's campaign, above both, rolls up both cities' tables once each.
 */
describeDb('campaigns own their units: two cities and a province in one installation', () => {
  let t: TestApp;
  let admin: Client;
  /** The other city's own office administrator: the Kunming office's does not reach Qujing's campaign. */
  let qujingAdmin: Client;
  let kunming: number;
  let qujing: number;
  let province: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
    kunming = t.campaignId;
    const reference = (await admin.get(`/api/campaigns/${kunming}`)).body.definition;
    const campaigns = campaignService({ db: t.db, now: () => t.clock.now });
    qujing = (await campaigns.importDefinition(null, organiserCampaign(reference, {
      code: 'qujing-2022', title: '曲靖市2022年', issuer: '曲靖市安全生产委员会办公室', units: QUJING_UNITS,
    }))).campaign.id;
    province = (await campaigns.importDefinition(null, organiserCampaign(reference, {
      code: 'province-2022', title: '全省2022年', issuer: '省安全生产委员会办公室', units: PROVINCE_UNITS,
    }))).campaign.id;
    // The province office stands above both city offices.
    const office = await unitByCode(t, '530000-AW');
    for (const city of ['530100-AW', '530300-AW']) {
      const r = await admin.post(`/api/units/${(await unitByCode(t, city)).id}/move`, { parentId: office.id });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    qujingAdmin = await loginAs(t, 'city_admin', '530300-AW');
  });
  afterAll(async () => t?.close());

  const codesOf = (rows: { unit: { code: string } }[]) => rows.map((r) => r.unit.code);

  it('records each campaign’s organiser', async () => {
    const rows = await t.db.selectFrom('campaigns').select(['code', 'organiser_unit_id']).orderBy('id').execute();
    const ids = await Promise.all(['530100-AW', '530300-AW', '530000-AW'].map(async (c) => (await unitByCode(t, c)).id));
    expect(rows.map((r) => [r.code, r.organiser_unit_id])).toEqual([['kunming-2022', ids[0]], ['qujing-2022', ids[1]], ['province-2022', ids[2]]]);
  });

  it('never mixes two cities in the matrix, the liaison list, the statistics roll-up or the public page', async () => {
    const matrix = async (id: number) => codesOf((await admin.get(`/api/campaigns/${id}/obligations/matrix`)).body.rows);
    const km = await matrix(kunming);
    const qj = codesOf((await qujingAdmin.get(`/api/campaigns/${qujing}/obligations/matrix`)).body.rows);
    expect(km).toContain('530102');
    expect(km).not.toContain('530302');
    expect(qj).toEqual(expect.arrayContaining(['530302', '530303', '530304']));
    expect(qj.every((c) => c.startsWith('5303'))).toBe(true);

    const liaisons = async (id: number) => {
      const body = (await (id === qujing ? qujingAdmin : admin).get(`/api/campaigns/${id}/liaisons`)).body;
      return codesOf(Array.isArray(body) ? body : body.rows);
    };
    expect(await liaisons(qujing)).toEqual(expect.arrayContaining(['530302']));
    expect(await liaisons(qujing)).not.toContain('530102');
    expect(await liaisons(kunming)).not.toContain('530302');

    const rollup = async (id: number) => codesOf((await (id === qujing ? qujingAdmin : admin).get(`/api/campaigns/${id}/statistics/rollup`)).body.rows);
    expect(await rollup(qujing)).not.toContain('530102');
    expect(await rollup(kunming)).not.toContain('530302');

    const counties = async (code: string) => ((await t.client().get(`/api/public/campaigns/${code}/report-form`)).body.counties as { code: string }[]).map((c) => c.code);
    expect(await counties('qujing-2022')).toEqual(['530302', '530303', '530304']);
    expect(await counties('kunming-2022')).toContain('530102');
    expect(await counties('kunming-2022')).not.toContain('530302');
  });

  it('the province’s campaign rolls up both cities, each table once: the total is the sum of the cities’', async () => {
    const wuhua = await loginAs(t, 'unit_reporter', '530102');
    const panlong = await loginAs(t, 'unit_reporter', '530103');
    const qilin = await loginAs(t, 'unit_reporter', '530302');
    const filed: [Client, string, number][] = [[wuhua, '530102', 2], [panlong, '530103', 3], [qilin, '530302', 5]];
    for (const [c, code, drills] of filed) {
      const unitId = (await unitByCode(t, code)).id;
      const r = await c.post(`/api/campaigns/${province}/statistics/units/${unitId}/submit`, { values: { drills_held: drills, drill_participants: drills * 10 } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const r = await admin.get(`/api/campaigns/${province}/statistics/rollup`);
    expect(r.status).toBe(200);
    const rows = r.body.rows as { unit: { code: string }; reports: number; total: Record<string, number> }[];
    const codes = codesOf(rows);
    expect(codes).toEqual(expect.arrayContaining(['530102', '530302', '530303']));
    // A city office owes no table of its own here, and no unit appears twice.
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain('530100-AW');
    const cityTotal = (prefix: string) => rows.filter((x) => x.unit.code.startsWith(prefix)).reduce((s, x) => s + (x.total.drills_held ?? 0), 0);
    expect(cityTotal('5301')).toBe(5);
    expect(cityTotal('5303')).toBe(5);
    expect(r.body.total.drills_held).toBe(cityTotal('5301') + cityTotal('5303'));
    expect(r.body.reports).toBe(3);
    // The cities' own campaigns are untouched by the province's tables.
    expect((await admin.get(`/api/campaigns/${kunming}/statistics/rollup`)).body.total.drills_held).toBe(0);
  });

  it('signs the province report with the organiser’s name, not a fixed office', async () => {
    const x = await qujingAdmin.get(`/api/campaigns/${qujing}/province-reports/2022-06/report.xlsx`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => { texts.push(String(cell.text)); })));
    expect(texts.join('\n')).toContain('曲靖市安全生产委员会办公室');
    expect(texts.join('\n')).not.toContain('昆明');
  });

  it('an account of one city never reaches the other city’s campaign, nor sees it listed', async () => {
    const qilin = await loginAs(t, 'unit_reporter', '530302');
    const wuhua = await loginAs(t, 'unit_reporter', '530102');
    expect(((await qilin.get('/api/campaigns')).body as { code: string }[]).map((c) => c.code).sort()).toEqual(['province-2022', 'qujing-2022']);
    expect(((await wuhua.get('/api/campaigns')).body as { code: string }[]).map((c) => c.code).sort()).toEqual(['kunming-2022', 'province-2022']);
    const qilinId = (await unitByCode(t, '530302')).id;
    for (const url of [`/api/campaigns/${kunming}`, `/api/campaigns/${kunming}/obligations/mine`, `/api/campaigns/${kunming}/statistics/units/${qilinId}`]) {
      expect((await qilin.get(url)).status, url).toBe(404);
    }
    // The office administrators too: each city's office reaches its own campaign and the province's.
    expect((await qujingAdmin.get(`/api/campaigns/${kunming}/obligations/matrix`)).status).toBe(404);
    expect((await admin.get(`/api/campaigns/${qujing}/obligations/matrix`)).status).toBe(404);
    expect((await qujingAdmin.get(`/api/campaigns/${province}/statistics/rollup`)).status).toBe(200);
    expect((await qilin.post(`/api/campaigns/${kunming}/statistics/units/${qilinId}/submit`, { values: { drills_held: 1 } })).status).toBe(404);
    expect((await qilin.get(`/api/campaigns/${qujing}/obligations/mine`)).status).toBe(200);
    expect((await wuhua.get(`/api/campaigns/${qujing}`)).status).toBe(404);
  });

  it('lists the installation’s unit types from its table, province office included', async () => {
    const r = await qujingAdmin.get('/api/unit-types');
    expect(r.status).toBe(200);
    expect(r.body.map((x: { code: string }) => x.code)).toEqual(['province_office', 'city_office', 'county', 'township', 'zone', 'department', 'enterprise']);
    expect(r.body[0].label).toEqual({ zh: '省安委办', en: 'Provincial work-safety committee office' });
    expect((await t.client().get('/api/unit-types')).status).toBe(401);
  });
});
