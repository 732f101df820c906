import ExcelJS from 'exceljs';
import { openUploadedSheet } from './workbook';
import { unitTypeLabels, unitTypes, type UnitType } from '../../domain/orgs/unit-type';
import { fail, type FieldError } from '../http/errors';
import { problemError, SheetCells } from './sheet-cells';

/** The columns of the unit import sheet, with the header texts a clerk sees in either language. */
export const unitSheetColumns = [
  { key: 'code', zh: '单位代码', en: 'Code', width: 16 },
  { key: 'name', zh: '单位名称', en: 'Name', width: 36 },
  { key: 'shortName', zh: '简称', en: 'Short name', width: 16 },
  { key: 'type', zh: '单位类型', en: 'Type', width: 22 },
  { key: 'parentCode', zh: '上级单位代码', en: 'Parent code', width: 16 },
] as const;

export interface UnitSheetRow {
  row: number;
  code: string;
  name: string;
  shortName: string;
  type: string;
  parentCode: string;
  /** Cells that cannot be read as they stand (under a merge, a formula without value, an error value), each placed. */
  problems: FieldError[];
}

/** A clerk writes the type in Chinese ("县（市）区安委会" or just "县区"); the key also works. */
export function normaliseUnitType(text: string): string {
  const t = text.trim();
  if ((unitTypes as readonly string[]).includes(t)) return t;
  for (const type of unitTypes) {
    const label = unitTypeLabels[type as UnitType];
    if (t === label.zh || t.toLowerCase() === label.en.toLowerCase()) return type;
  }
  const aliases: Record<string, UnitType> = {
    市安委办: 'city_office', 县区: 'county', 县: 'county', 区: 'county', 县市区: 'county', '县（市）区': 'county',
    园区: 'zone', 开发区: 'zone', 成员单位: 'department', 部门: 'department', 企业: 'enterprise', 市属企业: 'enterprise',
    乡镇: 'township', 街道: 'township',
  };
  return aliases[t] ?? t;
}

export async function readUnitsSheet(data: Buffer): Promise<UnitSheetRow[]> {
  const cells = new SheetCells(await openUploadedSheet(data));

  // The header row may be the first or follow a title row; find it by its texts.
  let headerRow = 0;
  const columnOf = new Map<string, { col: number; header: string }>();
  for (let r = 1; r <= Math.min(5, cells.rowCount) && !headerRow; r++) {
    for (let col = 1; col <= cells.columnCount([r]); col++) {
      const text = cells.text(r, col);
      const column = unitSheetColumns.find((c) => c.zh === text || c.en.toLowerCase() === text.toLowerCase() || c.key === text);
      if (column) columnOf.set(column.key, { col, header: text });
    }
    if (columnOf.has('code') && columnOf.has('name')) headerRow = r;
    else columnOf.clear();
  }
  const missing = unitSheetColumns.filter((c) => c.key !== 'shortName' && c.key !== 'parentCode' && !columnOf.has(c.key));
  if (!headerRow || missing.length) {
    throw fail(400, 'import.header_missing', { columns: (missing.length ? missing : unitSheetColumns.slice(0, 2)).map((c) => c.zh).join('、') }, 'file');
  }

  const rows: UnitSheetRow[] = [];
  for (let r = headerRow + 1; r <= cells.rowCount; r++) {
    const problems: FieldError[] = [];
    const get = (key: string) => {
      const c = columnOf.get(key);
      if (!c) return '';
      const p = cells.problemAt(r, c.col);
      if (p) problems.push(problemError(key, r, c.col, c.header, p));
      return p ? '' : cells.text(r, c.col);
    };
    const values = { code: get('code'), name: get('name'), shortName: get('shortName'), type: get('type'), parentCode: get('parentCode') };
    if (!problems.length && Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r, ...values, type: normaliseUnitType(values.type), problems });
  }
  return rows;
}

export async function writeUnitsTemplate(example: { code: string; name: string; shortName: string; type: UnitType; parentCode: string }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位 Units');
  ws.columns = unitSheetColumns.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const e of example) ws.addRow({ ...e, type: unitTypeLabels[e.type].zh });
  const legend = wb.addWorksheet('类型说明 Types');
  legend.columns = [{ header: '单位类型', width: 26 }, { header: 'Type', width: 40 }, { header: 'key', width: 14 }];
  for (const t of unitTypes) legend.addRow([unitTypeLabels[t].zh, unitTypeLabels[t].en, t]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
