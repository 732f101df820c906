import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, type TestApp } from '../support/harness';
import { buildUnit, loginAs, startCampaignApp } from '../support/factories';
import type { Client } from '../support/client';
import { auditRows, expectError, expectFieldError, expectGarbageRefused, XLSX_TYPE } from '../support/api';
import { formLookups } from '../support/forms';

const START = new Date('2022-06-20T10:00:00+08:00');
const LAST_SECOND = new Date('2022-07-01T23:59:59+08:00');
const AFTER_DUE = new Date('2022-07-02T00:00:00+08:00');

/** Small figures: the outlier check compares a county with its peers, so the tests keep them ordinary. */
const FIGURES = { study_sessions: 3, study_participants: 120, drills_held: 2, drill_participants: 150, hazards_found: 9, hazards_rectified: 7 };

describeDb('statistics: 附件2 活动进展情况统计表, filled, checked, decided, rolled up and exchanged as Excel', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;
  const { unitUrl, rowOf: reportOf, fulfilments, submit } = formLookups(() => t, {
    path: 'statistics', table: 'statistics_reports', obligationKey: 'statistics_table',
  });

  /** A unit reporter files its table in one go (save is skipped: submit also saves). */
  const fileAs = (c: Client, code: string, values: Record<string, number>, comments: Record<string, string> = {}) =>
    submit(c, code, { values, comments });

  beforeAll(async () => {
    ({ t, admin, leader, wuhua, panlong } = await startCampaignApp());
    base = `/api/campaigns/${t.campaignId}/statistics`;
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  it('gives the form as the campaign defines it: 48 indicators in 8 groups, the rules, the deadline, who needs approval', async () => {
    const r = await wuhua.get(`${base}/form`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.indicators).toHaveLength(48);
    expect(r.body.categories.map((c: { key: string }) => c.key)).toEqual(['study', 'launch', 'law', 'consultation', 'five_into', 'drills', 'warning', 'tour']);
    expect(r.body.indicators.find((i: { key: string }) => i.key === 'drills_held')).toEqual({
      key: 'drills_held', category: 'drills', label: { zh: '开展应急演练', en: 'Emergency drills held' }, measure: { zh: '场', en: 'drills' },
    });
    expect(r.body).toMatchObject({ due: '2022-07-01T16:00:00.000Z', obligationKey: 'statistics_table', approvalUnitTypes: ['enterprise'] });
  });

  it('shows a unit its empty table and what it may do; another county\'s table answers 404', async () => {
    const r = await wuhua.get(await unitUrl('530102'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ unit: { code: '530102' }, report: null, findings: [], events: [], approvalRequired: false });
    expect(r.body.can).toEqual({ edit: true, approve: false, decide: false, reopen: false });
    expectError(await panlong.get(await unitUrl('530102')), 404, 'request.not_found');
    expectError(await wuhua.get(await unitUrl('530100-AW')), 404, 'request.not_found');
    // The city office reads any unit's table but owes none itself.
    expectError(await admin.get(await unitUrl('530100-AW')), 400, 'statistics.not_applicable');
  });

  it('saves a draft, and refuses a save based on a stale revision', async () => {
    const url = await unitUrl('530102');
    const first = await wuhua.put(url, { values: { drills_held: 2, study_sessions: null } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.report).toMatchObject({ status: 'draft', values: { drills_held: 2 }, revision: 1, firstSubmittedAt: null });
    const second = await wuhua.put(url, { values: { drills_held: 3 }, revision: 1 });
    expect(second.body.report).toMatchObject({ values: { drills_held: 3 }, revision: 2 });
    expectError(await wuhua.put(url, { values: { drills_held: 4 }, revision: 1 }), 409, 'statistics.conflict');
    expect((await reportOf('530102'))!.values_json).toBe('{"drills_held":3}');
    expect(await fulfilments('530102')).toHaveLength(0);
  });

  it('bad figures get a 400 naming the indicator, in Chinese and English, and nothing is written', async () => {
    const url = await unitUrl('530102');
    const before = await reportOf('530102');
    for (const [values, field] of [
      [{ drills_held: 'many' }, 'values.drills_held'],
      [{ drills_held: -1 }, 'values.drills_held'],
      [{ drills_held: 2.5 }, 'values.drills_held'],
      [{ drills_held: 2_000_000_000 }, 'values.drills_held'],
      [{ shoe_size: 4 }, 'values.shoe_size'],
    ] as const) {
      const r = await wuhua.put(url, { values });
      expectFieldError(r, field);
    }
    const neg = await wuhua.post(`${url}/submit`, { values: { hazards_found: -3 } });
    expect(neg.body.fields[0]).toMatchObject({ field: 'values.hazards_found', message: '不能为负数', messageEn: 'cannot be negative' });
    expect(await reportOf('530102')).toEqual(before);
    await expectGarbageRefused(wuhua, 'put', url);
    await expectGarbageRefused(wuhua, 'post', `${url}/submit`);
  });

  it('a hard rule blocks submission, naming the indicator with the campaign\'s message', async () => {
    const r = await wuhua.post(`${await unitUrl('530102')}/submit`, { values: { ...FIGURES, hazards_found: 5, hazards_rectified: 6 } });
    expectError(r, 422, 'statistics.findings');
    expect(r.body.fields).toContainEqual({ field: 'values.hazards_rectified', message: '整改隐患数不能大于发现隐患数', messageEn: 'Hazards rectified cannot exceed hazards found' });
    expect((await reportOf('530102'))!.status).toBe('draft');
  });

  it('a soft finding needs a comment; the check endpoint shows it without writing', async () => {
    const url = await unitUrl('530102');
    const values = { ...FIGURES, study_sessions: 5, study_participants: 3 };
    const check = await wuhua.post(`${url}/check`, { values });
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect(check.body.findings).toEqual([expect.objectContaining({ key: 'rule.study_participants_ge_sessions', severity: 'soft', indicator: 'study_participants' })]);

    const refused = await wuhua.post(`${url}/submit`, { values });
    expectError(refused, 422, 'statistics.findings');
    expect(refused.body.fields[0].field).toBe('comments.rule.study_participants_ge_sessions');
    expect(refused.body.fields[0].message).toContain('学习参与人次少于学习场次');
    expect((await reportOf('530102'))!.status).toBe('draft');
  });

  it('submits before the deadline: blanks become 0, the obligation is done on time, every step is recorded and audited', async () => {
    t.clock.now = LAST_SECOND;
    const values = { ...FIGURES, study_sessions: 5, study_participants: 3 };
    const body = await fileAs(wuhua, '530102', values, { 'rule.study_participants_ge_sessions': '线上学习未统计人数', 'rule.gone': 'x' });
    expect(body.report).toMatchObject({ status: 'submitted', late: false, firstSubmittedAt: LAST_SECOND.toISOString(), comments: { 'rule.study_participants_ge_sessions': '线上学习未统计人数' } });
    expect(Object.keys(body.report.values)).toHaveLength(48);
    expect(body.report.values.banners_slogans).toBe(0);
    expect(body.can).toEqual({ edit: false, approve: false, decide: false, reopen: false });
    expect(body.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'save', 'save']);
    const f = await fulfilments('530102');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ source_type: 'statistics', fulfilled_at: LAST_SECOND.toISOString() });
    const todo = await wuhua.get(`/api/campaigns/${t.campaignId}/obligations/mine`);
    expect(todo.body.items.find((i: { key: string }) => i.key === 'statistics_table').status).toBe('done_on_time');
    const a = await auditRows(t, { action: 'statistics.submit' });
    expect(a).toHaveLength(1);
    expect(a[0]!.after).toMatchObject({ status: 'submitted', late: false, values: { drills_held: 2 } });
    expect(a[0]!.before).toMatchObject({ status: 'draft' });
  });

  it('refuses the wrong people and the wrong moments', async () => {
    const url = await unitUrl('530102');
    expectError(await wuhua.put(url, { values: { drills_held: 1 } }), 409, 'statistics.not_editable');
    expectError(await wuhua.post(`${url}/accept`, {}), 403, 'request.forbidden');
    expectError(await wuhua.post(`${url}/approve`, {}), 403, 'request.forbidden');
    expectError(await leader.put(url, { values: { drills_held: 1 } }), 403, 'request.forbidden');
    expectError(await leader.post(`${url}/accept`, {}), 403, 'request.forbidden');
    expect((await leader.get(url)).status).toBe(200);
    expectError(await panlong.put(url, { values: { drills_held: 1 } }), 404, 'request.not_found');
    expectError(await wuhua.get(base), 403, 'request.forbidden');
    expectError(await wuhua.get(`${base}/rollup`), 403, 'request.forbidden');
    expectError(await wuhua.get(`${base}/export.xlsx`), 403, 'request.forbidden');
    expectError(await admin.post(`${url}/approve`, {}), 403, 'request.forbidden');
  });

  it('the office returns with a comment; the reporter corrects and resubmits; the office accepts and the table locks; reopening is audited', async () => {
    const url = await unitUrl('530102');
    expectFieldError(await admin.post(`${url}/return`, { comment: '  ' }), 'comment');
    const returned = await admin.post(`${url}/return`, { comment: '应急演练参与人次请核实' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.report).toMatchObject({ status: 'returned', returnComment: '应急演练参与人次请核实' });

    const seen = await wuhua.get(url);
    expect(seen.body.report.returnComment).toBe('应急演练参与人次请核实');
    expect(seen.body.can.edit).toBe(true);
    t.clock.now = AFTER_DUE; // a correction after the deadline does not make the table late
    const resubmitted = await fileAs(wuhua, '530102', { ...FIGURES, drill_participants: 160 });
    expect(resubmitted.report).toMatchObject({ status: 'submitted', late: false, returnComment: null, firstSubmittedAt: LAST_SECOND.toISOString() });
    expect(await fulfilments('530102')).toHaveLength(1);

    const accepted = await admin.post(`${url}/accept`, { comment: '已核' });
    expect(accepted.body.report.status).toBe('accepted');
    expect(accepted.body.can).toMatchObject({ decide: false, reopen: true });
    expectError(await wuhua.post(`${url}/submit`, { values: FIGURES }), 409, 'statistics.locked');
    expectError(await admin.put(url, { values: FIGURES }), 409, 'statistics.locked');
    expectError(await admin.post(`${url}/accept`, {}), 409, 'statistics.locked');
    expectError(await wuhua.post(`${url}/reopen`, { reason: '改' }), 403, 'request.forbidden');
    expectFieldError(await admin.post(`${url}/reopen`, {}), 'reason');

    const reopened = await admin.post(`${url}/reopen`, { reason: '发现隐患数漏报一项' });
    expect(reopened.body.report).toMatchObject({ status: 'returned', returnComment: '发现隐患数漏报一项' });
    expect((await auditRows(t, { action: 'statistics.reopen' }))[0]!.after).toMatchObject({ status: 'returned', comment: '发现隐患数漏报一项' });
    expect(reopened.body.events.slice(0, 4).map((e: { action: string }) => e.action)).toEqual(['reopen', 'accept', 'submit', 'return']);
    await fileAs(wuhua, '530102', { ...FIGURES, hazards_found: 10 });
    await admin.post(`${url}/accept`, {});
  });

  it('a first submission after the deadline is accepted and marked late', async () => {
    t.clock.now = AFTER_DUE;
    const body = await fileAs(panlong, '530103', FIGURES);
    expect(body.report).toMatchObject({ status: 'submitted', late: true });
    const todo = await panlong.get(`/api/campaigns/${t.campaignId}/obligations/mine`);
    expect(todo.body.items.find((i: { key: string }) => i.key === 'statistics_table').status).toBe('done_late');
  });

  it('an enterprise\'s table passes its own approver before the office may accept it', async () => {
    const reporter = await loginAs(t, 'unit_reporter', 'E01');
    const approver = await loginAs(t, 'unit_approver', 'E01');
    const otherApprover = await loginAs(t, 'unit_approver', 'E02');
    const url = await unitUrl('E01');
    expect((await reporter.get(url)).body.approvalRequired).toBe(true);
    await fileAs(reporter, 'E01', FIGURES);
    expectError(await admin.post(`${url}/accept`, {}), 409, 'statistics.wrong_state');
    expectError(await otherApprover.post(`${url}/approve`, {}), 404, 'request.not_found');
    expect((await approver.get(url)).body.can.approve).toBe(true);
    const approved = await approver.post(`${url}/approve`, { comment: '同意上报' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.report.status).toBe('approved');
    // Once approved it is in the office's hands: the approver can no longer send it back.
    expectError(await approver.post(`${url}/return`, { comment: '再看看' }), 409, 'statistics.wrong_state');
    expect((await admin.post(`${url}/accept`, {})).body.report.status).toBe('accepted');
    // A county has no approval step.
    expectError(await admin.post(`${await unitUrl('530103')}/approve`, {}), 403, 'request.forbidden');
  });

  it('questions a figure far above the median of units of the same type', async () => {
    for (const [code, drills] of [['530111', 2], ['530112', 3]] as const) {
      await fileAs(await loginAs(t, 'unit_reporter', code), code, { ...FIGURES, drills_held: drills });
    }
    // Peers now: 五华 2, 盘龙 2, 官渡 2, 西山 3 → median 2; over 20 is questioned.
    const dongchuan = await loginAs(t, 'unit_reporter', '530113');
    const url = await unitUrl('530113');
    const values = { ...FIGURES, drills_held: 21, drill_participants: 2100 };
    const refused = await dongchuan.post(`${url}/submit`, { values });
    expectError(refused, 422, 'statistics.findings');
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toContain('comments.outlier.drills_held');
    expect(refused.body.fields.find((f: { field: string }) => f.field === 'comments.outlier.drills_held').message).toContain('中位数（2）');
    const ok = await fileAs(dongchuan, '530113', values, {
      'outlier.drills_held': '全区开展“应急演练周”', 'outlier.drill_participants': '同上', 'outlier.study_participants': '',
    });
    expect(ok.report.comments).toEqual({ 'outlier.drills_held': '全区开展“应急演练周”', 'outlier.drill_participants': '同上' });
  });

  it('rolls a township\'s table into its county, with subtotals per unit type and the total', async () => {
    const town = await buildUnit(t, { parentCode: '530102', type: 'township', code: 'T530102001', name: '华山街道' });
    const townReporter = await loginAs(t, 'unit_reporter', 'T530102001');
    await fileAs(townReporter, 'T530102001', { drills_held: 1, drill_participants: 40 });
    // The county sees what its township adds.
    const county = await wuhua.get(await unitUrl('530102'));
    expect(county.body.subUnits).toMatchObject({ reports: 1, total: { drills_held: 1, drill_participants: 40 } });

    const r = await leader.get(`${base}/rollup`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const row = (code: string) => r.body.rows.find((x: { unit: { code: string } }) => x.unit.code === code);
    expect(row('530102')).toMatchObject({ status: 'accepted', reports: 2, total: { drills_held: 3, drill_participants: 190, hazards_found: 10 } });
    expect(row('530114')).toMatchObject({ status: 'missing', reports: 0, total: { drills_held: 0 } });
    expect(r.body.rows.some((x: { unit: { id: number } }) => x.unit.id === town.id)).toBe(false);
    const county_ = r.body.subtotals.find((s: { type: string }) => s.type === 'county');
    // 五华 2+1, 盘龙 2, 官渡 2, 西山 3, 东川 21
    expect(county_).toMatchObject({ units: 14, reports: 6, total: { drills_held: 31 } });
    const enterprise = r.body.subtotals.find((s: { type: string }) => s.type === 'enterprise');
    expect(enterprise).toMatchObject({ units: 5, reports: 1, total: { drills_held: 2 } });
    expect(r.body.total.drills_held).toBe(33);
    expect(r.body.reports).toBe(7);
    const only = await admin.get(`${base}/rollup?unitType=enterprise`);
    expect(only.body.rows).toHaveLength(5);
    expect(only.body.total.drills_held).toBe(2);
  });

  it('the office sees completeness and timeliness per unit type, and who is missing', async () => {
    const r = await admin.get(base);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows).toHaveLength(54);
    const county = r.body.completeness.byType.find((c: { type: string }) => c.type === 'county');
    // 五华 on time; 盘龙 late; 官渡, 西山, 东川 on time (filed at START).
    expect(county).toEqual({ type: 'county', units: 14, submitted: 5, onTime: 4, completeness: 5 / 14, timeliness: 4 / 14 });
    expect(r.body.completeness.overall).toMatchObject({ units: 54, submitted: 6, onTime: 5 });
    expect(r.body.missing).toHaveLength(48);
    expect(r.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530103')).toMatchObject({ status: 'submitted', late: true });
    expect(r.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530113')).toMatchObject({ explained: 2 });
    const matrix = await admin.get(`/api/campaigns/${t.campaignId}/obligations/matrix`);
    expect(matrix.body.summary.statistics_table).toMatchObject({ applicable: 54, done: 6, onTime: 5 });
    expectFieldError(await admin.get(`${base}?unitType=planet`), 'query.unitType');
  });

  it('exports the consolidated table in the official layout, numbers as numbers, subtotals and total', async () => {
    const r = await leader.get(`${base}/export.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX_TYPE);
    expect(String(r.headers['content-disposition'])).toContain('attachment;');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toBe('昆明市2022年“安全生产月”及“安全生产万里行”活动进展情况统计表');
    const rows: { name: string; cells: ExcelJS.Row }[] = [];
    ws.eachRow((row) => rows.push({ name: String(row.getCell(3).value ?? ''), cells: row }));
    const header = rows.findIndex((x) => x.name === '单位名称');
    expect(header).toBeGreaterThan(0);
    const labels = ws.getRow(header + 2).values as unknown[];
    const col = labels.indexOf('开展应急演练（场）');
    expect(col).toBeGreaterThan(3);
    const wuhuaRow = rows.find((x) => x.name === '五华区')!;
    expect(wuhuaRow.cells.getCell(col).value).toBe(3);
    expect(wuhuaRow.cells.getCell(2).value).toBe('530102');
    expect(rows.find((x) => x.name === '小计：县（市）区安委会')!.cells.getCell(col).value).toBe(31);
    expect(rows.find((x) => x.name === '合计')!.cells.getCell(col).value).toBe(33);

    const csv = await admin.get(`${base}/export.csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const text = csv.raw.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('单位代码,单位名称');
    expect(text).toContain('530102,五华区');

    const one = await wuhua.get(`${await unitUrl('530102')}/export.xlsx`);
    expect(one.status).toBe(200);
    expectError(await panlong.get(`${await unitUrl('530102')}/export.xlsx`), 404, 'request.not_found');
  });

  it('imports a filled sheet: the exported table comes back unchanged; a broken cell writes nothing; a fixed sheet writes all', async () => {
    const exported = (await admin.get(`${base}/export.xlsx`)).raw.rawPayload;
    const same = await admin.upload(`${base}/import/preview`, exported, 'tongji.xlsx', XLSX_TYPE);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    // Accepted tables are locked and passed over with the reason; the rest come back unchanged, and
    // units with no table (printed with empty figures) are not filled: nothing to write.
    const byCode = (code: string) => same.body.rows.find((x: { code: string }) => x.code === code);
    expect(byCode('530103')).toMatchObject({ action: 'unchanged', errors: [], note: { zh: '与平台导出的一致，未修改，跳过' } });
    expect(byCode('530102')).toMatchObject({ action: 'skipped', errors: [] });
    expect(byCode('530102').note.zh).toContain('锁定');
    expect(byCode('530114')).toMatchObject({ action: 'unchanged', note: { zh: '未填报（数据全部空白），跳过' } });
    expect(same.body.summary, JSON.stringify(same.body.summary)).toMatchObject({ create: 0, update: 0, error: 0, skipped: 2 });

    const sheet = async (rows: (string | number | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('统计表');
      ws.addRow(['单位代码', '单位名称', '开展应急演练', '应急演练参与', '排查发现隐患', '整改隐患']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const auditBefore = (await auditRows(t)).length;
    const broken = await sheet([[null, '呈贡区', 1, 30, 4, 4], ['530115', '晋宁区', 'two', 30, 4, 5], [null, '火星区', 1, 1, 0, 0]]);
    const preview = await admin.upload(`${base}/import/preview`, broken, 'b.xlsx', XLSX_TYPE);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, skipped: 0, error: 2, ownSubmissions: 0 });
    expect(preview.body.rows[0]).toMatchObject({ row: 2, unit: { code: '530114' }, action: 'create' });
    expect(preview.body.rows[0].changes).toContainEqual({ key: 'drills_held', before: null, after: 1 });
    expect(preview.body.rows[1].errors).toEqual([{
      field: 'values.drills_held', message: '第 3 行 C 列（开展应急演练）：应为数字，填写的是“two”', messageEn: 'row 3, column C (开展应急演练): should be a number, not "two"',
    }]);
    expect(preview.body.rows[2].errors[0]).toMatchObject({ field: 'unit', message: '第 4 行 B 列（单位名称）：未找到单位“火星区”' });
    expect(preview.body.missingColumns.length).toBe(44);

    const refused = await admin.upload(`${base}/import`, broken, 'b.xlsx', XLSX_TYPE);
    expectError(refused, 422, 'import.has_errors');
    expect(refused.body.fields[0].field).toBe('row 3.values.drills_held');
    expect(await reportOf('530114')).toBeUndefined();
    expect((await auditRows(t)).length).toBe(auditBefore);

    const fixed = await sheet([[null, '呈贡区', 1, 30, 4, 4], ['530115', '晋宁区', 2, 30, 5, 4]]);
    const done = await admin.upload(`${base}/import`, fixed, 'f.xlsx', XLSX_TYPE);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ created: 2, updated: 0, kept: 0 });
    const chenggong = await reportOf('530114');
    expect(chenggong).toMatchObject({ status: 'submitted', late: 0 });
    expect(JSON.parse(chenggong!.values_json)).toMatchObject({ drills_held: 1, drill_participants: 30, banners_slogans: 0 });
    expect(await fulfilments('530114')).toHaveLength(1);
    expect(await auditRows(t, { action: 'statistics.import' })).toHaveLength(2);

    expectError(await wuhua.upload(`${base}/import/preview`, fixed, 'f.xlsx', XLSX_TYPE), 403, 'request.forbidden');
    expectError(await leader.upload(`${base}/import`, fixed, 'f.xlsx', XLSX_TYPE), 403, 'request.forbidden');
    expectError(await admin.upload(`${base}/import/preview`, Buffer.from('not a workbook'), 'x.xlsx', XLSX_TYPE), 400, 'import.not_xlsx');
  });

  /** A clerk's plain sheet: one header row, the columns it names, the rows given; `edit` adds merges and the like. */
  const plainSheet = async (rows: unknown[][], edit: (ws: ExcelJS.Worksheet) => void = () => {}) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('统计表');
    ws.addRow(['单位代码', '单位名称', '开展应急演练', '应急演练参与', '排查发现隐患', '整改隐患']);
    for (const r of rows) ws.addRow(r);
    edit(ws);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  const reportCount = async () => (await t.db.selectFrom('statistics_reports').select('id').execute()).length;

  it('exports each unit\'s status and empty figures for a unit that has not reported; importing the export unchanged changes nothing', async () => {
    const r = await admin.get(`${base}/export.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(3).values as unknown[];
    const statusCol = header.indexOf('填报状态');
    expect(statusCol).toBeGreaterThan(3);
    let fumin = 0;
    let wuhuaRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(2).value === '530124') fumin = n;
      if (row.getCell(2).value === '530102') wuhuaRow = n;
    });
    expect(ws.getCell(fumin, statusCol).value).toBe('未填报');
    // Not 0: an unreported unit's figures are empty.
    for (let c = 4; c < statusCol; c++) expect(ws.getCell(fumin, c).value).toBeNull();
    expect(ws.getCell(wuhuaRow, statusCol).value).toBe('已接收');

    const before = { list: (await admin.get(base)).body.completeness, reports: await reportCount(), audit: (await auditRows(t)).length };
    const done = await admin.upload(`${base}/import`, r.raw.rawPayload, 'tongji.xlsx', XLSX_TYPE);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ created: 0, updated: 0, kept: 0 });
    expect((await admin.get(base)).body.completeness).toEqual(before.list);
    expect(await reportCount()).toBe(before.reports);
    expect((await auditRows(t)).length).toBe(before.audit);
  });

  it('names each cell it cannot take, by row, column letter and header: merged cells, a row with figures and no unit, a name of another unit, a formula without value, a blank', async () => {
    const file = await plainSheet([
      ['530124', '富民县', 2, 40, 5, 5],
      [null, null, 1, 2, 3, 3],
      ['530125', '石林彝族自治县', 1, 1, 1, 1],
      ['530127', '嵩明县', { formula: 'C2*2' }, 10, 2, 2],
      ['530128', '禄劝彝族苗族自治县', 3, null, 2, 2],
    ], (ws) => ws.mergeCells('C2:D2'));
    const p = await admin.upload(`${base}/import/preview`, file, 'd.xlsx', XLSX_TYPE);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.summary).toMatchObject({ create: 0, update: 0, error: 5 });
    const messages = (p.body.rows as { row: number; errors: { message: string }[] }[]).map((x) => [x.row, x.errors.map((e) => e.message)]);
    expect(messages).toEqual([
      [2, [
        '第 2 行 C 列（开展应急演练）：合并单元格 C2:D2 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写',
        '第 2 行 D 列（应急演练参与）：合并单元格 C2:D2 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写',
      ]],
      [3, ['第 3 行 B 列（单位名称）：该行填有数据，但单位代码和单位名称都是空的，无法判断是哪个单位']],
      [4, ['第 4 行 B 列（单位名称）：单位代码 530125 是“宜良县”，而单位名称“石林彝族自治县”是另一个单位（代码 530126），请核对后再导入']],
      [5, ['第 5 行 C 列（开展应急演练）：公式 =C2*2 没有保存计算结果，请在 Excel 中打开并保存，或直接填写数值']],
      [6, ['第 6 行 D 列（应急演练参与）：空白（未填写）：没有请填 0']],
    ]);
    const refused = await admin.upload(`${base}/import`, file, 'd.xlsx', XLSX_TYPE);
    expectError(refused, 422, 'import.has_errors');
    for (const code of ['530124', '530125', '530126', '530127', '530128']) expect(await reportOf(code)).toBeUndefined();
  });

  it('flags a row that would replace a unit\'s own filing and writes it only as the office chooses, row by row', async () => {
    const guandu = JSON.parse((await reportOf('530111'))!.values_json) as Record<string, number>;
    const file = await plainSheet([['530111', '官渡区', 5, 50, 6, 6], ['530112', '西山区', 7, 70, 8, 8]]);
    const p = await admin.upload(`${base}/import/preview`, file, 'o.xlsx', XLSX_TYPE);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.summary).toMatchObject({ update: 2, ownSubmissions: 2, error: 0 });
    expect(p.body.rows[0].ownSubmission).toEqual({
      status: 'submitted',
      note: { zh: '单位已自行填报（已提交）：请选择保留单位的或采用文件的', en: 'the unit filed its own (Submitted): choose keep the unit\'s or take the file\'s' },
    });
    const auditBefore = (await auditRows(t, { action: 'statistics.import' })).length;

    // No choice for a flagged row: 400 naming the row, nothing written.
    const none = await admin.upload(`${base}/import`, file, 'o.xlsx', XLSX_TYPE);
    expectError(none, 400, 'request.invalid');
    expect(none.body.fields.map((f: { field: string }) => f.field)).toEqual(['choices.2', 'choices.3']);
    expect(none.body.fields[0].message).toContain('第 2 行会覆盖单位自行填报的数据');
    const half = await admin.uploadForm(`${base}/import`, { choices: JSON.stringify({ 2: 'file' }) }, file, 'o.xlsx', XLSX_TYPE);
    expectError(half, 400, 'request.invalid');
    expect(half.body.fields.map((f: { field: string }) => f.field)).toEqual(['choices.3']);
    expectError(await admin.uploadForm(`${base}/import`, { choices: '{"2":"maybe"}' }, file, 'o.xlsx', XLSX_TYPE), 400, 'import.choices_invalid');
    expect((await auditRows(t, { action: 'statistics.import' })).length).toBe(auditBefore);

    // Keep 官渡's own table, take the file's for 西山.
    const done = await admin.uploadForm(`${base}/import`, { choices: JSON.stringify({ 2: 'unit', 3: 'file' }) }, file, 'o.xlsx', XLSX_TYPE);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ created: 0, updated: 1, kept: 1 });
    expect(JSON.parse((await reportOf('530111'))!.values_json)).toEqual(guandu);
    expect(JSON.parse((await reportOf('530112'))!.values_json)).toMatchObject({ drills_held: 7, drill_participants: 70 });
    expect((await auditRows(t, { action: 'statistics.import' })).length).toBe(auditBefore + 1);
    const rollup = await admin.get(`${base}/rollup`);
    expect(rollup.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530112').total.drills_held).toBe(7);
    expect(rollup.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530111').total.drills_held).toBe(guandu.drills_held);

    // 西山's table now comes from an import: a later sheet replaces it without asking; 官渡's still asks.
    const again = await admin.upload(`${base}/import/preview`, await plainSheet([['530111', '官渡区', 6, 50, 6, 6], ['530112', '西山区', 9, 70, 8, 8]]), 'a.xlsx', XLSX_TYPE);
    expect(again.body.rows.map((x: { ownSubmission: unknown }) => x.ownSubmission !== null)).toEqual([true, false]);
  });
});
