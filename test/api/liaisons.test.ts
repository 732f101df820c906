import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildUnit, campaignCast, loginAs } from '../support/factories';
import type { Client } from '../support/client';
import {
  auditRows, countRows, expectError, expectFieldError, expectGarbageRefused, unitByCode, unitsWorkbook, XLSX_TYPE,
} from '../support/api';

const START = new Date('2022-05-20T10:00:00+08:00');
const AFTER_DUE = new Date('2022-05-31T00:00:00+08:00');

const VALID = {
  liaison_name: '张三', liaison_position: '科员', liaison_office_phone: '0871-63104019', liaison_mobile: '13888888888',
  liaison_email: 'zhangsan@km.gov.cn', leader_name: '李四', leader_position: '副局长', leader_phone: '0871-63104020',
};

type Row = { unit: { id: number; code: string; type: string; name: string }; status: string; version: number | null; values: Record<string, string> | null };

describeDb('liaisons: 附件1 联络员反馈表, filed by every unit and consolidated by the office', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;

  const submissions = async (unitId?: number) => {
    let q = t.db.selectFrom('liaison_submissions').selectAll();
    if (unitId) q = q.where('unit_id', '=', unitId);
    return q.orderBy('id').execute();
  };
  const fulfilments = (unitId: number) =>
    t.db.selectFrom('obligation_fulfilments').selectAll().where('unit_id', '=', unitId).where('obligation_key', '=', 'liaison_form').execute();
  const todoStatus = async (c: Client) => {
    const r = await c.get(`/api/campaigns/${t.campaignId}/obligations/mine`);
    return (r.body.items as { key: string; status: string }[]).find((i) => i.key === 'liaison_form')!.status;
  };

  beforeAll(async () => {
    // Sessions outlive the clock moves below (days, not hours).
    t = await startTestApp({ sessionHours: 24 * 365 });
    ({ admin, leader, wuhua, panlong } = await campaignCast(t));
    base = `/api/campaigns/${t.campaignId}/liaisons`;
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  it('shows a unit its empty form: the campaign\'s fields and the deadline', async () => {
    const r = await wuhua.get(`${base}/mine`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.unit).toMatchObject({ code: '530102', name: '五华区' });
    expect(r.body.fields.map((f: { key: string }) => f.key)).toEqual([
      'liaison_name', 'liaison_position', 'liaison_office_phone', 'liaison_mobile', 'liaison_fax', 'liaison_email', 'leader_name', 'leader_position', 'leader_phone',
    ]);
    expect(r.body.fields[3]).toEqual({ key: 'liaison_mobile', label: { zh: '手机', en: 'Mobile' }, type: 'mobile', required: true, group: 'liaison' });
    expect(r.body).toMatchObject({ due: '2022-05-30T16:00:00.000Z', obligationKey: 'liaison_form', current: null, versions: [] });
  });

  it('files the form before the deadline: 201, version 1, a fulfilment in the same transaction, the to-do done on time, an audit record', async () => {
    const unit = await unitByCode(t, '530102');
    const r = await wuhua.post(base, { values: { ...VALID, liaison_name: '  张三 ' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ unitId: unit.id, version: 1, late: false, values: VALID, submittedAt: START.toISOString() });
    const f = await fulfilments(unit.id);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ source_type: 'liaison', source_id: String(r.body.id), fulfilled_at: START.toISOString() });
    expect(await todoStatus(wuhua)).toBe('done_on_time');
    const a = await auditRows(t, { action: 'liaison.submit', entityId: r.body.id });
    expect(a).toHaveLength(1);
    expect(a[0]!.before).toBeNull();
    expect(a[0]!.after).toMatchObject({ unitId: unit.id, version: 1, values: VALID });

    const mine = await wuhua.get(`${base}/mine`);
    expect(mine.body.current).toMatchObject({ version: 1, values: VALID, late: false, submittedBy: { username: expect.any(String) } });
  });

  it('keeps every version: a correction is version 2 with its changed fields, and adds no second fulfilment', async () => {
    const unit = await unitByCode(t, '530102');
    t.clock.now = AFTER_DUE; // a correction after the deadline does not make the form late
    const r = await wuhua.post(base, { values: { ...VALID, liaison_mobile: '13999999999', liaison_fax: '0871-63104021' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ version: 2 });
    expect(await fulfilments(unit.id)).toHaveLength(1);
    expect(await todoStatus(wuhua)).toBe('done_on_time');

    const h = await wuhua.get(`${base}/${unit.id}/versions`);
    expect(h.status).toBe(200);
    expect(h.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(h.body.versions[0].changes).toEqual([
      { key: 'liaison_fax', before: null, after: '0871-63104021' },
      { key: 'liaison_mobile', before: '13888888888', after: '13999999999' },
    ]);
    expect(h.body.versions[1].changes).toHaveLength(Object.keys(VALID).length);
    const mine = await wuhua.get(`${base}/mine`);
    expect(mine.body.current).toMatchObject({ version: 2, values: { liaison_mobile: '13999999999' } });
    expect(mine.body.versions).toHaveLength(2);
    const a = await auditRows(t, { action: 'liaison.submit', entityId: r.body.id });
    expect(a[0]!.before).toMatchObject({ version: 1, values: { liaison_mobile: '13888888888' } });
    expect(a[0]!.after).toMatchObject({ version: 2, values: { liaison_mobile: '13999999999' } });
  });

  it('files late after the deadline: the to-do is done late', async () => {
    const guandu = await loginAs(t, 'unit_reporter', '530111');
    t.clock.now = AFTER_DUE;
    const r = await guandu.post(base, { values: VALID });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ version: 1, late: true });
    expect(await todoStatus(guandu)).toBe('done_late');
  });

  it.each([
    ['liaison_mobile', '1388888888', '“1388888888”不是手机号码', '"1388888888" is not a mobile number', '手机', 'Mobile'],
    ['liaison_email', 'zhangsan', '电子邮箱格式不正确', 'invalid e-mail address', '电子邮箱', 'E-mail'],
    ['liaison_office_phone', '871-63104019', '“871-63104019”不是电话号码', '"871-63104019" is not a phone number', '办公电话', 'Office phone'],
    ['leader_phone', '0871-6310', '“0871-6310”不是电话号码', 'is not a phone number', '分管领导联系电话', 'Leader\'s phone'],
    ['leader_name', '', '必填', 'required', '分管领导姓名', 'Leader in charge'],
  ])('refuses a bad %s (%s) on values.<key>, the headline naming the form label in Chinese and English, writing nothing', async (key, value, zh, en, label, labelEn) => {
    const xishan = await loginAs(t, 'unit_reporter', '530112');
    const before = { subs: (await submissions()).length, f: await countRows(t, 'obligation_fulfilments'), a: await countRows(t, 'audit_log') };
    const r = await xishan.post(base, { values: { ...VALID, [key]: value } });
    expectError(r, 400, 'request.invalid');
    expect(r.body.fields[0].field).toBe(`values.${key}`);
    expect(r.body.fields[0].message).toContain(zh);
    expect(r.body.fields[0].messageEn).toContain(en);
    expect(r.body.message).toBe(`${label}：${r.body.fields[0].message}`);
    expect(r.body.messageEn).toBe(`${labelEn}: ${r.body.fields[0].messageEn}`);
    expect(r.body.message).not.toContain('values.');
    expect((await submissions()).length).toBe(before.subs);
    expect(await countRows(t, 'obligation_fulfilments')).toBe(before.f);
    expect(await countRows(t, 'audit_log')).toBe(before.a);
  });

  it('names every bad field at once, and refuses a field the form does not have', async () => {
    const r = await panlong.post(base, { values: { liaison_name: '王五', liaison_mobile: 'abc', shoe_size: '42' } });
    expectError(r, 400, 'request.invalid');
    const fields = r.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['values.liaison_position', 'values.liaison_mobile', 'values.liaison_email', 'values.shoe_size']));
    expect(fields).not.toContain('values.liaison_name');
    expect(fields).not.toContain('values.liaison_fax');
  });

  it('keeps a county inside its own subtree: 盘龙区 cannot file or read for 五华区 (404), but files for itself', async () => {
    const wuhuaUnit = await unitByCode(t, '530102');
    const before = (await submissions(wuhuaUnit.id)).length;
    expectError(await panlong.post(base, { unitId: wuhuaUnit.id, values: VALID }), 404, 'request.not_found');
    expectError(await panlong.get(`${base}/mine?unitId=${wuhuaUnit.id}`), 404, 'request.not_found');
    expectError(await panlong.get(`${base}/${wuhuaUnit.id}/versions`), 404, 'request.not_found');
    expectError(await panlong.get(`${base}/mine?unitId=987654`), 404, 'request.not_found');
    expect((await submissions(wuhuaUnit.id)).length).toBe(before);
    // A county's township is in its reach but owes no liaison form.
    const township = await buildUnit(t, { parentCode: '530103' });
    expect((await panlong.get(`${base}/mine?unitId=${township.id}`)).status).toBe(200);
    expectFieldError(await panlong.post(base, { unitId: township.id, values: VALID }), 'unitId', 'liaison.not_applicable');
  });

  it('refuses the leading group and non-filing roles (403), and office pages to units (403)', async () => {
    expectError(await leader.post(base, { values: VALID }), 403, 'request.forbidden');
    expectError(await leader.post(base, { values: { liaison_mobile: 'x' } }), 403, 'request.forbidden');
    const handler = await loginAs(t, 'case_handler', '530102');
    expectError(await handler.post(base, { values: VALID }), 403, 'request.forbidden');
    expectError(await wuhua.get(base), 403, 'request.forbidden');
    expectError(await wuhua.get(`${base}/export.xlsx`), 403, 'request.forbidden');
    // The leading group reads.
    expect((await leader.get(base)).status).toBe(200);
  });

  it('lets the office file on behalf of a unit (a form received by mail)', async () => {
    const dept = (await admin.get('/api/units')).body.find((u: { type: string }) => u.type === 'department');
    const r = await admin.post(base, { unitId: dept.id, values: VALID });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ unitId: dept.id, version: 1, late: false });
    // Without a unit the office files for itself, which owes no form.
    expectFieldError(await admin.post(base, { values: VALID }), 'unitId', 'liaison.not_applicable');
  });

  it('shows the office every participating unit: missing, on time, late; filtered by unit type', async () => {
    const r = await admin.get(base);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = r.body.rows as Row[];
    const byCode = Object.fromEntries(rows.map((x) => [x.unit.code, x]));
    expect(byCode['530102']).toMatchObject({ status: 'on_time', version: 2, values: { liaison_mobile: '13999999999' } });
    expect(byCode['530111']).toMatchObject({ status: 'late', version: 1 });
    expect(byCode['530103']).toMatchObject({ status: 'missing', version: null, values: null });
    expect(byCode['530100-AW']).toBeUndefined();
    expect(rows.some((x) => x.unit.type === 'township')).toBe(false);
    expect(new Set(rows.map((x) => x.unit.type))).toEqual(new Set(['county', 'zone', 'department', 'enterprise']));
    const { summary } = r.body;
    expect(summary.total).toBe(rows.length);
    expect(summary.onTime).toBe(2);
    expect(summary.late).toBe(1);
    expect(summary.missing).toBe(rows.length - 3);

    const counties = await admin.get(`${base}?unitType=county`);
    expect((counties.body.rows as Row[]).map((x) => x.unit.code).sort()).toEqual(
      ['530102', '530103', '530111', '530112', '530113', '530114', '530115', '530124', '530125', '530126', '530127', '530128', '530129', '530181'],
    );
    expectError(await admin.get(`${base}?unitType=planet`), 400, 'request.invalid');
  });

  it('exports the consolidated 附件1: merged title, header, one row per participating unit in order, with the values', async () => {
    const list = (await admin.get(base)).body.rows as Row[];
    const r = await admin.get(`${base}/export.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX_TYPE);
    expect(String(r.headers['content-disposition'])).toContain(encodeURIComponent('联络员反馈表'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const fieldCount = 9;
    expect(ws.getCell(1, 1).value).toBe('昆明市2022年“安全生产月”及“安全生产万里行”活动联络员反馈表');
    expect(ws.getCell(1, 1).isMerged).toBe(true);
    expect(ws.getCell(1, 2 + fieldCount).isMerged).toBe(true);
    expect((ws.getCell(1, 2 + fieldCount).master as ExcelJS.Cell).address).toBe('A1');
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '单位', '联络员姓名', '联络员职务', '办公电话', '手机', '传真', '电子邮箱', '分管领导姓名', '分管领导职务', '分管领导联系电话', '填报状态']);
    expect(ws.rowCount).toBe(2 + list.length);
    const names = [];
    for (let i = 0; i < list.length; i++) names.push(ws.getCell(3 + i, 2).value);
    expect(names).toEqual(list.map((x) => x.unit.name));
    expect(ws.getCell(3, 1).value).toBe(1);
    const wuhuaRow = 3 + list.findIndex((x) => x.unit.code === '530102');
    expect(ws.getCell(wuhuaRow, 6).value).toBe('13999999999');
    expect(ws.getCell(wuhuaRow, 5).value).toBe('0871-63104019');
    const missingRow = 3 + list.findIndex((x) => x.unit.code === '530103');
    expect(ws.getCell(missingRow, 3).value ?? '').toBe('');
    // Each unit's status, so an unfilled row reads as unfilled.
    expect(ws.getCell(missingRow, 3 + fieldCount).value).toBe('未填报');
    expect(ws.getCell(wuhuaRow, 3 + fieldCount).value).toBe('已报送');
    expect(ws.getCell(3, 2).border?.top?.style).toBe('thin');
    expect(ws.getCell(3, 2).alignment?.wrapText).toBe(true);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1 });
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    // The list is in the office's unit order: sort order, then code.
    const units = await t.db.selectFrom('units').select(['id', 'sort_order', 'code']).execute();
    const order = new Map(units.map((u) => [u.id, u]));
    const keys = list.map((x) => order.get(x.unit.id)!);
    const sorted = [...keys].sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code));
    expect(keys.map((k) => k.code)).toEqual(sorted.map((k) => k.code));
    expect((await leader.get(`${base}/export.xlsx`)).status).toBe(200);
  });

  it('keeps versions distinct and one fulfilment when two submissions race', async () => {
    const unit = await unitByCode(t, '530113');
    const dongchuan = await loginAs(t, 'unit_reporter', '530113');
    const answers = await Promise.all([1, 2, 3].map((i) => dongchuan.post(base, { values: { ...VALID, liaison_name: `联络员${i}` } })));
    for (const r of answers) expect([201, 409], JSON.stringify(r.body)).toContain(r.status);
    const stored = await submissions(unit.id);
    expect(stored.length).toBe(answers.filter((r) => r.status === 201).length);
    expect(new Set(stored.map((s) => s.version)).size).toBe(stored.length);
    expect(await fulfilments(unit.id)).toHaveLength(1);
  });

  describe('import of a filled 附件1 by the office', () => {
    const importUrl = () => `${base}/import`;
    const previewUrl = () => `${base}/import/preview`;
    const exportSheet = async () => (await admin.get(`${base}/export.xlsx`)).raw.rawPayload;
    const versionsOf = async (code: string) => submissions((await unitByCode(t, code)).id);
    type Preview = {
      rows: { row: number; unitName: string; unit: { code: string } | null; action: string; changes: { key: string; before: string | null; after: string | null }[]; errors: { field: string; message: string; messageEn: string }[] }[];
      summary: Record<string, number>;
      missingColumns: string[];
    };

    /**
     * A sheet as a clerk retypes it: a title and a note above the header, the columns in their
     * own order, an English header for one field, no 传真 column, a mobile number typed as a number.
     */
    const clerkSheet = async (rows: (string | number | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('附件1');
      ws.addRow(['联络员反馈表']);
      ws.mergeCells(1, 1, 1, 9);
      ws.addRow(['填报单位：各县（市）区']);
      ws.addRow(['单位代码', '单位名称', '联络员姓名', '联络员职务', 'Mobile', '办公电话', '电子邮箱', '分管领导姓名', '分管领导职务', '分管领导联系电话']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const row = (code: string, name: string, v: Record<string, string | number>) => [
      code, name, v.liaison_name ?? '', v.liaison_position ?? '', v.liaison_mobile ?? '', v.liaison_office_phone ?? '',
      v.liaison_email ?? '', v.leader_name ?? '', v.leader_position ?? '', v.leader_phone ?? '',
    ];
    const sheetWith = (xishanMobile: string) => clerkSheet([
      row('', '盘龙区', { ...VALID, liaison_name: '赵敏', liaison_mobile: 13700000001 }),
      row('530102', '五华区', { ...VALID, liaison_mobile: '13700000002' }),
      row('', ' 西山区 ', { ...VALID, liaison_name: '孙七', liaison_mobile: xishanMobile }),
    ]);

    it('reads back its own export unchanged: every row matched by name, nothing to write', async () => {
      const before = { subs: (await submissions()).length, a: await countRows(t, 'audit_log') };
      const file = await exportSheet();
      const p = await admin.upload(previewUrl(), file, 'export.xlsx', XLSX_TYPE);
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      const body = p.body as Preview;
      const list = (await admin.get(base)).body.rows as Row[];
      expect(body.rows).toHaveLength(list.length);
      expect(body.summary).toEqual({ create: 0, update: 0, unchanged: list.length, error: 0, ownSubmissions: 0 });
      expect(body.missingColumns).toEqual([]);
      expect(body.rows.map((r) => r.unit?.code)).toEqual(list.map((x) => x.unit.code));
      expect(body.rows[0]!.row).toBe(3);
      const c = await admin.upload(importUrl(), file, 'export.xlsx', XLSX_TYPE);
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      expect(c.body).toEqual({ created: 0, updated: 0, kept: 0 });
      expect((await submissions()).length).toBe(before.subs);
      expect(await countRows(t, 'audit_log')).toBe(before.a);
    });

    it('previews a new unit, a changed unit and a bad mobile number row by row, writing nothing', async () => {
      const before = { subs: (await submissions()).length, f: await countRows(t, 'obligation_fulfilments'), a: await countRows(t, 'audit_log') };
      const p = await admin.upload(previewUrl(), await sheetWith('1388888888'), '附件1.xlsx', XLSX_TYPE);
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      const body = p.body as Preview;
      expect(body.summary).toEqual({ create: 1, update: 1, unchanged: 0, error: 1, ownSubmissions: 1 });
      expect(body.missingColumns).toEqual(['liaison_fax']);
      const [panlongRow, wuhuaRow, xishanRow] = body.rows;
      expect(panlongRow).toMatchObject({ row: 4, unitName: '盘龙区', unit: { code: '530103' }, action: 'create', errors: [] });
      expect(panlongRow!.changes).toContainEqual({ key: 'liaison_mobile', before: null, after: '13700000001' });
      // 五华区 keeps the fax its last version had: the sheet has no 传真 column.
      expect(wuhuaRow).toMatchObject({ row: 5, unit: { code: '530102' }, action: 'update', errors: [] });
      expect(wuhuaRow!.changes).toEqual([{ key: 'liaison_mobile', before: '13999999999', after: '13700000002' }]);
      // 五华区 filed that version itself: the row is flagged for the office's choice.
      expect((wuhuaRow as unknown as { ownSubmission: unknown }).ownSubmission).toEqual({
        version: 2, note: { zh: '单位已自行填报（第 2 版）：请选择保留单位的或采用文件的', en: 'the unit filed its own (version 2): choose keep the unit\'s or take the file\'s' },
      });
      expect((panlongRow as unknown as { ownSubmission: unknown }).ownSubmission).toBeNull();
      expect(xishanRow).toMatchObject({ row: 6, unit: { code: '530112' }, action: 'error' });
      // Named where the clerk looks: the sheet's row, the column letter and the header as the sheet has it.
      expect(xishanRow!.errors).toHaveLength(1);
      expect(xishanRow!.errors[0]).toMatchObject({ field: 'values.liaison_mobile' });
      expect(xishanRow!.errors[0]!.message).toMatch(/^第 6 行 E 列（Mobile）：“1388888888”不是手机号码/);
      expect(xishanRow!.errors[0]!.messageEn).toMatch(/^row 6, column E \(Mobile\): "1388888888" is not a mobile number/);
      expect((await submissions()).length).toBe(before.subs);
      expect(await countRows(t, 'obligation_fulfilments')).toBe(before.f);
      expect(await countRows(t, 'audit_log')).toBe(before.a);
    });

    it('commits nothing while a row has errors: 422 naming the row and field', async () => {
      const before = { subs: (await submissions()).length, f: await countRows(t, 'obligation_fulfilments'), a: await countRows(t, 'audit_log') };
      const r = await admin.upload(importUrl(), await sheetWith('1388888888'), '附件1.xlsx', XLSX_TYPE);
      expectError(r, 422, 'import.has_errors');
      expect(r.body.message).toBe('有 1 行存在错误，未导入任何数据');
      expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(['row 6.values.liaison_mobile']);
      expect((await submissions()).length).toBe(before.subs);
      expect(await versionsOf('530103')).toHaveLength(0);
      expect(await countRows(t, 'obligation_fulfilments')).toBe(before.f);
      expect(await countRows(t, 'audit_log')).toBe(before.a);
      expect(await auditRows(t, { action: 'liaison.import' })).toHaveLength(0);
    });

    it('commits the corrected sheet in one go: new versions filed by the office, fulfilments for first versions, an audit record per row', async () => {
      const adminAccount = await t.db.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
      const wuhuaBefore = await versionsOf('530102');
      const file = await sheetWith('13700000003');
      // Without a choice for 五华区's own version: 400 naming the row, nothing written.
      const unchosen = await admin.upload(importUrl(), file, '附件1.xlsx', XLSX_TYPE);
      expectError(unchosen, 400, 'request.invalid');
      expect(unchosen.body.fields.map((f: { field: string }) => f.field)).toEqual(['choices.5']);
      expect(await versionsOf('530103')).toHaveLength(0);
      const r = await admin.uploadForm(importUrl(), { choices: JSON.stringify({ 5: 'file' }) }, file, '附件1.xlsx', XLSX_TYPE);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ created: 2, updated: 1, kept: 0 });

      const [panlongV] = await versionsOf('530103');
      expect(panlongV).toMatchObject({ version: 1, submitted_by: adminAccount.id, submitted_at: START.toISOString(), late: 0 });
      expect(JSON.parse(panlongV!.values_json)).toMatchObject({ liaison_name: '赵敏', liaison_mobile: '13700000001' });
      expect(await fulfilments((await unitByCode(t, '530103')).id)).toHaveLength(1);
      expect(await fulfilments((await unitByCode(t, '530112')).id)).toHaveLength(1);
      expect(await todoStatus(panlong)).toBe('done_on_time');

      const wuhuaAfter = await versionsOf('530102');
      expect(wuhuaAfter).toHaveLength(wuhuaBefore.length + 1);
      const last = wuhuaAfter[wuhuaAfter.length - 1]!;
      expect(last.version).toBe(wuhuaBefore.length + 1);
      expect(JSON.parse(last.values_json)).toMatchObject({ liaison_mobile: '13700000002', liaison_fax: '0871-63104021' });
      expect(await fulfilments((await unitByCode(t, '530102')).id)).toHaveLength(1);

      const audits = await auditRows(t, { action: 'liaison.import' });
      expect(audits).toHaveLength(3);
      expect(audits.find((a) => a.entity_id === String(last.id))!.after).toMatchObject({ version: last.version, row: 5, changes: [{ key: 'liaison_mobile' }] });
      expect(audits.find((a) => a.entity_id === String(panlongV!.id))!.before).toBeNull();

      const list = (await admin.get(base)).body.rows as Row[];
      expect(list.find((x) => x.unit.code === '530103')).toMatchObject({ status: 'on_time', version: 1 });
      // The same sheet again is unchanged.
      const again = await admin.upload(previewUrl(), await sheetWith('13700000003'), '附件1.xlsx', XLSX_TYPE);
      expect(again.body.summary).toMatchObject({ create: 0, update: 0, unchanged: 3, error: 0 });
    });

    it('files late after the deadline, as a unit\'s own submission would', async () => {
      t.clock.now = AFTER_DUE;
      const r = await admin.upload(importUrl(), await clerkSheet([row('530114', '', VALID)]), 'late.xlsx', XLSX_TYPE);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ created: 1, updated: 0, kept: 0 });
      expect((await versionsOf('530114'))[0]).toMatchObject({ version: 1, late: 1 });
    });

    it('names the unit when it cannot be matched: unknown, code and name disagree, owes no form, twice in the file, none given', async () => {
      const township = await buildUnit(t, { parentCode: '530103', name: '拓东街道' });
      const p = await admin.upload(previewUrl(), await clerkSheet([
        row('', '火星区', VALID),
        row('530102', '盘龙区', VALID),
        row(township.code, '', VALID),
        row('', '宜良县', VALID),
        row('530125', '', VALID),
        row('', '', VALID),
        row('NOPE-1', '', VALID),
      ]), 'u.xlsx', XLSX_TYPE);
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      const rows = (p.body as Preview).rows;
      expect(rows.map((r) => r.action)).toEqual(['error', 'error', 'error', 'create', 'error', 'error', 'error']);
      const unitError = (i: number) => rows[i]!.errors.find((e) => e.field === 'unit');
      expect(unitError(0)).toMatchObject({ message: '第 4 行 B 列（单位名称）：未找到单位“火星区”', messageEn: 'row 4, column B (单位名称): No unit "火星区"' });
      // The name is another unit's: refused, naming both, never guessed.
      expect(unitError(1)!.message).toBe('第 5 行 B 列（单位名称）：单位代码 530102 是“五华区”，而单位名称“盘龙区”是另一个单位（代码 530103），请核对后再导入');
      expect(unitError(2)!.message).toContain('该单位无需报送联络员反馈表');
      expect(unitError(4)).toMatchObject({ message: '第 8 行 B 列（单位名称）：与第 7 行重复', messageEn: 'row 8, column B (单位名称): duplicates row 7' });
      expect(unitError(5)!.message).toContain('该行填有数据，但单位代码和单位名称都是空的');
      expect(unitError(6)!.message).toContain('未找到单位“NOPE-1”');
      expect(rows[3]!.unit).toMatchObject({ code: '530125' });
    });

    it('keeps a unit\'s own version when the office chooses so, and a version that came from an import is replaced without asking', async () => {
      const xishan = await loginAs(t, 'unit_reporter', '530112');
      const own = await xishan.post(base, { values: { ...VALID, liaison_name: '孙七', liaison_mobile: '13611112222' } });
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      const before = await versionsOf('530112');
      const file = await clerkSheet([row('530112', '西山区', { ...VALID, liaison_name: '孙七', liaison_mobile: '13633334444' })]);
      const p = await admin.upload(previewUrl(), file, 'k.xlsx', XLSX_TYPE);
      expect(p.body.rows[0].ownSubmission).toMatchObject({ version: before.length });
      const kept = await admin.uploadForm(importUrl(), { choices: JSON.stringify({ 4: 'unit' }) }, file, 'k.xlsx', XLSX_TYPE);
      expect(kept.status, JSON.stringify(kept.body)).toBe(200);
      expect(kept.body).toEqual({ created: 0, updated: 0, kept: 1 });
      expect(await versionsOf('530112')).toHaveLength(before.length);
      expectError(await admin.uploadForm(importUrl(), { choices: '[1]' }, file, 'k.xlsx', XLSX_TYPE), 400, 'import.choices_invalid');
      // Take the file's; the next sheet replaces that imported version without a question.
      expect((await admin.uploadForm(importUrl(), { choices: '{"4":"file"}' }, file, 'k.xlsx', XLSX_TYPE)).body).toEqual({ created: 0, updated: 1, kept: 0 });
      const next = await admin.upload(previewUrl(), await clerkSheet([row('530112', '西山区', { ...VALID, liaison_name: '孙七', liaison_mobile: '13655556666' })]), 'n.xlsx', XLSX_TYPE);
      expect(next.body.rows[0]).toMatchObject({ action: 'update', ownSubmission: null });
    });

    it('refuses a unit reporter and the leading group (403) on both endpoints, before reading the file', async () => {
      const file = await sheetWith('13700000003');
      for (const c of [wuhua, leader]) {
        expectError(await c.upload(previewUrl(), file, 'u.xlsx', XLSX_TYPE), 403, 'request.forbidden');
        expectError(await c.upload(importUrl(), file, 'u.xlsx', XLSX_TYPE), 403, 'request.forbidden');
        expectError(await c.upload(importUrl(), Buffer.from('not a workbook'), 'u.txt', 'text/plain'), 403, 'request.forbidden');
      }
    });

    it('refuses a file that is not an xlsx workbook, a sheet without the form\'s header, or no file at all', async () => {
      const before = (await submissions()).length;
      const text = await admin.upload(previewUrl(), Buffer.from('单位,手机\n五华区,13800000000\n'), 'a.csv', 'text/csv');
      expectError(text, 400, 'import.not_xlsx');
      expect(text.body.fields[0]).toMatchObject({ field: 'file', message: '文件不是有效的 Excel (.xlsx) 文件' });
      const fakeZip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]);
      expectError(await admin.upload(importUrl(), fakeZip, 'a.xlsx', XLSX_TYPE), 400, 'import.not_xlsx');
      const units = await unitsWorkbook([['X-1', '五华区', '', 'county', '530100-AW']]);
      const h = await admin.upload(previewUrl(), units, 'units.xlsx', XLSX_TYPE);
      expectError(h, 400, 'import.header_missing');
      expect(h.body.message).toContain('联络员姓名');
      expectError(await admin.post(previewUrl(), { file: 'x' }), 400, 'import.file_required');
      expectError(await admin.upload('/api/campaigns/987654/liaisons/import/preview', await exportSheet(), 'a.xlsx', XLSX_TYPE), 404, 'request.not_found');
      expect((await submissions()).length).toBe(before);
    });
  });

  it('takes phones as people write them, in the form and in a sheet, and stores them normalised', async () => {
    const shilin = await loginAs(t, 'unit_reporter', '530126');
    // A mobile, an office number with an extension and one without its area code: each refused before.
    const r = await shilin.post(base, { values: {
      ...VALID, leader_phone: '138 1234 5678', liaison_office_phone: '0871-63104019转8001', liaison_fax: '63104021', liaison_mobile: '+86 139-1234-5678',
    } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.values).toMatchObject({
      leader_phone: '13812345678', liaison_office_phone: '0871-63104019转8001', liaison_fax: '63104021', liaison_mobile: '13912345678',
    });
    // Several numbers in one cell, as a clerk types them; the row of 嵩明县 is read, merged cells or not.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('附件1');
    ws.addRow(['单位', '联络员姓名', '联络员职务', '办公电话', '手机', '电子邮箱', '分管领导姓名', '分管领导职务', '分管领导联系电话']);
    ws.addRow(['嵩明县', '周八', '科员', '(0871)67912345-8001', '13712345678', 'z@km.gov.cn', '吴九', '副县长', '0871-67912345、13612345678']);
    ws.addRow(['禄劝彝族苗族自治县', '郑十', '', '0871-68912345', '13512345678', 'x@km.gov.cn', '钱一', '副县长', '68912345 分机 8002']);
    ws.mergeCells('B3:C3');
    const p = await admin.upload(`${base}/import/preview`, Buffer.from(await wb.xlsx.writeBuffer()), 'p.xlsx', XLSX_TYPE);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const [songming, luquan] = p.body.rows as { action: string; values: Record<string, string>; errors: { field: string; message: string }[] }[];
    expect(songming).toMatchObject({ action: 'create', errors: [] });
    expect(songming!.values).toMatchObject({ liaison_office_phone: '0871-67912345转8001', leader_phone: '0871-67912345、13612345678' });
    // Merging 姓名 and 职务 once stored the name as the position: now the merge is named and the row refused.
    expect(luquan!.action).toBe('error');
    expect(luquan!.errors.map((e) => e.message)).toEqual([
      '第 3 行 B 列（联络员姓名）：合并单元格 B3:C3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写',
      '第 3 行 C 列（联络员职务）：合并单元格 B3:C3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写',
    ]);
  });

  it('answers 404 for a campaign that does not exist', async () => {
    expectError(await wuhua.get('/api/campaigns/987654/liaisons/mine'), 404, 'request.not_found');
    expectError(await wuhua.post('/api/campaigns/987654/liaisons', { values: VALID }), 404, 'request.not_found');
    expectError(await admin.get('/api/campaigns/987654/liaisons'), 404, 'request.not_found');
  });

  it('never answers garbage with a server error', async () => {
    await expectGarbageRefused(wuhua, 'post', base);
    await expectGarbageRefused(admin, 'post', base);
    for (const values of [null, [], 'x', { liaison_name: 5 }, { liaison_name: 'x'.repeat(5000) }, { ['k'.repeat(500)]: 'v' }]) {
      const r = await wuhua.post(base, { values });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    for (const url of [`${base}/mine?unitId=abc`, `${base}/mine?unitId=99999999999`, `${base}/abc/versions`, `${base}/99999999999/versions`]) {
      const r = await wuhua.get(url);
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(r.status, url).toBeLessThan(500);
    }
  });
});
