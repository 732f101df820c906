import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildUnit, loginAs } from '../support/factories';
import type { Client } from '../support/client';
import {
  auditRows, countRows, expectError, expectFieldError, expectGarbageRefused, unitByCode, unitsWorkbook, XLSX_TYPE,
} from '../support/api';

const COUNTIES: Record<string, string> = {
  '530102': '五华区', '530103': '盘龙区', '530111': '官渡区', '530112': '西山区', '530113': '东川区',
  '530114': '呈贡区', '530115': '晋宁区', '530124': '富民县', '530125': '宜良县', '530126': '石林彝族自治县',
  '530127': '嵩明县', '530128': '禄劝彝族苗族自治县', '530129': '寻甸回族彝族自治县', '530181': '安宁市',
};

describeDb('units: the tree of participating units', () => {
  let t: TestApp;
  let admin: Client;
  let wuhua: Client; // a reporter of 五华区 (530102)
  let panlong: Client; // a reporter of 盘龙区 (530103)
  let wuhuaId: number;
  let panlongId: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
    wuhua = await loginAs(t, 'unit_reporter', '530102');
    panlong = await loginAs(t, 'unit_reporter', '530103');
    wuhuaId = (await unitByCode(t, '530102')).id;
    panlongId = (await unitByCode(t, '530103')).id;
  });
  afterAll(async () => t?.close());

  const codesOf = (r: { body: { code: string }[] }) => r.body.map((u) => u.code);

  it('shows the administrator the whole city: 14 counties by GB/T 2260 code, 5 zones, the member departments', async () => {
    const r = await admin.get('/api/units');
    expect(r.status).toBe(200);
    const byType = (type: string) => r.body.filter((u: { type: string }) => u.type === type);
    const counties = Object.fromEntries(byType('county').map((u: { code: string; name: string }) => [u.code, u.name]));
    expect(counties).toEqual(COUNTIES);
    expect(byType('zone').map((u: { shortName: string }) => u.shortName).sort()).toEqual(
      ['高新区', '经开区', '滇池度假区', '阳宗海风景名胜区', '空港经济区'].sort(),
    );
    expect(byType('department').length).toBeGreaterThanOrEqual(20);
    expect(byType('department').map((u: { shortName: string }) => u.shortName)).toEqual(
      expect.arrayContaining(['市委宣传部', '市总工会', '市公安局', '市住建局', '市交通运输局', '市消防救援支队']),
    );
    const root = r.body.find((u: { code: string }) => u.code === '530100-AW');
    expect(root).toMatchObject({ type: 'city_office', parentId: null, active: true });
    expect(r.body.every((u: { code: string; parentId: number | null }) => u.code === '530100-AW' || u.parentId !== null)).toBe(true);
    // The leading group reads the whole tree too.
    const leader = await loginAs(t, 'leader', '530100-AW');
    expect(codesOf(await leader.get('/api/units')).sort()).toEqual(codesOf(r).sort());
  });

  it('shows a county reporter its own subtree only; another county is "not found", never "forbidden"', async () => {
    const township = await buildUnit(t, { parentCode: '530102', name: '华山街道（测试）' });
    const mine = await wuhua.get('/api/units');
    expect(mine.status).toBe(200);
    expect(codesOf(mine)).toEqual(expect.arrayContaining(['530102', township.code]));
    expect(codesOf(mine)).not.toContain('530103');
    expect(codesOf(mine)).not.toContain('530100-AW');
    const wuhuaPath = (await unitByCode(t, '530102')).path;
    const paths = await t.db.selectFrom('units').select(['code', 'path']).execute();
    const inSubtree = paths.filter((p) => p.path.startsWith(wuhuaPath)).map((p) => p.code).sort();
    expect(codesOf(mine).sort()).toEqual(inSubtree);

    expect(codesOf(await panlong.get('/api/units'))).not.toContain(township.code);

    expect((await wuhua.get(`/api/units/${township.id}`)).body).toMatchObject({ code: township.code, parentId: wuhuaId });
    expectError(await panlong.get(`/api/units/${township.id}`), 404, 'request.not_found');
    expectError(await wuhua.get(`/api/units/${panlongId}`), 404, 'request.not_found');
    expectError(await wuhua.get(`/api/units/${(await unitByCode(t, '530100-AW')).id}`), 404, 'request.not_found');
    // Exactly what a unit that does not exist answers.
    const missing = await wuhua.get('/api/units/987654');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual((await wuhua.get(`/api/units/${panlongId}`)).body);
    expect((await admin.get(`/api/units/${panlongId}`)).body).toMatchObject({ code: '530103', name: '盘龙区', type: 'county' });
  });

  it('lets the administrator create a unit: 201, in the tree, audited with its new state', async () => {
    const r = await admin.post('/api/units', { code: '530102-001', name: '华山街道', shortName: '华山', type: 'township', parentId: wuhuaId });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: '530102-001', name: '华山街道', shortName: '华山', type: 'township', parentId: wuhuaId, active: true });
    const row = await unitByCode(t, '530102-001');
    expect(row.path).toBe(`${(await unitByCode(t, '530102')).path}${row.id}/`);
    expect(codesOf(await wuhua.get('/api/units'))).toContain('530102-001');
    const [a, ...more] = await auditRows(t, { action: 'unit.create', entityId: row.id });
    expect(more).toHaveLength(0);
    expect(a!.entity_type).toBe('unit');
    expect(a!.after).toMatchObject({ code: '530102-001', name: '华山街道', parentId: wuhuaId });
    expect(a!.before).toBeNull();
    const adminId = (await t.db.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    expect(a!.actor_id).toBe(adminId);
    // Without a short name the name stands in.
    const plain = await admin.post('/api/units', { code: '530102-002', name: '护国街道', type: 'township', parentId: wuhuaId });
    expect(plain.body.shortName).toBe('护国街道');
  });

  it('refuses reporters and leaders every change to the tree, and writes nothing', async () => {
    const leader = await loginAs(t, 'leader', '530100-AW');
    const target = await buildUnit(t, { parentCode: '530102' });
    const unitsBefore = await countRows(t, 'units');
    const auditBefore = await countRows(t, 'audit_log');
    for (const c of [wuhua, leader]) {
      expectError(await c.post('/api/units', { code: 'NOPE-1', name: '不该有', type: 'township', parentId: wuhuaId }), 403, 'request.forbidden');
      expectError(await c.patch(`/api/units/${target.id}`, { name: '改名' }), 403, 'request.forbidden');
      expectError(await c.post(`/api/units/${target.id}/move`, { parentId: panlongId }), 403, 'request.forbidden');
      expectError(await c.post(`/api/units/${target.id}/deactivate`), 403, 'request.forbidden');
      expectError(await c.post(`/api/units/${target.id}/activate`), 403, 'request.forbidden');
    }
    expect(await countRows(t, 'units')).toBe(unitsBefore);
    expect(await countRows(t, 'audit_log')).toBe(auditBefore);
    const after = await unitByCode(t, target.code);
    expect(after).toMatchObject({ name: target.name, parent_id: wuhuaId, active: 1 });
  });

  it('answers bad input with 400 naming the field, in Chinese and English', async () => {
    const before = await countRows(t, 'units');
    const noName = await admin.post('/api/units', { code: 'B-1', type: 'township', parentId: wuhuaId });
    expectFieldError(noName, 'name');
    expect(noName.body.fields).toHaveLength(1);

    const badType = await admin.post('/api/units', { code: 'B-2', name: '坏类型', type: 'village', parentId: wuhuaId });
    expectFieldError(badType, 'type');

    const spaced = await admin.post('/api/units', { code: 'B 3', name: '代码有空格', type: 'township', parentId: wuhuaId });
    expectFieldError(spaced, 'code');
    expect(spaced.body.fields[0]).toMatchObject({
      message: '单位代码只能包含字母、数字和连字符，最多 32 位', messageEn: 'A unit code has letters, digits and hyphens, 32 at most',
    });

    const several = await admin.post('/api/units', { code: '', name: '', type: 'x', parentId: 0 });
    expect(several.status).toBe(400);
    expect(several.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'name', 'parentId', 'type']);

    const noParent = await admin.post('/api/units', { code: 'B-4', name: '无上级', type: 'township', parentId: 987654 });
    expectFieldError(noParent, 'parentId', 'unit.parent_missing');
    expect(noParent.body.message).toBe('parentId：上级单位不存在');

    const badId = await admin.get('/api/units/abc');
    expectFieldError(badId, 'params.id');
    expect(await countRows(t, 'units')).toBe(before);
  });

  it('refuses a code already in use: 409 naming the code', async () => {
    const r = await admin.post('/api/units', { code: '530103', name: '另一个盘龙', type: 'county', parentId: (await unitByCode(t, '530100-AW')).id });
    expectError(r, 409, 'unit.code_taken');
    expect(r.body.fields).toEqual([{ field: 'code', message: '单位代码 530103 已被使用', messageEn: 'Unit code 530103 is already in use' }]);
    expect((await t.db.selectFrom('units').select('id').where('code', '=', '530103').execute())).toHaveLength(1);
    // Renaming another unit's code onto it is refused the same way.
    const other = await buildUnit(t, { parentCode: '530102' });
    expectError(await admin.patch(`/api/units/${other.id}`, { code: '530103' }), 409, 'unit.code_taken');
    expect((await unitByCode(t, other.code)).id).toBe(other.id);
  });

  it('edits a unit and audits the state before and after', async () => {
    const u = await buildUnit(t, { parentCode: '530102', name: '旧名称' });
    const r = await admin.patch(`/api/units/${u.id}`, { name: '新名称', shortName: '新', sortOrder: 5 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: u.id, name: '新名称', shortName: '新', sortOrder: 5, code: u.code });
    expect((await admin.get(`/api/units/${u.id}`)).body.name).toBe('新名称');
    const [a] = await auditRows(t, { action: 'unit.update', entityId: u.id });
    expect(a!.before).toMatchObject({ name: '旧名称', shortName: u.short_name });
    expect(a!.after).toMatchObject({ name: '新名称', shortName: '新', sortOrder: 5 });
    // The parent is changed by a move, not by an edit; unknown keys are refused.
    const sneaky = await admin.patch(`/api/units/${u.id}`, { parentId: panlongId });
    expect(sneaky.status).toBe(400);
    expect((await unitByCode(t, u.code)).parent_id).toBe(wuhuaId);
    expectError(await admin.patch('/api/units/987654', { name: 'x' }), 404, 'request.not_found');
  });

  it('refuses a move into the unit\'s own subtree; a valid move carries the whole subtree and its visibility', async () => {
    const town = await buildUnit(t, { parentCode: '530102', name: '迁移街道' });
    const village = await buildUnit(t, { parentCode: town.code, name: '迁移社区' });
    for (const parentId of [town.id, village.id]) {
      const r = await admin.post(`/api/units/${town.id}/move`, { parentId });
      expectFieldError(r, 'parentId', 'unit.parent_cycle');
      expect(r.body.fields[0].message).toBe('不能把单位移到它自己或其下级单位之下');
    }
    expectFieldError(await admin.post(`/api/units/${wuhuaId}/move`, { parentId: village.id }), 'parentId', 'unit.parent_cycle');
    expectFieldError(await admin.post(`/api/units/${town.id}/move`, { parentId: 987654 }), 'parentId', 'unit.parent_missing');
    expect((await unitByCode(t, town.code)).parent_id).toBe(wuhuaId);
    expect(codesOf(await wuhua.get('/api/units'))).toEqual(expect.arrayContaining([town.code, village.code]));

    const moved = await admin.post(`/api/units/${town.id}/move`, { parentId: panlongId });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: town.id, parentId: panlongId });
    const panlongPath = (await unitByCode(t, '530103')).path;
    expect((await unitByCode(t, town.code)).path).toBe(`${panlongPath}${town.id}/`);
    expect((await unitByCode(t, village.code))).toMatchObject({ path: `${panlongPath}${town.id}/${village.id}/`, parent_id: town.id });

    const wuhuaSees = codesOf(await wuhua.get('/api/units'));
    expect(wuhuaSees).not.toContain(town.code);
    expect(wuhuaSees).not.toContain(village.code);
    expectError(await wuhua.get(`/api/units/${village.id}`), 404, 'request.not_found');
    expect(codesOf(await panlong.get('/api/units'))).toEqual(expect.arrayContaining([town.code, village.code]));
    expect((await panlong.get(`/api/units/${village.id}`)).status).toBe(200);

    const [a] = await auditRows(t, { action: 'unit.move', entityId: town.id });
    expect(a!.before).toEqual({ parentId: wuhuaId });
    expect(a!.after).toEqual({ parentId: panlongId });
  });

  it('deactivates only a unit without active sub-units, and activates it again', async () => {
    const parent = await buildUnit(t, { parentCode: '530103', name: '停用上级' });
    const child = await buildUnit(t, { parentCode: parent.code, name: '停用下级' });
    const refused = await admin.post(`/api/units/${parent.id}/deactivate`);
    expectError(refused, 409, 'unit.has_active_children');
    expect(refused.body.message).toBe('请先停用其下级单位');
    expect((await unitByCode(t, parent.code)).active).toBe(1);

    const leaf = await admin.post(`/api/units/${child.id}/deactivate`);
    expect(leaf.status).toBe(200);
    expect(leaf.body.active).toBe(false);
    expect((await unitByCode(t, child.code)).active).toBe(0);
    expect((await admin.post(`/api/units/${parent.id}/deactivate`)).body.active).toBe(false);
    // A unit cannot come back under a deactivated parent.
    expectError(await admin.post(`/api/units/${child.id}/activate`), 409, 'unit.inactive');
    expect((await admin.post(`/api/units/${parent.id}/activate`)).body.active).toBe(true);
    const back = await admin.post(`/api/units/${child.id}/activate`);
    expect(back.status).toBe(200);
    expect(back.body.active).toBe(true);
    expect((await unitByCode(t, child.code)).active).toBe(1);
    const actions = (await auditRows(t, { entityType: 'unit', entityId: child.id })).map((a) => a.action);
    expect(actions).toEqual(['unit.deactivate', 'unit.activate']);
    const [off] = await auditRows(t, { action: 'unit.deactivate', entityId: child.id });
    expect(off!.before.active).toBe(true);
    expect(off!.after.active).toBe(false);
  });

  it('puts no active unit under a deactivated one: not by create, move or import', async () => {
    const closed = await buildUnit(t, { parentCode: '530103', name: '已停用街道' });
    const loose = await buildUnit(t, { parentCode: '530103', name: '待迁移社区' });
    expect((await admin.post(`/api/units/${closed.id}/deactivate`)).status).toBe(200);
    const units = await countRows(t, 'units');

    const created = await admin.post('/api/units', { code: 'UNDER-CLOSED', name: '停用单位下新建', type: 'township', parentId: closed.id });
    expectFieldError(created, 'parentId', 'unit.inactive', 409);
    const moved = await admin.post(`/api/units/${loose.id}/move`, { parentId: closed.id });
    expectFieldError(moved, 'parentId', 'unit.inactive', 409);
    expect((await unitByCode(t, loose.code)).parent_id).toBe(panlongId);

    const file = await unitsWorkbook([['UNDER-CLOSED', '停用单位下导入', '', 'township', closed.code]]);
    const p = await admin.upload('/api/units/import/preview', file, 'u.xlsx', XLSX_TYPE);
    expect(p.body.rows[0]).toMatchObject({ action: 'error', errors: [{ field: 'parentCode', message: '单位已停用' }] });
    expectError(await admin.upload('/api/units/import/commit', file, 'u.xlsx', XLSX_TYPE), 422, 'import.has_errors');
    expect(await countRows(t, 'units')).toBe(units);

    // A deactivated unit may still be moved under another deactivated one.
    expect((await admin.post(`/api/units/${loose.id}/deactivate`)).status).toBe(200);
    expect((await admin.post(`/api/units/${loose.id}/move`, { parentId: closed.id })).body.parentId).toBe(closed.id);
  });

  it('previews an import row by row and writes nothing', async () => {
    const file = await unitsWorkbook([
      ['530102-101', '大观街道', '大观', '乡镇（街道）', '530102'],
      ['530102-102', '无上级街道', '', '街道', 'NOPE-999'],
      ['530102-103', '坏类型单位', '', '外星单位', '530102'],
      ['530102-101', '重复代码', '', 'township', '530102'],
    ]);
    const units = await countRows(t, 'units');
    const audits = await countRows(t, 'audit_log');
    const r = await admin.upload('/api/units/import/preview', file, 'units.xlsx', XLSX_TYPE);
    expect(r.status).toBe(200);
    expect(r.body.summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 3 });
    const [good, orphan, alien, dup] = r.body.rows;
    expect(good).toMatchObject({ row: 2, code: '530102-101', type: 'township', action: 'create', errors: [] });
    expect(orphan).toMatchObject({ row: 3, action: 'error', errors: [{ field: 'parentCode', message: '上级单位不存在', messageEn: 'The parent unit does not exist' }] });
    expect(alien).toMatchObject({ row: 4, action: 'error', errors: [{ field: 'type', message: '单位类型无效', messageEn: 'invalid unit type' }] });
    expect(dup).toMatchObject({ row: 5, action: 'error', errors: [{ field: 'code', message: '与第 2 行重复', messageEn: 'duplicates row 2' }] });
    expect(await countRows(t, 'units')).toBe(units);
    expect(await countRows(t, 'audit_log')).toBe(audits);

    // Committing the same file imports none of it, not even the good row.
    const commit = await admin.upload('/api/units/import/commit', file, 'units.xlsx', XLSX_TYPE);
    expectError(commit, 422, 'import.has_errors');
    expect(commit.body.message).toBe('有 3 行存在错误，未导入任何数据');
    expect(commit.body.fields.map((f: { field: string }) => f.field)).toEqual(['row 3.parentCode', 'row 4.type', 'row 5.code']);
    expect(await countRows(t, 'units')).toBe(units);
    expect(await countRows(t, 'audit_log')).toBe(audits);
    expect(await t.db.selectFrom('units').select('id').where('code', '=', '530102-101').execute()).toHaveLength(0);
  });

  it('refuses a row whose code and name cells are merged, naming the cells, instead of reading the code as the name', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['单位代码', '单位名称', '简称', '单位类型', '上级单位代码']);
    ws.addRow(['530102-201', '华山街道', '华山', '街道', '530102']);
    ws.addRow(['530102-202', null, '', '街道', '530102']);
    ws.mergeCells('A3:B3');
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const units = await countRows(t, 'units');
    const r = await admin.upload('/api/units/import/preview', file, 'units.xlsx', XLSX_TYPE);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows[0]).toMatchObject({ row: 2, action: 'create' });
    expect(r.body.rows[1]).toMatchObject({ row: 3, action: 'error' });
    expect(r.body.rows[1].errors.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual([
      ['code', '第 3 行 A 列（单位代码）：合并单元格 A3:B3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写'],
      ['name', '第 3 行 B 列（单位名称）：合并单元格 A3:B3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写'],
    ]);
    expectError(await admin.upload('/api/units/import/commit', file, 'units.xlsx', XLSX_TYPE), 422, 'import.has_errors');
    expect(await countRows(t, 'units')).toBe(units);
  });

  it('commits a clean import in one go: parents before children whatever the order, updates by code', async () => {
    const existing = await buildUnit(t, { parentCode: '530103', name: '拓东街道（旧名）' });
    const file = await unitsWorkbook([
      // The child comes before its parent, as a clerk might type them.
      ['IMP-C', '金碧社区', '金碧', '街道', 'IMP-P'],
      ['IMP-P', '金马街道', '金马', 'township', '530102'],
      [existing.code, '拓东街道', '拓东', '乡镇（街道）', '530103'],
    ]);
    const preview = await admin.upload('/api/units/import/preview', file, '单位.xlsx', XLSX_TYPE);
    expect(preview.body.rows.map((r: { action: string }) => r.action)).toEqual(['create', 'create', 'update']);

    const r = await admin.upload('/api/units/import/commit', file, '单位.xlsx', XLSX_TYPE);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ created: 2, updated: 1 });
    const parent = await unitByCode(t, 'IMP-P');
    const child = await unitByCode(t, 'IMP-C');
    expect(parent).toMatchObject({ name: '金马街道', short_name: '金马', type: 'township', parent_id: wuhuaId });
    expect(child).toMatchObject({ name: '金碧社区', type: 'township', parent_id: parent.id, path: `${parent.path}${child.id}/` });
    expect(await unitByCode(t, existing.code)).toMatchObject({ name: '拓东街道', short_name: '拓东', parent_id: panlongId });
    expect(codesOf(await wuhua.get('/api/units'))).toEqual(expect.arrayContaining(['IMP-P', 'IMP-C']));

    const created = await auditRows(t, { action: 'unit.create', entityId: child.id });
    expect(created[0]!.after).toMatchObject({ code: 'IMP-C', via: 'import' });
    const updated = await auditRows(t, { action: 'unit.update', entityId: existing.id });
    expect(updated[0]!.before.name).toBe('拓东街道（旧名）');
    expect(updated[0]!.after).toMatchObject({ name: '拓东街道', via: 'import' });

    // The same file again changes nothing.
    const again = await admin.upload('/api/units/import/commit', file, '单位.xlsx', XLSX_TYPE);
    expect(again.body).toEqual({ created: 0, updated: 0 });
  });

  it('refuses an import row that is its own parent, or a loop inside the file, instead of making a second top unit', async () => {
    const roots = async () => (await t.db.selectFrom('units').select('code').where('parent_id', 'is', null).execute()).map((u) => u.code);
    const self = await unitsWorkbook([['SELF-1', '自己的上级', '', 'township', 'SELF-1']]);
    const p = await admin.upload('/api/units/import/preview', self, 'self.xlsx', XLSX_TYPE);
    expect(p.body.rows[0]).toMatchObject({ action: 'error', errors: [expect.objectContaining({ field: 'parentCode', message: '不能把单位移到它自己或其下级单位之下' })] });
    expectError(await admin.upload('/api/units/import/commit', self, 'self.xlsx', XLSX_TYPE), 422, 'import.has_errors');

    const loop = await unitsWorkbook([
      ['LOOP-A', '甲', '', 'township', 'LOOP-B'],
      ['LOOP-B', '乙', '', 'township', 'LOOP-A'],
    ]);
    const lp = await admin.upload('/api/units/import/preview', loop, 'loop.xlsx', XLSX_TYPE);
    expect(lp.body.rows.map((r: { action: string }) => r.action)).toEqual(['error', 'error']);
    expect(lp.body.rows[0].errors[0].field).toBe('parentCode');
    expectError(await admin.upload('/api/units/import/commit', loop, 'loop.xlsx', XLSX_TYPE), 422);
    expect(await roots()).toEqual(['530100-AW']);
    expect(await t.db.selectFrom('units').select('id').where('code', 'in', ['SELF-1', 'LOOP-A', 'LOOP-B']).execute()).toHaveLength(0);
  });

  it('refuses a file that is not an xlsx workbook, or has no header, or no file at all', async () => {
    const before = await countRows(t, 'units');
    const text = await admin.upload('/api/units/import/preview', Buffer.from('单位代码,单位名称\nX,Y\n'), 'units.csv', 'text/csv');
    expectError(text, 400, 'import.not_xlsx');
    expect(text.body.fields[0]).toMatchObject({ field: 'file', message: '文件不是有效的 Excel (.xlsx) 文件' });
    const fakeZip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]);
    expectError(await admin.upload('/api/units/import/commit', fakeZip, 'units.xlsx', XLSX_TYPE), 400, 'import.not_xlsx');

    const noHeader = await unitsWorkbook([['X-1', '无表头', '', 'township', '530102']], ['A', 'B', 'C']);
    const h = await admin.upload('/api/units/import/preview', noHeader, 'units.xlsx', XLSX_TYPE);
    expectError(h, 400, 'import.header_missing');
    expect(h.body.message).toContain('单位代码');

    expectError(await admin.post('/api/units/import/preview', { file: 'not a file' }), 400, 'import.file_required');
    expect(await countRows(t, 'units')).toBe(before);
  });

  it('hands out the import template as an xlsx with the expected header', async () => {
    const r = await admin.get('/api/units/import/template');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX_TYPE);
    expect(String(r.headers['content-disposition'])).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['单位代码', '单位名称', '简称', '单位类型', '上级单位代码']);
    // The template itself previews cleanly: a clerk can start from it.
    const p = await admin.upload('/api/units/import/preview', r.raw.rawPayload, 'template.xlsx', XLSX_TYPE);
    expect(p.status).toBe(200);
    expect(p.body.summary.error).toBe(0);
  });

  it('refuses import to a reporter', async () => {
    const file = await unitsWorkbook([['RPT-1', '报告员导入', '', 'township', '530102']]);
    expectError(await wuhua.get('/api/units/import/template'), 403, 'request.forbidden');
    expectError(await wuhua.upload('/api/units/import/preview', file, 'u.xlsx', XLSX_TYPE), 403, 'request.forbidden');
    expectError(await wuhua.upload('/api/units/import/commit', file, 'u.xlsx', XLSX_TYPE), 403, 'request.forbidden');
    expect(await t.db.selectFrom('units').select('id').where('code', '=', 'RPT-1').execute()).toHaveLength(0);
  });

  it('never answers garbage with a server error', async () => {
    const before = await countRows(t, 'units');
    const town = await buildUnit(t, { parentCode: '530102' });
    await expectGarbageRefused(admin, 'post', '/api/units');
    await expectGarbageRefused(admin, 'patch', `/api/units/${town.id}`);
    await expectGarbageRefused(admin, 'post', `/api/units/${town.id}/move`);
    for (const id of ['99999999999', '-1', '1.5', '1e400', '%00', 'NaN']) {
      const r = await admin.get(`/api/units/${id}`);
      expect([400, 404], `${id} → ${r.status}`).toContain(r.status);
    }
    expect(await countRows(t, 'units')).toBe(before + 1);
  });
});
