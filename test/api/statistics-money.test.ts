import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, type TestApp } from '../support/harness';
import { startCampaignApp } from '../support/factories';
import type { Client } from '../support/client';
import { editCampaign } from '../support/campaign-edit';
import { expectError, expectFieldError } from '../support/api';
import { formLookups } from '../support/forms';

/*
 * Money indicators (万元, two places) and a rule over a sum, added to the campaign as data: typed,
 * checked, stored and summed exactly, and written to the xlsx with two places.
 */

const START = new Date('2022-06-20T10:00:00+08:00');
const FIGURES = { drills_held: 2, drill_participants: 60, hazards_found: 3, hazards_rectified: 2 };
const money = (key: string, zh: string, en: string) => ({ key, category: 'drills', label: { zh, en }, measure: { zh: '万元', en: '10k yuan' }, type: 'money' });

describeDb('statistics: money indicators and rules over sums', () => {
  let t: TestApp;
  let admin: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;
  const { unitUrl, rowOf } = formLookups(() => t, { path: 'statistics', table: 'statistics_reports', obligationKey: 'statistics_table' });

  beforeAll(async () => {
    ({ t, admin, wuhua, panlong } = await startCampaignApp());
    base = `/api/campaigns/${t.campaignId}/statistics`;
    await editCampaign(t, admin, (def) => {
      def.forms.statistics.indicators.push(
        money('funds_gov', '财政投入经费', 'Public funds'),
        money('funds_firms', '企业投入经费', 'Company funds'),
        money('funds_total', '投入经费合计', 'Funds in total'),
      );
      def.forms.statistics.rules.push({
        key: 'funds_parts_le_total', severity: 'hard', left: ['funds_gov', 'funds_firms'], op: '<=', right: 'funds_total',
        message: { zh: '财政与企业投入之和不能超过投入经费合计', en: 'Public and company funds cannot exceed the total' },
    });
    });
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  it('the form gives the type; too many places, a negative and text are refused naming the field, and nothing is written', async () => {
    const form = await wuhua.get(`${base}/form`);
    expect(form.body.indicators.find((i: { key: string }) => i.key === 'funds_gov')).toMatchObject({ type: 'money', measure: { zh: '万元' } });
    expect(form.body.rules.find((r: { key: string }) => r.key === 'funds_parts_le_total').left).toEqual(['funds_gov', 'funds_firms']);
    const url = await unitUrl('530102');
    const three = await wuhua.put(url, { values: { funds_gov: 12.345 } });
    expectFieldError(three, 'values.funds_gov');
    expect(JSON.stringify(three.body)).toContain('最多保留 2 位小数');
    expect(JSON.stringify(three.body)).toContain('at most 2 decimal places');
    expectFieldError(await wuhua.put(url, { values: { funds_gov: -1 } }), 'values.funds_gov');
    expectFieldError(await wuhua.put(url, { values: { funds_gov: '十万' } }), 'values.funds_gov');
    expect(await rowOf('530102')).toBeUndefined();
  });

  it('a sum rule refuses a + b > c by one fen, hard, naming the first term', async () => {
    const r = await wuhua.post(`${await unitUrl('530102')}/submit`, { values: { ...FIGURES, funds_gov: 0.11, funds_firms: 0.2, funds_total: 0.3 }, comments: {} });
    expectError(r, 422, 'statistics.findings');
    expect(r.body.fields).toContainEqual(expect.objectContaining({ field: 'values.funds_gov', message: '财政与企业投入之和不能超过投入经费合计' }));
    expect((await rowOf('530102'))?.status ?? null).not.toBe('submitted');
  });

  it('money goes through save, submit, roll-up and xlsx exactly: 0.1 + 0.2 is 0.3, with two places in the sheet', async () => {
    const saved = await wuhua.put(await unitUrl('530102'), { values: { funds_gov: '0.10' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const revision = saved.body.report.revision;
    const filed = await wuhua.post(`${await unitUrl('530102')}/submit`, {
      values: { ...FIGURES, funds_gov: 0.1, funds_firms: 0.2, funds_total: 0.3 }, comments: {}, revision,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    expect(filed.body.report.values).toMatchObject({ funds_gov: 0.1, funds_firms: 0.2, funds_total: 0.3 });
    expect(JSON.parse((await rowOf('530102'))!.values_json)).toMatchObject({ funds_gov: 0.1, funds_total: 0.3 });
    const other = await panlong.post(`${await unitUrl('530103')}/submit`, {
      values: { ...FIGURES, funds_gov: 0.2, funds_firms: 1234567.89, funds_total: 1234568.09 }, comments: {},
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);

    const rollup = await admin.get(`${base}/rollup`);
    expect(rollup.status).toBe(200);
    // Floating-point would give 0.30000000000000004 and 1234568.3900000001.
    expect(rollup.body.total).toMatchObject({ funds_gov: 0.3, funds_firms: 1234568.09, funds_total: 1234568.39 });

    const xlsx = await admin.get(`${base}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    let col = 0;
    let headerRow = 0;
    ws.eachRow((row, r) => row.eachCell((cell, c) => { if (cell.value === '财政投入经费（万元）') { col = c; headerRow = r; } }));
    expect(col).toBeGreaterThan(0);
    let total: ExcelJS.Cell | undefined;
    let wuhuaCell: ExcelJS.Cell | undefined;
    ws.eachRow((row, r) => {
      if (r <= headerRow) return;
      if (row.getCell(3).value === '合计') total = row.getCell(col);
      if (row.getCell(2).value === '530102') wuhuaCell = row.getCell(col);
    });
    expect(total!.value).toBe(0.3);
    expect(total!.numFmt).toBe('0.00');
    expect(wuhuaCell!.value).toBe(0.1);
    expect(wuhuaCell!.numFmt).toBe('0.00');
    // A count keeps its whole-number format.
    const drillsCol = (() => { let c = 0; ws.getRow(headerRow).eachCell((cell, i) => { if (String(cell.value).startsWith('开展应急演练')) c = i; }); return c; })();
    expect(ws.getRow(headerRow + 1).getCell(drillsCol).numFmt).toBe('0');

    const csv = await admin.get(`${base}/export.csv`);
    expect(csv.raw.body).toMatch(/530102,五华区,[^\r]*0\.10,0\.20,0\.30/);
  });

  it('an imported sheet with a third decimal place is refused on that cell, naming the places allowed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('统计表');
    ws.addRow(['单位代码', '单位名称', '财政投入经费', '投入经费合计']);
    ws.addRow(['530111', '官渡区', 1.005, 2]);
    ws.addRow(['530112', '西山区', '3.50', 4]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await admin.upload(`${base}/import/preview`, data, 'funds.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    // Placed as the clerk sees it: the sheet's row, column letter and header, then what is wrong.
    expect(preview.body.rows[0].errors).toContainEqual(expect.objectContaining({
      field: 'values.funds_gov', message: '第 2 行 C 列（财政投入经费）：最多保留 2 位小数', messageEn: 'row 2, column C (财政投入经费): at most 2 decimal places',
    }));
    expect(preview.body.rows[1]).toMatchObject({ errors: [], changes: expect.arrayContaining([{ key: 'funds_gov', before: null, after: 3.5 }]) });
  });
});
