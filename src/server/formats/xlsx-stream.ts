import type { Writable } from 'node:stream';
import archiver from 'archiver';

/*
 * A one-sheet .xlsx written straight as SpreadsheetML into a streamed zip. ExcelJS (even its
 * streaming writer) resolves a style per cell, which made a 30,000-unit × 60-indicator table
 * take 14 s; here styles are a fixed palette chosen by index, so a cell costs a string append.
 * Only what the office's forms need: inline strings, integers, merges, column widths, row
 * heights, frozen panes, print titles and an A4 landscape one-page-wide page setup.
 */

/** The palette. Borders are thin on every side of a table cell; fonts are 宋体 unless said. */
export const XS = {
  plain: 0,
  title: 1, // 方正小标宋简体 18 bold, centred, wrapped
  subtitle: 2, // 11, left
  header: 3, // 11 bold, centred, wrapped, bordered
  text: 4, // 11, centred, bordered
  code: 5, // 11, centred, bordered, text format (@)
  name: 6, // 11, left, wrapped, bordered
  integer: 7, // 11, centred, bordered, format 0
  boldName: 8,
  boldInteger: 9,
  boldText: 10,
  boldCode: 11,
} as const;

/** The style of a figure with `decimals` places (0–4): a count's, or 0.0 … 0.0000, bold for subtotals. */
export function figureStyle(decimals: number, bold: boolean): number {
  if (!decimals) return bold ? XS.boldInteger : XS.integer;
  return 12 + (Math.min(4, decimals) - 1) * 2 + (bold ? 1 : 0);
}

const DECIMAL_FORMATS = [1, 2, 3, 4].map((d, i) => `<numFmt numFmtId="${164 + i}" formatCode="0.${'0'.repeat(d)}"/>`).join('');
const DECIMAL_XFS = [0, 1, 2, 3].flatMap((i) => [3, 2].map((font) =>
  `<xf numFmtId="${164 + i}" fontId="${font}" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>`)).join('\n');

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4">${DECIMAL_FORMATS}</numFmts>
<fonts count="4">
<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><b/><sz val="18"/><name val="方正小标宋简体"/><family val="3"/><charset val="134"/></font>
<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
</fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="2">
<border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color indexed="64"/></left><right style="thin"><color indexed="64"/></right><top style="thin"><color indexed="64"/></top><bottom style="thin"><color indexed="64"/></bottom><diagonal/></border>
</borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="20">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="49" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="1" fontId="3" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>
<xf numFmtId="1" fontId="2" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="49" fontId="2" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
${DECIMAL_XFS}
</cellXfs>
<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

export type Cell = { v: string | number | null; s: number } | null;
export interface SheetRow { cells: Cell[]; height?: number }

export interface SheetLayout {
  name: string;
  /** Column widths in characters, first column first. */
  widths: number[];
  /** Ranges like "A1:H1". */
  merges: string[];
  /** Rows above and columns left of the frozen panes. */
  frozen?: { rows: number; columns: number };
  /** Rows repeated at the top of every printed page, e.g. [3, 4]. */
  printTitleRows?: [number, number];
  creator?: string;
}

export function columnName(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// Characters XML 1.0 cannot carry at all (control characters) are dropped, not escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cellXml(ref: string, c: NonNullable<Cell>): string {
  if (c.v === null || c.v === '') return `<c r="${ref}" s="${c.s}"/>`;
  if (typeof c.v === 'number') return `<c r="${ref}" s="${c.s}"><v>${c.v}</v></c>`;
  return `<c r="${ref}" s="${c.s}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(c.v)}</t></is></c>`;
}

function sheetHead(layout: SheetLayout): string {
  const pane = layout.frozen && (layout.frozen.rows || layout.frozen.columns)
    ? `<pane${layout.frozen.columns ? ` xSplit="${layout.frozen.columns}"` : ''}${layout.frozen.rows ? ` ySplit="${layout.frozen.rows}"` : ''} topLeftCell="${columnName(layout.frozen.columns + 1)}${layout.frozen.rows + 1}" activePane="bottomRight" state="frozen"/>`
    : '';
  const cols = layout.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    + `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + `<cols>${cols}</cols><sheetData>`;
}

function sheetTail(layout: SheetLayout): string {
  const merges = layout.merges.length
    ? `<mergeCells count="${layout.merges.length}">${layout.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : '';
  return `</sheetData>${merges}`
    + '<printOptions horizontalCentered="1"/>'
    + '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    + '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    + '</worksheet>';
}

function workbookXml(layout: SheetLayout): string {
  const titles = layout.printTitleRows
    ? `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'${layout.name.replace(/'/g, "''")}'!$${layout.printTitleRows[0]}:$${layout.printTitleRows[1]}</definedName></definedNames>`
    : '';
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + `<sheets><sheet name="${escapeXml(layout.name)}" sheetId="1" r:id="rId1"/></sheets>${titles}</workbook>`;
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
  + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
  + '<Default Extension="xml" ContentType="application/xml"/>'
  + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
  + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
  + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
  + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
  + '</Types>';

const ROOT_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
  + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
  + '</Relationships>';

const WORKBOOK_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
  + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
  + '</Relationships>';

function coreXml(creator: string): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:creator>${escapeXml(creator)}</dc:creator></cp:coreProperties>`;
}

/** Rows are turned into XML in batches of this many, so the zip is fed large chunks, not one per row. */
const BATCH = 500;

function* sheetChunks(layout: SheetLayout, rows: Iterable<SheetRow>): Generator<string> {
  yield sheetHead(layout);
  let r = 0;
  let parts: string[] = [];
  for (const row of rows) {
    r++;
    let xml = `<row r="${r}"${row.height ? ` ht="${row.height}" customHeight="1"` : ''}>`;
    for (let i = 0; i < row.cells.length; i++) {
      const c = row.cells[i];
      if (c) xml += cellXml(`${columnName(i + 1)}${r}`, c);
    }
    parts.push(`${xml}</row>`);
    if (parts.length === BATCH) {
      yield parts.join('');
      parts = [];
    }
  }
  if (parts.length) yield parts.join('');
  yield sheetTail(layout);
}

/** Streams the workbook into `out` and resolves when the zip is complete (the caller ends nothing). */
export async function writeXlsx(out: Writable, layout: SheetLayout, rows: Iterable<SheetRow>): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const finished = new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('warning', reject);
    out.on('error', reject);
    // archiver ends `out` when piped; 'close' on files, 'finish' on other sinks.
    out.on('finish', resolve);
    out.on('close', resolve);
  });
  zip.pipe(out);
  zip.append(CONTENT_TYPES, { name: '[Content_Types].xml' });
  zip.append(ROOT_RELS, { name: '_rels/.rels' });
  zip.append(coreXml(layout.creator ?? 'safemonth'), { name: 'docProps/core.xml' });
  zip.append(workbookXml(layout), { name: 'xl/workbook.xml' });
  zip.append(WORKBOOK_RELS, { name: 'xl/_rels/workbook.xml.rels' });
  zip.append(STYLES_XML, { name: 'xl/styles.xml' });
  const { Readable } = await import('node:stream');
  zip.append(Readable.from(sheetChunks(layout, rows)), { name: 'xl/worksheets/sheet1.xml' });
  await zip.finalize();
  await finished;
}
