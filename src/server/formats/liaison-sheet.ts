import ExcelJS from 'exceljs';
import { openUploadedSheet } from './workbook';
import type { LiaisonField } from '../../domain/campaign/campaign.schema';
import { fail } from '../http/errors';

/*
 * 附件1 联络员反馈表 as the office sends it on: a merged title row, a header row (序号, 单位, then
 * each field), one row per unit, thin borders, wrapped text, printable on A4 landscape, one page wide.
 */

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

const FONT = '宋体';

function widthOf(f: LiaisonField): number {
  if (f.type === 'email') return 24;
  if (f.type === 'phone' || f.type === 'mobile') return 16;
  return 14;
}

export async function writeLiaisonSheet(input: {
  title: string;
  fields: readonly LiaisonField[];
  rows: { unitName: string; values: Record<string, string> }[];
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
  const columnCount = 2 + input.fields.length;
  ws.columns = [
    { key: 'no', width: 6 },
    { key: 'unit', width: 30 },
    ...input.fields.map((f) => ({ key: f.key, width: widthOf(f) })),
  ];

  ws.mergeCells(1, 1, 1, columnCount);
  const title = ws.getCell(1, 1);
  title.value = input.title;
  title.font = { name: '方正小标宋简体', size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 40;

  const header = ws.getRow(2);
  header.values = ['序号', '单位', ...input.fields.map((f) => f.label.zh)];
  header.height = 32;
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = thin;
  });

  input.rows.forEach((r, i) => {
    const row = ws.addRow([i + 1, r.unitName, ...input.fields.map((f) => r.values[f.key] ?? '')]);
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
}

export interface LiaisonSheet {
  rows: LiaisonSheetRow[];
  /** The keys of the campaign's fields the header does not name. */
  missingColumns: string[];
}

const HEADER_SEARCH_ROWS = 10;
const UNIT_NAME_HEADERS = ['单位', '单位名称', '填报单位', 'unit', 'unit name', 'name'];
const UNIT_CODE_HEADERS = ['单位代码', 'unit code', 'code'];

/** Header texts are compared without spaces or line breaks: a clerk often wraps a long header cell. */
const headerKey = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Digits shown with a zero-padded format ("00000000000") keep the zeros Excel only displays. */
function numberText(n: number, numFmt: string | undefined): string {
  const s = Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  const pad = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
  return n >= 0 && s.length < pad ? s.padStart(pad, '0') : s;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return numberText(v, cell.numFmt);
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
  // A hyperlink (Excel turns a typed e-mail address into one) shows its text.
  if ('text' in v) return String(v.text ?? '').trim();
  if ('result' in v) {
    const r = v.result;
    if (typeof r === 'number') return numberText(r, cell.numFmt);
    return r === undefined || r === null || typeof r === 'object' ? '' : String(r).trim();
  }
  return '';
}

/**
 * Reads a filled 附件1: one unit's form or the consolidated sheet, as exported above or as a
 * clerk retyped it. The header row is found by its texts (a title row may come first), field
 * columns by the field's Chinese or English label, so the column order does not matter.
 */
export async function readLiaisonSheet(data: Buffer, fields: readonly LiaisonField[]): Promise<LiaisonSheet> {
  const ws = await openUploadedSheet(data);

  const fieldOf = new Map<string, string>();
  for (const f of fields) {
    fieldOf.set(headerKey(f.label.zh), f.key);
    if (f.label.en) fieldOf.set(headerKey(f.label.en), f.key);
  }
  const nameHeaders = new Set(UNIT_NAME_HEADERS.map(headerKey));
  const codeHeaders = new Set(UNIT_CODE_HEADERS.map(headerKey));

  let headerRow = 0;
  let nameCol = 0;
  let codeCol = 0;
  const fieldCols = new Map<string, number>();
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount) && !headerRow; r++) {
    let name = 0;
    let code = 0;
    const cols = new Map<string, number>();
    ws.getRow(r).eachCell((cell, col) => {
      // A merged title spans the header's columns; only its own cell counts.
      if (cell.isMerged && cell.master !== cell) return;
      const key = headerKey(cellText(cell));
      if (!key) return;
      if (codeHeaders.has(key)) code ||= col;
      else if (nameHeaders.has(key)) name ||= col;
      else {
        const field = fieldOf.get(key);
        if (field && !cols.has(field)) cols.set(field, col);
      }
    });
    if ((name || code) && cols.size > 0) {
      headerRow = r;
      nameCol = name;
      codeCol = code;
      for (const [k, c] of cols) fieldCols.set(k, c);
    }
  }
  if (!headerRow) {
    throw fail(400, 'import.header_missing', { columns: ['单位', ...fields.map((f) => f.label.zh)].join('、') }, 'file');
  }

  const rows: LiaisonSheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const text = (col: number) => (col ? cellText(row.getCell(col)) : '');
    const values: Record<string, string> = {};
    for (const [key, col] of fieldCols) values[key] = text(col);
    const unitName = text(nameCol);
    const unitCode = text(codeCol);
    if (!unitName && !unitCode && Object.values(values).every((v) => v === '')) continue;
    rows.push({ row: r, unitCode, unitName, values });
  }
  return { rows, missingColumns: fields.filter((f) => !fieldCols.has(f.key)).map((f) => f.key) };
}
