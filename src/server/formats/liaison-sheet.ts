import ExcelJS from 'exceljs';
import { openUploadedSheet } from './workbook';
import type { LiaisonField } from '../../domain/campaign/campaign.schema';
import { fail, type FieldError } from '../http/errors';
import { problemError, SheetCells } from './sheet-cells';

/*
 * 附件1 联络员反馈表 as the office sends it on: a merged title row, a header row (序号, 单位, then
 * each field), one row per unit, thin borders, wrapped text, printable on A4 landscape, one page wide.
 */

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

const FONT = '宋体';
/** The status column of the office's export; the reader leaves it alone (it is no field of the form). */
const STATUS_HEADER = '填报状态';

function widthOf(f: LiaisonField): number {
  if (f.type === 'email') return 24;
  if (f.type === 'phone' || f.type === 'mobile') return 16;
  return 14;
}

export async function writeLiaisonSheet(input: {
  title: string;
  fields: readonly LiaisonField[];
  /** `status`: what the unit has filed (未填报 / 已报送 …), printed in the last column so an unfilled row is visibly unfilled. */
  rows: { unitName: string; values: Record<string, string>; status?: string }[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'safemonth';
  const ws = wb.addWorksheet('联络员反馈表', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:2',
    },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  const withStatus = input.rows.some((r) => r.status !== undefined);
  const columnCount = 2 + input.fields.length + (withStatus ? 1 : 0);
  ws.columns = [
    { key: 'no', width: 6 },
    { key: 'unit', width: 30 },
    ...input.fields.map((f) => ({ key: f.key, width: widthOf(f) })),
    ...(withStatus ? [{ key: 'status', width: 12 }] : []),
  ];

  ws.mergeCells(1, 1, 1, columnCount);
  const title = ws.getCell(1, 1);
  title.value = input.title;
  title.font = { name: '方正小标宋简体', size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 40;

  const header = ws.getRow(2);
  header.values = ['序号', '单位', ...input.fields.map((f) => f.label.zh), ...(withStatus ? [STATUS_HEADER] : [])];
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = thin;
  });

  input.rows.forEach((r, i) => {
    const row = ws.addRow([i + 1, r.unitName, ...input.fields.map((f) => r.values[f.key] ?? ''), ...(withStatus ? [r.status ?? ''] : [])]);
    row.height = 28;
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: 11 };
      cell.border = thin;
      cell.alignment = { horizontal: c === 2 ? 'left' : 'center', vertical: 'middle', wrapText: true };
      // Phone numbers stay text: Excel would drop the leading 0 of an area code.
      if (c > 2) cell.numFmt = '@';
    }
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface LiaisonSheetRow {
  /** The row number in the sheet, as the clerk sees it in Excel. */
  row: number;
  unitCode: string;
  unitName: string;
  /** One entry per field whose column the sheet has, empty text included: an empty cell clears the field. */
  values: Record<string, string>;
  /** Cells that cannot be read as they stand (under a merge, a formula without value, an error value), each placed. */
  problems: FieldError[];
}

export interface LiaisonSheet {
  rows: LiaisonSheetRow[];
  /** The keys of the campaign's fields the header does not name. */
  missingColumns: string[];
  /** Where a field ('unit' for the unit's name, or a field key) sits and the header the clerk sees over it. */
  columns: Map<string, { col: number; header: string }>;
}

const HEADER_SEARCH_ROWS = 10;
const UNIT_NAME_HEADERS = ['单位', '单位名称', '填报单位', 'unit', 'unit name', 'name'];
const UNIT_CODE_HEADERS = ['单位代码', 'unit code', 'code'];

/** Header texts are compared without spaces or line breaks: a clerk often wraps a long header cell. */
const headerKey = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * Reads a filled 附件1: one unit's form or the consolidated sheet, as exported above or as a
 * clerk retyped it. The header row is found by its texts (a title row may come first), field
 * columns by the field's Chinese or English label, so the column order does not matter. A data
 * cell under a merge is reported, never read as its neighbour's text (merging 姓名 and 职务
 * once stored the name as the position).
 */
export async function readLiaisonSheet(data: Buffer, fields: readonly LiaisonField[]): Promise<LiaisonSheet> {
  const ws = await openUploadedSheet(data);
  const cells = new SheetCells(ws);

  const fieldOf = new Map<string, string>();
  for (const f of fields) {
    fieldOf.set(headerKey(f.label.zh), f.key);
    if (f.label.en) fieldOf.set(headerKey(f.label.en), f.key);
  }
  const nameHeaders = new Set(UNIT_NAME_HEADERS.map(headerKey));
  const codeHeaders = new Set(UNIT_CODE_HEADERS.map(headerKey));

  let headerRow = 0;
  const columns = new Map<string, { col: number; header: string }>();
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, cells.rowCount) && !headerRow; r++) {
    const found = new Map<string, { col: number; header: string }>();
    for (let col = 1; col <= cells.columnCount([r]); col++) {
      // A merged title spans the header's columns; only its own cell counts.
      const header = cells.text(r, col);
      const key = headerKey(header);
      if (!key) continue;
      const target = codeHeaders.has(key) ? 'code' : nameHeaders.has(key) ? 'unit' : fieldOf.get(key);
      if (target && !found.has(target)) found.set(target, { col, header });
    }
    const fieldCount = [...found.keys()].filter((k) => k !== 'code' && k !== 'unit').length;
    if ((found.has('unit') || found.has('code')) && fieldCount > 0) {
      headerRow = r;
      for (const [k, v] of found) columns.set(k, v);
    }
  }
  if (!headerRow) {
    throw fail(400, 'import.header_missing', { columns: ['单位', ...fields.map((f) => f.label.zh)].join('、') }, 'file');
  }

  const rows: LiaisonSheetRow[] = [];
  for (let r = headerRow + 1; r <= cells.rowCount; r++) {
    const text = (key: string) => {
      const c = columns.get(key);
      return c ? cells.text(r, c.col) : '';
    };
    const problems: FieldError[] = [];
    const values: Record<string, string> = {};
    for (const [key, c] of columns) {
      const p = cells.problemAt(r, c.col);
      if (p) problems.push(problemError(key === 'unit' || key === 'code' ? 'unit' : `values.${key}`, r, c.col, c.header, p));
      if (key !== 'unit' && key !== 'code') values[key] = p ? '' : cells.text(r, c.col);
    }
    const unitName = text('unit');
    const unitCode = text('code');
    if (!problems.length && !unitName && !unitCode && Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r, unitCode, unitName, values, problems });
  }
  return { rows, missingColumns: fields.filter((f) => !columns.has(f.key)).map((f) => f.key), columns };
}
