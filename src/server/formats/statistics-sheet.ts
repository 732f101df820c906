import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { openUploadedSheet } from './workbook';
import { columnName, figureStyle, writeXlsx, XS, type Cell, type SheetRow } from './xlsx-stream';
import type { Text } from '../../domain/text';
import { fail } from '../http/errors';
import { checkFigure, MAX_INDICATOR_VALUE } from '../../domain/forms/statistics.rules';
import { indicatorDecimals } from '../../domain/forms/indicator';
import type { IndicatorType } from '../../domain/campaign/campaign.schema';
import { csvDocument, csvNumber, csvText } from './csv';

/*
 * 附件2 活动进展情况统计表 as the office prints it: a merged title, an optional subtitle line, a
 * two-level header (the task category over its indicators), one row per unit with subtotal and
 * total rows in bold, A4 landscape one page wide. The reader also takes what a clerk sends back:
 * the same sheet, or a plainer one with a single header row, in any column order.
 */

export interface SheetCategory { key: string; name: Text }
export interface SheetIndicator { key: string; category: string; label: Text; measure: Text; type?: IndicatorType; decimals?: number; allowNegative?: boolean }

export interface StatisticsSheetRow {
  kind: 'unit' | 'subtotal' | 'total';
  code: string | null;
  name: string;
  /** Indicator key → count; null (or absent) is "not reported" and leaves the cell empty. */
  values: Record<string, number | null>;
}

export interface ParsedStatisticsRow {
  row: number;
  code: string | null;
  name: string;
  /** Every indicator whose column the sheet has; a blank or a rejected cell is null. */
  values: Record<string, number | null>;
  errors: { field: string; code: CellError; raw: string; decimals?: number }[];
}

// One limit for a typed table and an imported sheet.
export { MAX_INDICATOR_VALUE };

const SHEET_NAME = '活动进展情况统计表';
const OTHER_GROUP = '其他';
const FIXED_COLUMNS = 3; // 序号, 单位代码, 单位名称

function indicatorHeader(i: SheetIndicator): string {
  return `${i.label.zh}（${i.measure.zh}）`;
}

/** Excel column widths are in characters of the default font; a CJK character takes two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return w;
}

interface Group { name: string; indicators: SheetIndicator[] }

/**
 * Columns go category by category so each category header can be merged over its own indicators;
 * an indicator naming no known category still gets a column rather than silently vanishing.
 */
function groupIndicators(categories: readonly SheetCategory[], indicators: readonly SheetIndicator[]): Group[] {
  const known = new Set(categories.map((c) => c.key));
  const groups: Group[] = categories.map((c) => ({ name: c.name.zh, indicators: indicators.filter((i) => i.category === c.key) }));
  groups.push({ name: OTHER_GROUP, indicators: indicators.filter((i) => !known.has(i.category)) });
  return groups.filter((g) => g.indicators.length > 0);
}

export interface StatisticsSheetInput {
  title: string;
  subtitle?: string;
  categories: readonly SheetCategory[];
  indicators: readonly SheetIndicator[];
  rows: Iterable<StatisticsSheetRow>;
}

/**
 * Writes the sheet to `out` as it goes (formats/xlsx-stream.ts): a nation-scale table
 * (30,000 units × 60 indicators) is never held in memory as a workbook, only as the rows given.
 */
export async function streamStatisticsSheet(input: StatisticsSheetInput, out: Writable): Promise<void> {
  const groups = groupIndicators(input.categories, input.indicators);
  const columns = groups.flatMap((g) => g.indicators);
  const columnCount = FIXED_COLUMNS + columns.length;
  const subtitle = input.subtitle?.trim();
  const upper = subtitle ? 3 : 2;
  const lower = upper + 1;
  const last = columnName(columnCount);

  const indicatorWidths = columns.map((i) => Math.min(14, Math.max(10, Math.ceil(displayWidth(indicatorHeader(i)) / 3) + 2)));
  const merges = [`A1:${last}1`];
  if (subtitle) merges.push(`A2:${last}2`);
  for (const c of ['A', 'B', 'C']) merges.push(`${c}${upper}:${c}${lower}`);

  // Every cell of a merged range gets the style, or Excel draws the border only around the master.
  const upperCells: Cell[] = Array.from({ length: columnCount }, () => ({ v: null, s: XS.header }));
  ['序号', '单位代码', '单位名称'].forEach((v, i) => { upperCells[i] = { v, s: XS.header }; });
  let col = FIXED_COLUMNS;
  for (const g of groups) {
    upperCells[col] = { v: g.name, s: XS.header };
    if (g.indicators.length > 1) merges.push(`${columnName(col + 1)}${upper}:${columnName(col + g.indicators.length)}${upper}`);
    col += g.indicators.length;
  }
  const lowerCells: Cell[] = [
    ...Array.from({ length: FIXED_COLUMNS }, () => ({ v: null, s: XS.header })),
    ...columns.map((ind) => ({ v: indicatorHeader(ind), s: XS.header })),
  ];
  // Tall enough for the longest wrapped indicator header, so nothing prints cut off.
  const headerLines = Math.max(1, ...columns.map((ind, i) => Math.ceil(displayWidth(indicatorHeader(ind)) / Math.max(1, (indicatorWidths[i] ?? 10) - 1))));

  function* rows(): Generator<SheetRow> {
    yield { cells: [{ v: input.title, s: XS.title }], height: 44 };
    if (subtitle) yield { cells: [{ v: subtitle, s: XS.subtitle }], height: 22 };
    yield { cells: upperCells, height: 30 };
    yield { cells: lowerCells, height: Math.max(30, headerLines * 14 + 6) };
    let serial = 0;
    for (const r of input.rows) {
      const isUnit = r.kind === 'unit';
      const cells: Cell[] = [
        { v: isUnit ? ++serial : null, s: isUnit ? XS.text : XS.boldText },
        // Codes stay text: 0871… would lose its zero and 530102 would be summed like a figure.
        { v: isUnit ? (r.code ?? null) : null, s: isUnit ? XS.code : XS.boldCode },
        { v: r.name, s: isUnit ? XS.name : XS.boldName },
      ];
      for (const ind of columns) cells.push({ v: r.values[ind.key] ?? null, s: figureStyle(indicatorDecimals(ind), !isUnit) });
      yield { cells, height: 22 };
    }
  }

  await writeXlsx(out, {
    name: SHEET_NAME,
    widths: [6, 12, 28, ...indicatorWidths],
    merges,
    frozen: { rows: lower, columns: FIXED_COLUMNS },
    printTitleRows: [upper, lower],
  }, rows());
}

/** The whole sheet in memory: for one unit's table and for tests; the office's export streams. */
export async function writeStatisticsSheet(input: StatisticsSheetInput): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await streamStatisticsSheet(input, sink);
  return Buffer.concat(chunks);
}

/* ---------- reading ---------- */

type Plain = string | number | boolean | Date | { error: string } | null;

/** A cell's value with formulas replaced by their cached result and rich text flattened. */
function plain(v: ExcelJS.CellValue): Plain {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (result === undefined || result === null) return null;
      if (typeof result === 'object' && !(result instanceof Date) && !('error' in result)) return null;
      return result as Plain;
    }
    if ('error' in v) return { error: String(v.error) };
    if ('text' in v) {
      // A hyperlink's text is itself rich text when the clerk formatted part of it.
      const t: unknown = v.text;
      if (typeof t === 'object' && t !== null && 'richText' in t) return plain(t as ExcelJS.CellRichTextValue);
      return String(t);
    }
    return null;
  }
  return v;
}

function textOf(p: Plain): string {
  if (p === null) return '';
  if (p instanceof Date) return p.toISOString();
  if (typeof p === 'object') return p.error;
  return String(p).trim();
}

/**
 * Header texts compare loosely: a clerk's sheet may use half-width brackets, straight quotes,
 * a line break inside a wrapped header, or English.
 */
function norm(text: string): string {
  return text.normalize('NFKC').replace(/[“”„‟＂]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, '').toLowerCase();
}

const TRAILING_MEASURE = /\([^()]*\)$/;

function headerForms(i: SheetIndicator): Set<string> {
  const forms = [i.label.zh, `${i.label.zh}(${i.measure.zh})`, i.label.en, `${i.label.en}(${i.measure.en})`];
  return new Set(forms.map(norm));
}

function matchesIndicator(headerText: string, forms: Set<string>): boolean {
  const n = norm(headerText);
  if (!n) return false;
  return forms.has(n) || forms.has(n.replace(TRAILING_MEASURE, ''));
}

const NAME_HEADERS = new Set(['单位名称', 'unitname'].map(norm));
const CODE_HEADERS = new Set(['单位代码', 'unitcode', 'code'].map(norm));
const SUMMARY_ROW = /^(小计|合计|总计)/;
const BLANK_VALUE = /^[-—–－_]*$/;

function headerTexts(ws: ExcelJS.Worksheet, r: number): [number, string][] {
  const row = ws.getRow(r);
  const out: [number, string][] = [];
  for (let c = 1; c <= row.cellCount; c++) {
    const text = textOf(plain(row.getCell(c).value));
    if (text) out.push([c, text]);
  }
  return out;
}

function findColumn(ws: ExcelJS.Worksheet, rows: number[], names: Set<string>): number | null {
  for (const r of rows) {
    const hit = headerTexts(ws, r).find(([, text]) => names.has(norm(text)));
    if (hit) return hit[0];
  }
  return null;
}

function matchColumns(ws: ExcelJS.Worksheet, r: number, indicators: readonly SheetIndicator[], taken: Set<number>, into: Map<string, number>): void {
  const cells = headerTexts(ws, r);
  for (const ind of indicators) {
    if (into.has(ind.key)) continue;
    const forms = headerForms(ind);
    const hit = cells.find(([c, text]) => !taken.has(c) && matchesIndicator(text, forms));
    if (hit) {
      into.set(ind.key, hit[0]);
      taken.add(hit[0]);
    }
  }
}

type CellError = 'not_integer' | 'not_number' | 'too_many_decimals' | 'negative' | 'too_large';
type CellResult = { value: number | null } | { error: CellError; raw: string; decimals?: number };

/** The indicator's own check (statistics.rules.ts checkFigure): places, sign and size as a typed form. */
function checkCount(ind: SheetIndicator, n: number | string, raw: string): CellResult {
  const r = checkFigure(ind, n);
  if ('error' in r) return { error: r.error === 'unknown_indicator' ? 'not_number' : r.error, raw, ...(r.decimals !== undefined && { decimals: r.decimals }) };
  return { value: r.value };
}

function readCount(v: ExcelJS.CellValue, ind: SheetIndicator): CellResult {
  const wrong = indicatorDecimals(ind) ? 'not_number' : 'not_integer';
  const p = plain(v);
  if (p === null) return { value: null };
  // A number cell holds a double: 12.35 may be stored as 12.350000000000001, which Excel shows
  // as 12.35. Read at 15 significant digits, as Excel does, before the places are judged.
  if (typeof p === 'number') return checkCount(ind, Number.isFinite(p) ? Number(p.toPrecision(15)) : p, String(p));
  const raw = textOf(p);
  if (typeof p !== 'string') return { error: wrong, raw };
  // NFKC turns full-width digits and commas (１，２００) into the ASCII a clerk meant.
  const s = p.normalize('NFKC').replace(/\s+/g, '');
  if (BLANK_VALUE.test(s)) return { value: null };
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return { error: wrong, raw };
  return checkCount(ind, s.replace(/,/g, '').replace(/^\+/, ''), raw);
}

export async function readStatisticsSheet(data: Buffer, indicators: readonly SheetIndicator[]): Promise<{
  rows: ParsedStatisticsRow[];
  missingColumns: string[];
}> {
  const ws = await openUploadedSheet(data, SHEET_NAME);

  // Title and subtitle rows come first in the office's layout; the header is found by its texts.
  let nameRow = 0;
  for (let r = 1; r <= Math.min(10, ws.rowCount) && !nameRow; r++) {
    if (findColumn(ws, [r], NAME_HEADERS) !== null) nameRow = r;
  }
  if (!nameRow) throw fail(400, 'import.header_missing', { columns: '单位名称' }, 'file');
  const nameCol = findColumn(ws, [nameRow], NAME_HEADERS) ?? 0;

  // Two-level header: the category row holds 单位名称 and the indicators sit in the row below it.
  const single = new Map<string, number>();
  matchColumns(ws, nameRow, indicators, new Set(), single);
  const below = new Map<string, number>();
  const belowTaken = new Set<number>();
  matchColumns(ws, nameRow + 1, indicators, belowTaken, below);
  const twoLevel = below.size > single.size;
  let columnOf = single;
  if (twoLevel) {
    // An indicator merged down over both header rows may have its label only in the upper one.
    matchColumns(ws, nameRow, indicators, belowTaken, below);
    columnOf = below;
  }
  const headerRows = twoLevel ? [nameRow, nameRow + 1] : [nameRow];
  const codeCol = findColumn(ws, headerRows, CODE_HEADERS);
  const firstDataRow = nameRow + headerRows.length;

  const present = indicators.filter((i) => columnOf.has(i.key));
  const rows: ParsedStatisticsRow[] = [];
  for (let r = firstDataRow; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = (codeCol ? textOf(plain(row.getCell(codeCol).value)) : '') || null;
    const name = textOf(plain(row.getCell(nameCol).value));
    if (!code && !name) continue;
    if (SUMMARY_ROW.test(name) || (code !== null && SUMMARY_ROW.test(code))) continue;
    // The lower header row of a two-level sheet whose indicators all went unmatched, or a header
    // repeated further down where two sheets were pasted together: not a unit.
    if (NAME_HEADERS.has(norm(name))) continue;
    const values: Record<string, number | null> = {};
    const errors: ParsedStatisticsRow['errors'] = [];
    for (const ind of present) {
      const result = readCount(row.getCell(columnOf.get(ind.key) ?? 0).value, ind);
      if ('error' in result) {
        values[ind.key] = null;
        errors.push({ field: ind.key, code: result.error, raw: result.raw, ...(result.decimals !== undefined && { decimals: result.decimals }) });
      } else {
        values[ind.key] = result.value;
      }
    }
    rows.push({ row: r, code, name, values, errors });
  }

  return { rows, missingColumns: indicators.filter((i) => !columnOf.has(i.key)).map((i) => i.label.zh) };
}

/* ---------- CSV ---------- */

/** A figure as text: a decimal with its places (12.50), a count as it is. */
function figureText(i: SheetIndicator, v: number | null | undefined): string {
  const d = indicatorDecimals(i);
  return d && typeof v === 'number' ? v.toFixed(d) : csvNumber(v);
}

export function writeStatisticsCsv(input: { indicators: readonly SheetIndicator[]; rows: readonly StatisticsSheetRow[] }): string {
  const lines = [
    ['单位代码', '单位名称', ...input.indicators.map(indicatorHeader)].map(csvText).join(','),
    ...input.rows.map((r) =>
      [csvText(r.kind === 'unit' ? (r.code ?? '') : ''), csvText(r.name), ...input.indicators.map((i) => figureText(i, r.values[i.key]))].join(','),
    ),
  ];
  return csvDocument(lines);
}
