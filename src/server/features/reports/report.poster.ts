import QRCode from 'qrcode';
import sharp from 'sharp';

/*
 * The A4 poster a unit prints and pins up so that citizens report hazards (我是安全吹哨人). Its QR code
 * carries the unit's code in the report link, so each report is credited to the publicity of the unit
 * whose poster was scanned. The poster is drawn as SVG and rasterised by sharp, which is already here
 * for uploads; the PDF is written by hand around the same picture rather than pulling in a PDF library
 * for one page with one image.
 */

export interface PosterInput {
  campaignName: string;
  theme: string | null;
  unitName: string;
  /** The public report link the QR code leads to, unit code included. */
  url: string;
  hotline?: string | null;
  format: 'png' | 'pdf';
}

/** A4 portrait at 150 dpi: sharp enough for a print shop, small enough to send in a moment. */
export const POSTER_WIDTH = 1240;
export const POSTER_HEIGHT = 1754;
/** A4 in PDF points. */
const PAGE_WIDTH_PT = 595;
const PAGE_HEIGHT_PT = 842;

/** The national hotline for work-safety reports, printed when the campaign names none of its own. */
const DEFAULT_HOTLINE = '12350';

const FONT = 'Noto Sans CJK SC, Noto Sans SC, WenQuanYi Micro Hei, sans-serif';
const BLUE = '#0b3c8c';
const BLUE_LIGHT = '#1557b8';
const RED = '#c8161d';
const GOLD = '#ffd34d';
const INK = '#1f2329';

const MARGIN = 70;
/** The code with its quiet zone; as large as the page allows, so it scans from a step or two away. */
const QR_TARGET_PX = 880;
/** The quiet zone the QR standard asks for; phones struggle to lock on with less. */
const QR_QUIET_MODULES = 4;

export async function renderPoster(input: PosterInput): Promise<Buffer> {
  const image = sharp(Buffer.from(posterSvg(input)));
  if (input.format === 'png') return image.png().toBuffer();
  // 4:4:4 keeps the chroma of thin red and blue strokes, and the QR's edges, from bleeding in print.
  const jpeg = await image.flatten({ background: '#ffffff' }).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
  return singleImagePdf(jpeg, POSTER_WIDTH, POSTER_HEIGHT, input.campaignName);
}

/** The poster as an SVG document, every piece of caller text escaped and fitted to its line. */
export function posterSvg(input: PosterInput): string {
  const W = POSTER_WIDTH;
  const H = POSTER_HEIGHT;
  const cx = W / 2;
  const lineWidth = W - 2 * MARGIN;
  const hotline = input.hotline?.trim() || DEFAULT_HOTLINE;

  const qr = qrPath(input.url);
  const qrX = Math.round((W - qr.px) / 2);
  const qrY = 424;
  const frame = 14;
  const qrBottom = qrY + qr.px;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    '<defs><linearGradient id="band" x1="0" y1="0" x2="0" y2="1">',
    `<stop offset="0" stop-color="${BLUE}"/><stop offset="1" stop-color="${BLUE_LIGHT}"/>`,
    '</linearGradient></defs>',
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,

    // Header band: who runs the campaign, the call to action, and the year's theme.
    `<rect width="${W}" height="360" fill="url(#band)"/>`,
    `<rect y="360" width="${W}" height="12" fill="${RED}"/>`,
    text(input.campaignName, { x: cx, y: input.theme ? 96 : 130, size: 40, max: lineWidth, min: 26, fill: '#ffffff', opacity: 0.92 }),
    text('我是安全吹哨人 · 查找身边的隐患', { x: cx, y: input.theme ? 202 : 254, size: 72, max: lineWidth, min: 48, fill: GOLD, bold: true }),
    input.theme ? text(input.theme, { x: cx, y: 294, size: 44, max: lineWidth, min: 28, fill: '#ffffff', bold: true, spacing: 2 }) : '',

    // The code sits on a white card inside a blue frame, its quiet zone always white whatever surrounds it.
    `<rect x="${qrX - frame}" y="${qrY - frame}" width="${qr.px + 2 * frame}" height="${qr.px + 2 * frame}" rx="24" fill="#ffffff" stroke="${BLUE}" stroke-width="6"/>`,
    `<path transform="translate(${qrX} ${qrY})" d="${qr.d}" fill="#000000" shape-rendering="crispEdges"/>`,
    text(input.url, { x: cx, y: qrBottom + frame + 40, size: 24, max: lineWidth, min: 14, fill: '#6b7280' }),

    text('扫码举报安全隐患和违法行为　可匿名　凭回执码查询进度', { x: cx, y: qrBottom + 130, size: 42, max: lineWidth, min: 28, fill: INK, bold: true }),
    text(`举报电话：${hotline}`, { x: cx, y: qrBottom + 226, size: 64, max: lineWidth, min: 36, fill: RED, bold: true }),

    // Footer band: the unit that put the poster up.
    `<rect y="${H - 124}" width="${W}" height="10" fill="${RED}"/>`,
    `<rect y="${H - 114}" width="${W}" height="114" fill="${BLUE}"/>`,
    text(`宣传单位：${input.unitName}`, { x: cx, y: H - 42, size: 44, max: lineWidth, min: 26, fill: '#ffffff', bold: true }),
    '</svg>',
  ];
  return parts.join('\n');
}

/**
 * The QR code as one SVG path in whole pixels, quiet zone included. Whole-pixel modules are what keep
 * the printed code crisp: a fractional module size would blur every edge into grey.
 */
function qrPath(url: string): { d: string; px: number } {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = Math.max(1, Math.floor(QR_TARGET_PX / (n + 2 * QR_QUIET_MODULES)));
  const commands: string[] = [];
  for (let row = 0; row < n; row++) {
    // Runs of dark modules along a row become one rectangle: a fraction of the path a module each would be.
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      const x = (start + QR_QUIET_MODULES) * unit;
      const y = (row + QR_QUIET_MODULES) * unit;
      commands.push(`M${x} ${y}h${(col - start) * unit}v${unit}h${-(col - start) * unit}z`);
    }
  }
  return { d: commands.join(''), px: (n + 2 * QR_QUIET_MODULES) * unit };
}

interface TextStyle {
  x: number;
  y: number;
  size: number;
  /** The widest the line may be; a longer text is set smaller, down to `min`, then cut short. */
  max: number;
  min: number;
  fill: string;
  bold?: boolean;
  opacity?: number;
  spacing?: number;
}

function text(value: string, style: TextStyle): string {
  const fitted = fit(value, style);
  const attrs = [
    `x="${style.x}"`,
    `y="${style.y}"`,
    'text-anchor="middle"',
    `font-family="${FONT}"`,
    `font-size="${fitted.size}"`,
    `fill="${style.fill}"`,
    style.bold ? 'font-weight="bold"' : '',
    style.opacity !== undefined ? `fill-opacity="${style.opacity}"` : '',
    style.spacing ? `letter-spacing="${style.spacing}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(fitted.text)}</text>`;
}

/**
 * Unit and campaign names come from the campaign's own data and some run long (区应急管理局安全生产执法大队…);
 * the renderer would let them run off the page, so the width is estimated here: CJK and full-width
 * characters take a whole em, others a little over half. The estimate errs wide, which only costs
 * a slightly smaller font.
 */
function fit(value: string, style: TextStyle): { text: string; size: number } {
  const chars = [...value.trim()];
  const ems = (cs: string[]) => cs.reduce((sum, c) => sum + charEm(c), 0) + (cs.length * (style.spacing ?? 0)) / style.size;
  const width = ems(chars);
  if (width * style.size <= style.max) return { text: chars.join(''), size: style.size };
  const size = Math.max(style.min, Math.floor(style.max / width));
  if (width * size <= style.max) return { text: chars.join(''), size };
  const room = style.max / size - charEm('…');
  let used = 0;
  let keep = 0;
  while (keep < chars.length && used + charEm(chars[keep]!) <= room) used += charEm(chars[keep++]!);
  return { text: `${chars.slice(0, keep).join('')}…`, size };
}

function charEm(c: string): number {
  const cp = c.codePointAt(0) ?? 0;
  if (cp >= 0x2e80 || c === '…' || c === '·') return 1;
  return 0.62;
}

/**
 * Escapes text for XML, and drops the control characters XML 1.0 cannot carry at all: one stray
 * \u0001 in a unit's name would otherwise make the whole poster fail to render.
 */
export function escapeXml(value: string): string {
  return [...value]
    .filter(isXmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** XML 1.0's Char production; a lone surrogate counts as invalid too. */
function isXmlChar(c: string): boolean {
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x20) return cp === 0x9 || cp === 0xa || cp === 0xd;
  return !(cp >= 0xd800 && cp <= 0xdfff) && cp !== 0xfffe && cp !== 0xffff;
}

/**
 * A one-page A4 PDF showing a JPEG over the whole page. PDF readers decode JPEG natively (DCTDecode),
 * so the file is the JPEG plus a few hundred bytes of structure; offsets in the cross-reference table
 * are counted in bytes, which is why everything is assembled as Buffers, not strings.
 */
export function singleImagePdf(jpeg: Buffer, width: number, height: number, title: string): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    length += buf.length;
  };
  const object = (body: (Buffer | string)[]) => {
    offsets.push(length);
    push(`${offsets.length} 0 obj\n`);
    for (const part of body) push(part);
    push('\nendobj\n');
  };
  const content = `q ${PAGE_WIDTH_PT} 0 0 ${PAGE_HEIGHT_PT} 0 0 cm /Im0 Do Q\n`;

  // The binary comment line tells transfer tools the file is binary (PDF 32000-1, 7.5.2).
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(['<< /Type /Catalog /Pages 2 0 R >>']);
  object(['<< /Type /Pages /Kids [3 0 R] /Count 1 >>']);
  object([
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH_PT} ${PAGE_HEIGHT_PT}]`,
    ' /Resources << /XObject << /Im0 4 0 R >> /ProcSet [/PDF /ImageC] >> /Contents 5 0 R >>',
  ]);
  object([
    `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB`,
    ` /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
    jpeg,
    '\nendstream',
  ]);
  object([`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n`, content, 'endstream']);
  object([`<< /Title ${pdfText(title)} /Producer (safemonth) >>`]);

  const xref = length;
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R /Info ${offsets.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

/** A PDF text string as UTF-16BE hex with a byte-order mark: the one form that carries Chinese and needs no escaping. */
function pdfText(value: string): string {
  const le = Buffer.from(value, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return `<FEFF${be.toString('hex').toUpperCase()}>`;
}
