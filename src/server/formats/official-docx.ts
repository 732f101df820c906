import {
  AlignmentType, BorderStyle, Document, Footer, ImageRun, LineRuleType, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableRow,
  TextRun, VerticalAlign, WidthType, type FileChild, type IRunOptions, type ParagraphChild,
} from 'docx';
import { escapeXml } from './xlsx-stream';
import type { RichBlock } from './rich-text';

/*
 * The house style of Chinese official documents (党政机关公文格式, GB/T 9704) as far as a draft
 * the office edits further needs it: A4 with the standard margins, the title in 方正小标宋简体
 * 二号 (22 pt), headings 一、 in 黑体 三号, （一） in 楷体, body in 仿宋_GB2312 三号 (16 pt) on a
 * fixed 28-point line with a two-character first-line indent, page numbers centred at the foot.
 *
 * Word substitutes a missing font by the `altName` the font table gives it, so a machine without
 * the 方正 and _GB2312 fonts shows 宋体, 仿宋 and 楷体 instead of an arbitrary face.
 */

export const FONTS = {
  title: '方正小标宋简体',
  heading: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  song: '宋体',
} as const;

/** Each face with the one Word falls back to, the GB2312 charset (86) and its family, as Word itself writes them. */
const FONT_TABLE: { name: string; alt: string; family: string; pitch: string }[] = [
  { name: FONTS.title, alt: '宋体', family: 'script', pitch: 'fixed' },
  { name: FONTS.heading, alt: 'SimHei', family: 'modern', pitch: 'fixed' },
  { name: FONTS.heading2, alt: '楷体', family: 'modern', pitch: 'fixed' },
  { name: FONTS.body, alt: '仿宋', family: 'modern', pitch: 'fixed' },
  { name: FONTS.song, alt: 'SimSun', family: 'auto', pitch: 'variable' },
  { name: '仿宋', alt: 'FangSong', family: 'modern', pitch: 'fixed' },
  { name: '楷体', alt: 'KaiTi', family: 'modern', pitch: 'fixed' },
];

function fontTableXml(): string {
  const fonts = FONT_TABLE.map((f) => `<w:font w:name="${escapeXml(f.name)}"><w:altName w:val="${escapeXml(f.alt)}"/>`
    + `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`).join('');
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`;
}

/** One face for every script, so digits and Latin letters in a line match its Chinese. */
const face = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

/** Half-points, as Word counts font sizes: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const SIZE = { title: 44, body: 32, caption: 28, table: 24 } as const;

const TWIPS_PER_MM = 1440 / 25.4;
/** GB/T 9704: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
const PAGE = { width: 11906, height: 16838, top: 37, bottom: 35, left: 28, right: 26 };
const mm = (v: number) => Math.round(v * TWIPS_PER_MM);
const TEXT_WIDTH_TWIPS = PAGE.width - mm(PAGE.left) - mm(PAGE.right);
/**
 * A landscape page, for a document that is mostly a wide table: A4 turned, 28 mm and 26 mm
 * margins (binding side and its opposite, top and bottom), a text block 243 mm wide.
 */
const LANDSCAPE = { top: 28, bottom: 26, left: 28, right: 26 };
const LANDSCAPE_TEXT_WIDTH_TWIPS = PAGE.height - mm(LANDSCAPE.left) - mm(LANDSCAPE.right);
/** The text block's width in pixels at 96 dpi (156 mm), the widest an embedded photo may be. */
export const TEXT_WIDTH_PX = Math.floor(((210 - PAGE.left - PAGE.right) / 25.4) * 96);
/** Taller than this and a photo with its caption no longer fits a page with a line of text. */
export const MAX_IMAGE_HEIGHT_PX = 560;

/** A fixed 28-point line: 22 lines to a page, as the standard asks. */
const BODY_LINE = { line: 560, lineRule: LineRuleType.EXACT };
/** Two characters of 16 pt, in twips: Word reads a character-count indent before a twip one, so a direct indent could not override it. */
const INDENT = { firstLine: 640 };

export type Runs = (string | IRunOptions)[];
const runsOf = (runs: Runs, base: IRunOptions = {}) =>
  runs.map((r) => new TextRun(typeof r === 'string' ? { ...base, text: r } : { ...base, ...r }));

export const title = (text: string) => new Paragraph({ style: 'Title', children: runsOf([text]) });

/** A centred line under the title: the unit's name, or a draft mark, in 楷体. */
export const subtitle = (text: string) => new Paragraph({ style: 'Subtitle', children: runsOf([text]) });

/** 一、… ; an attachment starts on a page of its own. */
export const heading1 = (text: string, opts: { newPage?: boolean } = {}) =>
  new Paragraph({ style: 'Heading1', pageBreakBefore: opts.newPage || undefined, children: runsOf([text]) });
/** （一）… */
export const heading2 = (text: string) => new Paragraph({ style: 'Heading2', children: runsOf([text]) });
/** 1. … in bold 仿宋, run into its paragraph as the standard's third level usually is. */
export const heading3 = (text: string, rest: Runs = []) =>
  new Paragraph({ style: 'Normal', keepNext: true, children: [...runsOf([text], { bold: true }), ...runsOf(rest)] });

export const body = (runs: Runs) => new Paragraph({ style: 'Normal', children: runsOf(runs) });

/** A paragraph flush right: the sender and the date at the end of a report. */
export const signature = (text: string) => new Paragraph({ style: 'Normal', alignment: AlignmentType.RIGHT, indent: { firstLine: 0, right: 640 }, children: runsOf([text]) });

/** A line in 仿宋 小四 flush left, kept with what follows: the unit and date over a table (填报单位：…), or a note. */
export const tableNote = (text: string) => new Paragraph({ style: 'TableText', keepNext: true, spacing: { before: 120, after: 80 }, children: runsOf([text]) });

/** A photo scaled to the text width (never enlarged), kept with its caption. */
export function photo(data: Buffer, size: { width: number; height: number }, caption: string): Paragraph[] {
  const scale = Math.min(1, TEXT_WIDTH_PX / size.width, MAX_IMAGE_HEIGHT_PX / size.height);
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  return [
    new Paragraph({
      style: 'Picture',
      keepNext: true,
      children: [new ImageRun({ type: 'jpg', data, transformation: { width, height }, altText: { name: caption.slice(0, 60), description: caption, title: caption.slice(0, 60) } })],
    }),
    new Paragraph({ style: 'Caption', children: runsOf([caption]) }),
  ];
}

export interface TableOptions {
  /** Across the text block of a landscape page (officialDocument's `landscape`), not a portrait one. */
  landscape?: boolean;
  /** Half-points; 小四 (24) unless said, 五号 (21) for a table of many columns. */
  size?: number;
  /** Per column; the first column left and the others centred unless said. The header row is always centred. */
  align?: ('left' | 'center')[];
}

/**
 * A plain bordered table in 仿宋 小四, the header row bold and repeated on every page. A line
 * break in a cell's text starts a new line within the cell.
 */
export function table(header: string[], rows: string[][], widths: number[], opts: TableOptions = {}): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  // Widths in twips across the text block: LibreOffice ignores percentages without a grid to hold them.
  const textWidth = opts.landscape ? LANDSCAPE_TEXT_WIDTH_TWIPS : TEXT_WIDTH_TWIPS;
  const twips = widths.map((w) => Math.floor((w / total) * textWidth));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const alignOf = (i: number, bold: boolean) => {
    const a = bold ? 'center' : (opts.align?.[i] ?? (i === 0 ? 'left' : 'center'));
    return a === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER;
  };
  const run: IRunOptions = opts.size ? { size: opts.size } : {};
  const cell = (text: string, i: number, bold: boolean) => new TableCell({
    width: { size: twips[i]!, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    children: text.split(/\r?\n/).map((line) => new Paragraph({
      style: 'TableText', alignment: alignOf(i, bold), children: runsOf([line], bold ? { ...run, bold: true } : run),
    })),
  });
  return new Table({
    width: { size: twips.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: twips,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

/** Rich text (already sanitised) as official paragraphs: its own headings in 楷体 and bold 仿宋, lists numbered in text. */
export function richParagraphs(blocks: readonly RichBlock[]): Paragraph[] {
  return blocks.map((b) => {
    const strong = b.kind === 'h4';
    const children: ParagraphChild[] = [];
    if (b.kind === 'li' && b.list) children.push(new TextRun({ text: b.list.ordered ? `${b.list.index}. ` : '• ' }));
    for (const x of b.inlines) {
      if ('lineBreak' in x) children.push(new TextRun({ break: 1 }));
      else {
        children.push(new TextRun({
          text: x.text, bold: x.bold || strong || undefined, italics: x.italics || undefined, underline: x.underline ? {} : undefined, strike: x.strike || undefined,
        }));
      }
    }
    switch (b.kind) {
      case 'h3': return new Paragraph({ style: 'Heading2', children });
      case 'quote': return new Paragraph({ style: 'Quote', children });
      case 'li': return new Paragraph({ style: 'Normal', indent: { firstLine: 640 + (b.list?.depth ?? 0) * 640 }, children });
      default: return new Paragraph({ style: 'Normal', children });
    }
  });
}

/** The page-number footer: "— 1 —" centred, in 宋体 四号. */
const footer = () => new Footer({
  children: [new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: face(FONTS.song), size: SIZE.caption })],
  })],
});

const paragraphStyle = (id: string, name: string, run: IRunOptions, paragraph: Record<string, unknown>) => ({
  id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, run, paragraph,
});

/** The whole document as a .docx file. */
export async function officialDocument(opts: { title: string; subject?: string; creator: string; children: FileChild[]; landscape?: boolean }): Promise<Buffer> {
  const margin = opts.landscape ? LANDSCAPE : PAGE;
  const doc = new Document({
    creator: opts.creator,
    title: opts.title,
    subject: opts.subject,
    styles: {
      // Title and the headings are Word's own styles (restyled, not duplicated), so Word's navigation pane and outline see them.
      default: {
        document: {
          run: { font: face(FONTS.body), size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: BODY_LINE, indent: INDENT, alignment: AlignmentType.JUSTIFIED },
        },
        title: {
          run: { font: face(FONTS.title), size: SIZE.title, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 280 } },
        },
        heading1: { run: { font: face(FONTS.heading), size: SIZE.body, color: '000000' }, paragraph: { outlineLevel: 0, keepNext: true, spacing: BODY_LINE } },
        heading2: { run: { font: face(FONTS.heading2), size: SIZE.body, color: '000000' }, paragraph: { outlineLevel: 1, keepNext: true, spacing: BODY_LINE } },
      },
      paragraphStyles: [
        {
          id: 'Normal', name: 'Normal', quickFormat: true,
          run: { font: face(FONTS.body), size: SIZE.body }, paragraph: { spacing: BODY_LINE, indent: INDENT, alignment: AlignmentType.JUSTIFIED },
        },
        paragraphStyle('Subtitle', 'Subtitle', { font: face(FONTS.heading2), size: SIZE.body }, {
          alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, spacing: { ...BODY_LINE, after: 280 },
        }),
        paragraphStyle('Quote', 'Quote', { font: face(FONTS.heading2), size: SIZE.body }, { indent: { left: 640, right: 640, firstLine: 640 } }),
        // Exact line spacing would clip a picture to one line's height; a picture's line grows with it.
        paragraphStyle('Picture', 'Picture', {}, {
          alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120 },
        }),
        paragraphStyle('Caption', 'caption', { font: face(FONTS.body), size: SIZE.caption }, {
          alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, spacing: { line: 360, lineRule: LineRuleType.EXACT, after: 160 },
        }),
        paragraphStyle('TableText', 'Table Text', { font: face(FONTS.body), size: SIZE.table }, {
          indent: { firstLine: 0 }, spacing: { line: 300, lineRule: LineRuleType.AT_LEAST },
        }),
      ],
    },
    sections: [{
      properties: {
        page: {
          // Given as portrait: docx swaps the two for a landscape page.
          size: { width: PAGE.width, height: PAGE.height, orientation: opts.landscape ? PageOrientation.LANDSCAPE : undefined },
          margin: { top: mm(margin.top), bottom: mm(margin.bottom), left: mm(margin.left), right: mm(margin.right), header: mm(15), footer: mm(opts.landscape ? 12 : 18) },
        },
      },
      footers: { default: footer() },
      children: opts.children,
    }],
  });
  return Packer.toBuffer(doc, undefined, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/** 2022-07-01 → 2022年7月1日, as dates are written in Chinese documents. */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一: the numbering of headings, up to 99. */
export function chineseNumber(n: number): string {
  if (n < 10) return NUMERALS[n] ?? String(n);
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}
