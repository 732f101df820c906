import type ExcelJS from 'exceljs';
import { columnName } from './xlsx-stream';
import { translate, type MessageKey } from '../http/messages';
import type { FieldError } from '../http/errors';

/*
 * One reader of uploaded sheets, cell by cell, for every import (units, 附件1, 附件2, and later the
 * contest's questions): what a cell really holds, and a problem named as the clerk sees it —
 * "第 7 行 D 列（分管领导联系电话）" — never an internal key. Nothing here guesses: a cell
 * under a merge, a formula whose value Excel never saved, or an error value is reported as
 * such, not read as the neighbour's value, as blank or as 0.
 */

export type CellRead =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'date'; value: Date; text: string }
  /** A formula saved without its computed value (a file written by a program, not by Excel). */
  | { kind: 'formula_no_value'; formula: string }
  | { kind: 'error'; text: string };

export type CellProblem =
  | { code: 'merged'; range: string }
  | { code: 'formula_no_value'; formula: string }
  | { code: 'error_value'; raw: string }
  | { code: 'blank' }
  | { code: 'required' }
  | { code: 'not_number'; raw: string };

const PROBLEM_KEYS: Record<CellProblem['code'], MessageKey> = {
  merged: 'sheet.merged',
  formula_no_value: 'sheet.formula_no_value',
  error_value: 'sheet.error_value',
  blank: 'sheet.blank',
  required: 'sheet.required',
  not_number: 'sheet.not_number',
};

function flatten(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
  return String(v);
}

/** Digits shown with a zero-padded format ("00000000000") keep the zeros Excel only displays. */
function numberText(n: number, numFmt: string | undefined): string {
  const s = Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  const pad = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
  return n >= 0 && s.length < pad ? s.padStart(pad, '0') : s;
}

function readValue(v: ExcelJS.CellValue, numFmt: string | undefined): CellRead {
  if (v === null || v === undefined) return { kind: 'blank' };
  if (typeof v === 'number') return { kind: 'number', value: v, text: numberText(v, numFmt) };
  if (typeof v === 'string') return v.trim() ? { kind: 'text', text: v.trim() } : { kind: 'blank' };
  if (typeof v === 'boolean') return { kind: 'text', text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { kind: 'date', value: v, text: v.toISOString().slice(0, 10) };
  if ('richText' in v) return readValue(flatten(v), numFmt);
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    const formula = String((v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? '');
    if (result === undefined || result === null) return { kind: 'formula_no_value', formula };
    if (typeof result === 'object' && !(result instanceof Date)) {
      if ('error' in result) return { kind: 'error', text: String((result as { error: unknown }).error) };
      return { kind: 'formula_no_value', formula };
    }
    return readValue(result as ExcelJS.CellValue, numFmt);
  }
  if ('error' in v) return { kind: 'error', text: String(v.error) };
  // A hyperlink (Excel turns a typed e-mail address into one) shows its text, itself maybe rich.
  if ('text' in v) return readValue(flatten(v.text), numFmt);
  return { kind: 'blank' };
}

/** The text a cell shows; empty for a blank, a formula without value or an error. */
export function shownText(c: CellRead): string {
  return c.kind === 'text' || c.kind === 'number' || c.kind === 'date' ? c.text : '';
}

/** "D7:E7" → the cells it covers. */
function rangeBounds(range: string): { top: number; left: number; bottom: number; right: number } | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { left: col(m[1]!), top: Number(m[2]), right: col(m[3]!), bottom: Number(m[4]) };
}

export class SheetCells {
  private readonly merges: { range: string; top: number; left: number; bottom: number; right: number }[];

  constructor(private readonly ws: ExcelJS.Worksheet) {
    this.merges = [];
    for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
      const b = rangeBounds(range);
      if (b) this.merges.push({ range, ...b });
    }
  }

  get rowCount(): number {
    return this.ws.rowCount;
  }

  /** The last column any of the given rows uses. */
  columnCount(rows: number[]): number {
    return Math.max(0, ...rows.map((r) => this.ws.getRow(r).cellCount));
  }

  /** What the cell itself holds: a cell covered by a merge reads as the merge (see `mergeAt`), not as its master's value. */
  read(row: number, col: number): CellRead {
    const cell = this.ws.getRow(row).getCell(col);
    if (cell.isMerged && cell.master !== cell) return { kind: 'blank' };
    return readValue(cell.value, cell.numFmt);
  }

  text(row: number, col: number): string {
    return shownText(this.read(row, col));
  }

  /** The merged range covering the cell, e.g. "D7:E7", or null. */
  mergeAt(row: number, col: number): string | null {
    return this.merges.find((m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right)?.range ?? null;
  }

  /** The problem a data cell has before its meaning is judged: under a merge, a formula without value, an error value. */
  problemAt(row: number, col: number): CellProblem | null {
    const range = this.mergeAt(row, col);
    if (range) return { code: 'merged', range };
    const c = this.read(row, col);
    if (c.kind === 'formula_no_value') return { code: 'formula_no_value', formula: c.formula };
    if (c.kind === 'error') return { code: 'error_value', raw: c.text };
    return null;
  }
}

/** "第 7 行 D 列（分管领导联系电话）" / "row 7, column D (…)". */
export function cellPlace(row: number, col: number, header: string) {
  return translate('sheet.at', { row, column: columnName(col), header });
}

/**
 * A field error for one cell: the place first, then what is wrong, in both languages. `field` is
 * what the API names (e.g. `values.drills_held`); the message is what the clerk reads.
 */
export function cellError(field: string, row: number, col: number, header: string, message: { zh: string; en: string }): FieldError {
  const at = cellPlace(row, col, header);
  return { field, message: `${at.zh}：${message.zh}`, messageEn: `${at.en}: ${message.en}` };
}

export function problemMessage(p: CellProblem): { zh: string; en: string } {
  const params: Record<string, string> = {};
  if ('range' in p) params.range = p.range;
  if ('formula' in p) params.formula = `=${p.formula}`;
  if ('raw' in p) params.raw = p.raw;
  return translate(PROBLEM_KEYS[p.code], params);
}

export function problemError(field: string, row: number, col: number, header: string, p: CellProblem): FieldError {
  return cellError(field, row, col, header, problemMessage(p));
}
