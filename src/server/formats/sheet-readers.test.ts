import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { describe, expect, it } from 'vitest';
import type { LiaisonField } from '../../domain/campaign/campaign.schema';
import { readLiaisonSheet } from './liaison-sheet';
import { readStatisticsSheet, type SheetIndicator } from './statistics-sheet';
import { readUnitsSheet } from './units-sheet';
import { columnName } from './xlsx-stream';

/*
 * The readers against workbooks the platform never writes: SpreadsheetML put together by hand,
 * cell by cell, zipped with archiver — inline strings, no styles, no shared strings, formulas
 * saved without a value (as programs other than Excel save them), merges over data, rows moved
 * down with empty rows between them. The platform writes 附件1 and the units template with
 * ExcelJS and 附件2 with its own streaming writer; none of those produces this.
 */

type Handmade = string | number | { f: string; v?: number } | null;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cellXml(ref: string, v: Handmade): string {
  if (v === null) return '';
  if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  if (typeof v === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
  return `<c r="${ref}"><f>${esc(v.f)}</f>${v.v === undefined ? '' : `<v>${v.v}</v>`}</c>`;
}

/** rows: sheet row number → cells from column A. */
async function handmadeXlsx(rows: Record<number, Handmade[]>, merges: string[] = []): Promise<Buffer> {
  const data = Object.entries(rows)
    .map(([r, cells]) => `<row r="${r}">${cells.map((v, i) => cellXml(`${columnName(i + 1)}${r}`, v)).join('')}</row>`)
    .join('');
  const mergeXml = merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${data}</sheetData>${mergeXml}</worksheet>`,
  };
  const zip = archiver('zip');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  zip.pipe(out);
  for (const [name, text] of Object.entries(files)) zip.append(text, { name });
  await zip.finalize();
  await done;
  return Buffer.concat(chunks);
}

const field = (key: string, zh: string, type: LiaisonField['type'] = 'text'): LiaisonField =>
  ({ key, label: { zh, en: '' }, type, required: true, group: 'liaison' }) as LiaisonField;

describe('readLiaisonSheet (附件1) on a hand-made workbook', () => {
  const fields = [field('liaison_name', '联络员姓名'), field('liaison_position', '联络员职务'), field('leader_phone', '分管领导联系电话', 'phone')];

  it('names merged cells over data, a formula without a value and keeps a row with values but no unit; moved and empty rows are read by their own numbers', async () => {
    const data = await handmadeXlsx({
      1: ['联络员反馈表'],
      2: ['单位', '联络员姓名', '联络员职务', '分管领导联系电话'],
      3: ['五华区', '张三', null, '0871-63104019'],
      5: ['盘龙区', '李四', '科员', '13812345678'],
      8: ['官渡区', '王五', '科长', { f: 'B8&"1"' }],
      9: [null, '赵六', '科员', '63104019'],
      10: ['西山区', '孙七', '科员', { f: '"0871-"&"63104020"', v: 87163104020 }],
    }, ['A1:D1', 'B3:C3']);
    const sheet = await readLiaisonSheet(data, fields);
    expect(sheet.rows.map((r) => r.row)).toEqual([3, 5, 8, 9, 10]);
    const [wuhua, panlong, guandu, nobody] = sheet.rows;
    // Merging 姓名 and 职务 must not read the name as the position too.
    expect(wuhua!.values).toMatchObject({ liaison_name: '', liaison_position: '' });
    expect(wuhua!.problems.map((p) => p.message)).toEqual([
      '第 3 行 B 列（联络员姓名）：合并单元格 B3:C3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写',
      '第 3 行 C 列（联络员职务）：合并单元格 B3:C3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写',
    ]);
    expect(panlong).toMatchObject({ unitName: '盘龙区', values: { liaison_name: '李四', liaison_position: '科员', leader_phone: '13812345678' }, problems: [] });
    expect(guandu!.problems).toEqual([expect.objectContaining({
      field: 'values.leader_phone', message: '第 8 行 D 列（分管领导联系电话）：公式 =B8&"1" 没有保存计算结果，请在 Excel 中打开并保存，或直接填写数值',
    })]);
    expect(nobody).toMatchObject({ unitName: '', unitCode: '', values: { liaison_name: '赵六' } });
    // A formula with its saved value reads as the value.
    expect(sheet.rows[4]!.values.leader_phone).toBe('87163104020');
    expect(sheet.columns.get('leader_phone')).toEqual({ col: 4, header: '分管领导联系电话' });
  });
});

describe('readUnitsSheet on a hand-made workbook', () => {
  it('names a merge over code and name and a formula without value; skips empty rows', async () => {
    const data = await handmadeXlsx({
      1: ['单位代码', '单位名称', '简称', '单位类型', '上级单位代码'],
      2: ['530102', '五华区', '五华', '县区', '530100-AW'],
      3: ['530103', null, '盘龙', '县区', '530100-AW'],
      6: ['530111', '官渡区', '官渡', '县区', { f: 'E2' }],
    }, ['A3:B3']);
    const rows = await readUnitsSheet(data);
    expect(rows.map((r) => [r.row, r.code, r.name, r.type, r.problems.length])).toEqual([
      [2, '530102', '五华区', 'county', 0],
      [3, '', '', 'county', 2],
      [6, '530111', '官渡区', 'county', 1],
    ]);
    expect(rows[1]!.problems[0]!.message).toBe('第 3 行 A 列（单位代码）：合并单元格 A3:B3 覆盖了数据，无法判断属于哪一格，请取消合并并逐格填写');
    expect(rows[2]!.problems[0]).toMatchObject({ field: 'parentCode', message: expect.stringContaining('第 6 行 E 列（上级单位代码）：公式 =E2 没有保存计算结果') });
  });
});

describe('readStatisticsSheet (附件2) on a hand-made workbook', () => {
  const indicators: SheetIndicator[] = [
    { key: 'drills_held', category: 'drills', label: { zh: '开展应急演练', en: 'Drills held' }, measure: { zh: '场', en: 'drills' } },
    { key: 'hazards_found', category: 'tour', label: { zh: '排查发现隐患', en: 'Hazards found' }, measure: { zh: '项', en: 'items' } },
  ];

  it('keeps a row with figures and no unit, names merges and formulas without value, and lists blank figures as blank', async () => {
    const data = await handmadeXlsx({
      1: ['活动进展情况统计表'],
      3: ['排查发现隐患（项）', '单位名称', '单位代码', '开展应急演练（场）'],
      4: [5, '五华区', '530102', 3],
      6: [7, null, null, 2],
      7: [1, '盘龙区', '530103', null],
      8: [{ f: 'A4+1' }, '官渡区', '530111', 1],
      9: [4, '西山区', '530112', 4],
    }, ['A1:D1', 'A9:D9']);
    const read = await readStatisticsSheet(data, indicators);
    expect(read.missingColumns).toEqual([]);
    expect(read.rows.map((r) => ({ row: r.row, code: r.code, name: r.name, values: r.values, blank: r.blank, errors: r.errors.map((e) => [e.field, e.code, e.col]) }))).toEqual([
      { row: 4, code: '530102', name: '五华区', values: { drills_held: 3, hazards_found: 5 }, blank: [], errors: [] },
      { row: 6, code: null, name: '', values: { drills_held: 2, hazards_found: 7 }, blank: [], errors: [] },
      { row: 7, code: '530103', name: '盘龙区', values: { drills_held: null, hazards_found: 1 }, blank: ['drills_held'], errors: [] },
      { row: 8, code: '530111', name: '官渡区', values: { drills_held: 1, hazards_found: null }, blank: [], errors: [['hazards_found', 'formula_no_value', 1]] },
      // The merge spans the whole row: code and name as well as both figures.
      { row: 9, code: null, name: '', values: { drills_held: null, hazards_found: null }, blank: [], errors: [['unit', 'merged', 2], ['unit', 'merged', 3], ['drills_held', 'merged', 4], ['hazards_found', 'merged', 1]] },
    ]);
  });
});
