import { PassThrough, type Writable } from 'node:stream';
import { openUploadedSheet } from './workbook';
import { shownText, SheetCells, type CellProblem, type CellRead } from './sheet-cells';
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
  /** The unit's status (未填报, 已提交 …), printed in the last column when the sheet has one. */
  status?: string;
}

type CellError = 'not_integer' | 'not_number' | 'too_many_decimals' | 'negative' | 'too_large';

export type StatisticsCellCode = CellError | CellProblem['code'];

export interface StatisticsCellError {
  /** The indicator key, or 'unit' for the code and name columns. */
  field: string;
  code: StatisticsCellCode;
  raw: string;
  /** Where: the sheet's own column (1-based) and the header text the clerk sees over it. */
  col: number;
  header: string;
  /** What a merge covers, or the formula without value. */
  detail?: string;
  /** The places the indicator allows, for a figure with too many. */
  decimals?: number;
}

export interface ParsedStatisticsRow {
  row: number;
  code: string | null;
  name: string;
  /** Every indicator whose column the sheet has; a blank or a rejected cell is null. */
  values: Record<string, number | null>;
  errors: StatisticsCellError[];
  /** The indicators whose cell is blank (or a dash): not filled, which is not 0. */
  blank: string[];
}

// One limit for a typed table and an imported sheet.
export { MAX_INDICATOR_VALUE };

const SHEET_NAME = '活动进展情况统计表';
const OTHER_GROUP = '其他';
const FIXED_COLUMNS = 3; // 序号, 单位代码, 单位名称
/** The export's last column; the reader leaves it alone (it matches no indicator). */
const STATUS_HEADER = '填报状态';

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
  /** A last column with each unit's status, so an unfilled row is visibly unfilled. */
  withStatus?: boolean;
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
  const statusColumns = input.withStatus ? 1 : 0;
  const columnCount = FIXED_COLUMNS + columns.length + statusColumns;
  const subtitle = input.subtitle?.trim();
  const upper = subtitle ? 3 : 2;
  const lower = upper + 1;
  const last = columnName(columnCount);

  const indicatorWidths = columns.map((i) => Math.min(14, Math.max(10, Math.ceil(displayWidth(indicatorHeader(i)) / 3) + 2)));
  const merges = [`A1:${last}1`];
  if (subtitle) merges.push(`A2:${last}2`);
  for (const c of ['A', 'B', 'C', ...(statusColumns ? [last] : [])]) merges.push(`${c}${upper}:${c}${lower}`);

  // Every cell of a merged range gets the style, or Excel draws the border only around the master.
  const upperCells: Cell[] = Array.from({ length: columnCount }, () => ({ v: null, s: XS.header }));
  ['序号', '单位代码', '单位名称'].forEach((v, i) => { upperCells[i] = { v, s: XS.header }; });
  let col = FIXED_COLUMNS;
  for (const g of groups) {
    upperCells[col] = { v: g.name, s: XS.header };
    if (g.indicators.length > 1) merges.push(`${columnName(col + 1)}${upper}:${columnName(col + g.indicators.length)}${upper}`);
    col += g.indicators.length;
  }
  if (statusColumns) upperCells[columnCount - 1] = { v: STATUS_HEADER, s: XS.header };
  const lowerCells: Cell[] = [
    ...Array.from({ length: FIXED_COLUMNS }, () => ({ v: null, s: XS.header })),
    ...columns.map((ind) => ({ v: indicatorHeader(ind), s: XS.header })),
    ...Array.from({ length: statusColumns }, () => ({ v: null, s: XS.header })),
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
      if (statusColumns) cells.push({ v: isUnit ? (r.status ?? null) : null, s: isUnit ? XS.text : XS.boldText });
      yield { cells, height: 22 };
    }
  }

  await writeXlsx(out, {
    name: SHEET_NAME,
    widths: [6, 12, 28, ...indicatorWidths, ...(statusColumns ? [10] : [])],
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

function headerTexts(cells: SheetCells, r: number): [number, string][] {
  const out: [number, string][] = [];
  for (let c = 1; c <= cells.columnCount([r]); c++) {
    const text = cells.text(r, c);
    if (text) out.push([c, text]);
  }
  return out;
}

function findColumn(cells: SheetCells, rows: number[], names: Set<string>): [number, string] | null {
  for (const r of rows) {
    const hit = headerTexts(cells, r).find(([, text]) => names.has(norm(text)));
    if (hit) return hit;
  }
  return null;
}

function matchColumns(cells: SheetCells, r: number, indicators: readonly SheetIndicator[], taken: Set<number>, into: Map<string, { col: number; header: string }>): void {
  const texts = headerTexts(cells, r);
  for (const ind of indicators) {
    if (into.has(ind.key)) continue;
    const forms = headerForms(ind);
    const hit = texts.find(([c, text]) => !taken.has(c) && matchesIndicator(text, forms));
    if (hit) {
      into.set(ind.key, { col: hit[0], header: hit[1] });
      taken.add(hit[0]);
    }
  }
}

type CountResult = { value: number | null } | { error: CellError; raw: string; decimals?: number };

/** The indicator's own check (statistics.rules.ts checkFigure): places, sign and size as a typed form. */
function checkCount(ind: SheetIndicator, n: number | string, raw: string): CountResult {
  const r = checkFigure(ind, n);
  if ('error' in r) return { error: r.error === 'unknown_indicator' ? 'not_number' : r.error, raw, ...(r.decimals !== undefined && { decimals: r.decimals }) };
  return { value: r.value };
}

function readCount(c: CellRead, ind: SheetIndicator): CountResult {
  if (c.kind === 'blank') return { value: null };
  // A number cell holds a double: 12.35 may be stored as 12.350000000000001, which Excel shows
  // as 12.35. Read at 15 significant digits, as Excel does, before the places are judged.
  if (c.kind === 'number') return checkCount(ind, Number.isFinite(c.value) ? Number(c.value.toPrecision(15)) : c.value, String(c.value));
  if (c.kind !== 'text') return { error: 'not_number', raw: shownText(c) };
  // NFKC turns full-width digits and commas (１，２００) into the ASCII a clerk meant.
  const s = c.text.normalize('NFKC').replace(/\s+/g, '');
  if (BLANK_VALUE.test(s)) return { value: null };
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s)) return { error: 'not_number', raw: c.text };
  return checkCount(ind, s.replace(/,/g, '').replace(/^\+/, ''), c.text);
}

function problemCell(field: string, col: number, header: string, p: CellProblem): StatisticsCellError {
  const detail = 'range' in p ? p.range : 'formula' in p ? p.formula : undefined;
  return { field, code: p.code, raw: 'raw' in p ? p.raw : '', col, header, ...(detail !== undefined ? { detail } : {}) };
}

/**
 * Reads a filled 附件2, cell by cell (formats/sheet-cells.ts): a cell under a merge, a formula
 * without a saved value, an error value or text where a figure belongs is reported with its place,
 * never read as 0 or as its neighbour; a blank figure is listed as blank. A row with figures but
 * neither code nor name is kept (and refused by the import), not dropped.
 */
export async function readStatisticsSheet(data: Buffer, indicators: readonly SheetIndicator[]): Promise<{
  rows: ParsedStatisticsRow[];
  missingColumns: string[];
  /** Where each indicator sits (key → column and its header) and where the unit is named. */
  columns: Map<string, { col: number; header: string }>;
}> {
  const cells = new SheetCells(await openUploadedSheet(data, SHEET_NAME));

  // Title and subtitle rows come first in the office's layout; the header is found by its texts.
  let nameRow = 0;
  for (let r = 1; r <= Math.min(10, cells.rowCount) && !nameRow; r++) {
    if (findColumn(cells, [r], NAME_HEADERS) !== null) nameRow = r;
  }
  if (!nameRow) throw fail(400, 'import.header_missing', { columns: '单位名称' }, 'file');
  const [nameCol, nameHeader] = findColumn(cells, [nameRow], NAME_HEADERS)!;

  // Two-level header: the category row holds 单位名称 and the indicators sit in the row below it.
  const single = new Map<string, { col: number; header: string }>();
  matchColumns(cells, nameRow, indicators, new Set(), single);
  const below = new Map<string, { col: number; header: string }>();
  const belowTaken = new Set<number>();
  matchColumns(cells, nameRow + 1, indicators, belowTaken, below);
  const twoLevel = below.size > single.size;
  let columnOf = single;
  if (twoLevel) {
    // An indicator merged down over both header rows may have its label only in the upper one.
    matchColumns(cells, nameRow, indicators, belowTaken, below);
    columnOf = below;
  }
  const headerRows = twoLevel ? [nameRow, nameRow + 1] : [nameRow];
  const codeAt = findColumn(cells, headerRows, CODE_HEADERS);
  const firstDataRow = nameRow + headerRows.length;

  const present = indicators.filter((i) => columnOf.has(i.key));
  const rows: ParsedStatisticsRow[] = [];
  for (let r = firstDataRow; r <= cells.rowCount; r++) {
    const errors: StatisticsCellError[] = [];
    const unitCells: [number, string][] = [[nameCol, nameHeader], ...(codeAt ? [codeAt] : [])];
    for (const [col, header] of unitCells) {
      const p = cells.problemAt(r, col);
      if (p) errors.push(problemCell('unit', col, header, p));
    }
    const code = (codeAt ? cells.text(r, codeAt[0]) : '') || null;
    const name = cells.text(r, nameCol);
    if (SUMMARY_ROW.test(name) || (code !== null && SUMMARY_ROW.test(code))) continue;
    // The lower header row of a two-level sheet whose indicators all went unmatched, or a header
    // repeated further down where two sheets were pasted together: not a unit.
    if (NAME_HEADERS.has(norm(name))) continue;
    const values: Record<string, number | null> = {};
    const blank: string[] = [];
    for (const ind of present) {
      const { col, header } = columnOf.get(ind.key)!;
      values[ind.key] = null;
      const p = cells.problemAt(r, col);
      if (p) {
        errors.push(problemCell(ind.key, col, header, p));
        continue;
      }
      const result = readCount(cells.read(r, col), ind);
      if ('error' in result) errors.push({ field: ind.key, code: result.error, raw: result.raw, col, header, ...(result.decimals !== undefined && { decimals: result.decimals }) });
      else if (result.value === null) blank.push(ind.key);
      else values[ind.key] = result.value;
    }
    // An empty line (or one of dashes) between units is nothing; a row with anything else is a row.
    if (!code && !name && !errors.length && blank.length === present.length) continue;
    rows.push({ row: r, code, name, values, errors, blank });
  }

  const columns = new Map(columnOf);
  columns.set('unit', { col: nameCol, header: nameHeader });
  return { rows, missingColumns: indicators.filter((i) => !columnOf.has(i.key)).map((i) => i.label.zh), columns };
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
