import { PassThrough } from 'node:stream';
import type { FileChild } from 'docx';
import { body, officialDocument, table, tableNote, title } from './official-docx';
import { textParagraphs } from './typical-case-docx';
import { columnName, writeXlsx, XS, type Cell, type SheetRow } from './xlsx-stream';

/*
 * 典型案例曝光情况报送表: what the city reports to the province each month about the typical cases
 * the media ran, one row per case with every outlet that ran it, as the xlsx the province's form
 * asks for (A4 landscape, one page wide, the header repeated on every page) and as a short docx
 * letter with the same table.
 */

export interface ProvinceRow {
  title: string;
  subject: string;
  sector: string | null;
  publishedOn: string;
  outlets: { outlet: string; ranOn: string; link: string | null }[];
  handling: string;
  dualPenalty: boolean;
  criminalTransfer: boolean;
}

export interface ProvinceReportInput {
  campaignName: string;
  /** YYYY-MM */
  month: string;
  reportingUnit: string;
  rows: ProvinceRow[];
  sentTo: string | null;
  sentOn: string | null;
}

const HEADER = ['序号', '案例名称', '涉事单位', '行业领域', '曝光媒体', '刊播日期', '链接', '处理结果', '一案双罚', '行刑衔接'] as const;
/** Column widths in characters (xlsx); the docx table takes them as proportions. */
const WIDTHS = [6, 24, 20, 10, 16, 12, 28, 40, 9, 9];
/** Proportions of the docx table's 243 mm: a date in 五号 on one line, 合计 in the first column. */
const DOCX_WIDTHS = [5.5, 15, 12, 10, 12, 10, 15, 19, 5.5, 5.5];

function monthParts(month: string): { year: number; m: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  return { year: Number(match[1]), m: Number(match[2]) };
}

export function provinceTitle(month: string): string {
  const { year, m } = monthParts(month);
  return `${year}年${m}月典型案例曝光情况报送表`;
}

const subtitleLine = (input: ProvinceReportInput) =>
  `报送单位：${input.reportingUnit}\u3000报送时间：${input.sentOn ?? ''}\u3000报送对象：${input.sentTo ?? ''}`;

const yesNo = (b: boolean) => (b ? '是' : '否');

/** The texts of one case's cells, in HEADER's order; an outlet a line in its three columns. */
function caseCells(r: ProvinceRow, index: number): string[] {
  const anyLink = r.outlets.some((o) => o.link);
  return [
    String(index + 1),
    r.title,
    r.subject,
    r.sector ?? '',
    r.outlets.map((o) => o.outlet).join('\n'),
    r.outlets.map((o) => o.ranOn).join('\n'),
    anyLink ? r.outlets.map((o) => o.link ?? '—').join('\n') : '',
    textParagraphs(r.handling).join('\n'),
    yesNo(r.dualPenalty),
    yesNo(r.criminalTransfer),
  ];
}

const count = (rows: readonly ProvinceRow[], f: (r: ProvinceRow) => boolean) => rows.filter(f).length;

/* ---------- xlsx ---------- */

/** Width of a text in the sheet's character units: a CJK or full-width character takes two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** Lines a wrapped cell takes in a column `width` characters wide. */
function linesIn(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

/** Points: 11-point 宋体 takes 14.25 a line; Excel caps a row at 409. */
const rowHeight = (lines: number) => Math.min(409, Math.max(20, Math.ceil(lines * 14.5 + 6)));

export async function writeProvinceSheet(input: ProvinceReportInput): Promise<Buffer> {
  // Checked before the zip starts: a throw inside the row generator would surface as the stream's error, not this call's.
  const sheetTitle = provinceTitle(input.month);
  const last = columnName(HEADER.length);
  const pad = (n: number) => Array.from({ length: n }, (): Cell => null);
  const headerRow = 3;
  const totalRow = headerRow + input.rows.length + 1;

  function* rows(): Generator<SheetRow> {
    yield { cells: [{ v: sheetTitle, s: XS.title }, ...pad(HEADER.length - 1)], height: 40 };
    yield { cells: [{ v: subtitleLine(input), s: XS.subtitle }, ...pad(HEADER.length - 1)], height: 22 };
    yield { cells: HEADER.map((h) => ({ v: h, s: XS.header })), height: 30 };
    for (const [i, r] of input.rows.entries()) {
      const texts = caseCells(r, i);
      const cells = texts.map((v, c): Cell => {
        if (c === 0) return { v: i + 1, s: XS.integer };
        // Sector and yes/no centred; the rest wraps, left-aligned, so an outlet's line in 曝光媒体, 刊播日期 and 链接 lines up.
        if (c === 3 || c >= 8) return { v, s: XS.text };
        return { v, s: XS.name };
      });
      const lines = Math.max(...texts.map((t, c) => linesIn(t, WIDTHS[c]!)));
      yield { cells, height: rowHeight(lines) };
    }
    const n = input.rows.length;
    yield {
      cells: [
        { v: `合计 ${n} 个`, s: XS.boldText }, { v: null, s: XS.boldText },
        ...HEADER.slice(2, 8).map((): Cell => ({ v: null, s: XS.boldText })),
        { v: count(input.rows, (r) => r.dualPenalty), s: XS.boldInteger },
        { v: count(input.rows, (r) => r.criminalTransfer), s: XS.boldInteger },
      ],
      height: 22,
    };
  }

  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeXlsx(sink, {
    name: '典型案例曝光情况报送表',
    widths: WIDTHS,
    merges: [`A1:${last}1`, `A2:${last}2`, `A${totalRow}:B${totalRow}`],
    frozen: { rows: headerRow, columns: 0 },
    printTitleRows: [headerRow, headerRow],
  }, rows());
  return Buffer.concat(chunks);
}

/* ---------- docx ---------- */

export async function writeProvinceDocx(input: ProvinceReportInput): Promise<Buffer> {
  const { m } = monthParts(input.month);
  const n = input.rows.length;
  const docTitle = provinceTitle(input.month);
  const children: FileChild[] = [
    title(docTitle),
    body([`${m}月，共组织市级以上主流媒体曝光典型案例${n}个。`
      + (n ? `其中，依法实行“一案双罚”${count(input.rows, (r) => r.dualPenalty)}个，涉嫌犯罪移送司法机关${count(input.rows, (r) => r.criminalTransfer)}个。` : '')]),
    // The sender, day and addressee sit over the table as a form's 填报单位 line does, small and flush left: centred under the title they wrap.
    tableNote(subtitleLine(input)),
    table(
      [...HEADER],
      [
        ...input.rows.map((r, i) => caseCells(r, i)),
        ['合计', `${n}个`, '', '', '', '', '', '', String(count(input.rows, (r) => r.dualPenalty)), String(count(input.rows, (r) => r.criminalTransfer))],
      ],
      DOCX_WIDTHS,
      { landscape: true, size: 21, align: ['center', 'left', 'left', 'center', 'left', 'center', 'left', 'left', 'center', 'center'] },
    ),
  ];
  return officialDocument({ title: docTitle, subject: input.campaignName, creator: 'safemonth', children, landscape: true });
}
