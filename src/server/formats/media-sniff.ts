import fs from 'node:fs/promises';
import type { MediaKind } from '../config';
import { ZIP_CAPS, measureZip } from './zip-guard';

/** A document may unpack to this much at most (the zip guard's cap). */
export const MAX_UNPACKED_BYTES = ZIP_CAPS.totalBytes;

/*
 * What an uploaded file is, judged by its bytes alone. A name or a Content-Type header is
 * whatever the sender typed; a script renamed to .jpg is still a script. Only the kinds the
 * campaign needs are recognised, and everything else is refused, so an HTML page, an SVG
 * (which may carry script), an executable or an arbitrary archive never becomes a stored file
 * that the platform later serves to someone else.
 */

export interface Sniffed {
  kind: MediaKind;
  mime: string;
  /** The extension the stored file gets: from the content, never from the sender's name. */
  ext: string;
  /**
   * Containers whose first bytes only say "zip" or "OLE compound file": what is inside decides
   * whether it is a Word/Excel/PowerPoint document, so it is confirmed once the whole file is on disk.
   */
  confirm?: 'ooxml' | 'cfb';
}

/** Enough bytes for every signature below (WebM names its doctype within the first few dozen). */
export const SNIFF_BYTES = 64;

const startsWith = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, at: number, len: number) => (b.length >= at + len ? b.toString('latin1', at, at + len) : '');

/** ISO base media brands of video files; HEIF/AVIF images share the container and are not videos. */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4VH', 'M4VP', 'dash', 'mmp4', 'MSNV', 'NDAS', 'F4V ', '3gp4', '3gp5', '3gp6', '3g2a']);

/** Which of the accepted kinds the first bytes of a file are, or null when none. */
export function sniffHead(head: Buffer): Sniffed | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', mime: 'image/png', ext: 'png' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { kind: 'image', mime: 'image/gif', ext: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return { kind: 'image', mime: 'image/webp', ext: 'webp' };

  if (ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (brand === 'qt  ') return { kind: 'video', mime: 'video/quicktime', ext: 'mov' };
    if (MP4_BRANDS.has(brand)) return { kind: 'video', mime: 'video/mp4', ext: 'mp4' };
    return null;
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]) && ebmlDocType(head) === 'webm') return { kind: 'video', mime: 'video/webm', ext: 'webm' };

  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'document', mime: 'application/pdf', ext: 'pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'document', mime: 'application/zip', ext: 'zip', confirm: 'ooxml' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { kind: 'document', mime: 'application/x-cfb', ext: 'cfb', confirm: 'cfb' };
  }
  return null;
}

/** The DocType element (0x4282) of an EBML header: "webm" or "matroska". */
function ebmlDocType(head: Buffer): string | null {
  for (let i = 4; i + 3 < head.length; i++) {
    if (head[i] !== 0x42 || head[i + 1] !== 0x82) continue;
    const sizeByte = head[i + 2]!;
    // A one-byte EBML size has its top bit set; the doctype is a few ASCII letters.
    if (!(sizeByte & 0x80)) return null;
    const len = sizeByte & 0x7f;
    return ascii(head, i + 3, len) || null;
  }
  return null;
}

export type Confirmed = { mime: string; ext: string } | { refused: 'unsupported' | 'macros' | 'expands' };

const OOXML = [
  { part: 'word/document.xml', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
  { part: 'xl/workbook.xml', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  { part: 'ppt/presentation.xml', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx' },
];

/**
 * A zip is accepted only as an Office Open XML document: its central directory must list
 * `[Content_Types].xml` and the main part of a Word, Excel or PowerPoint file. Any other zip
 * (an archive, a renamed .apk or .jar) is refused, and so is a document carrying a macro project
 * and one that really unpacks to more than the cap (`formats/zip-guard.ts` inflates every entry
 * and counts; the sizes the zip declares are not believed).
 */
export async function confirmOoxml(file: string): Promise<Confirmed> {
  const measured = await measureZip(file);
  if ('refused' in measured) return { refused: measured.refused === 'expands' ? 'expands' : 'unsupported' };
  const { names } = measured;
  if (!names.has('[Content_Types].xml')) return { refused: 'unsupported' };
  const match = OOXML.find((o) => names.has(o.part));
  if (!match) return { refused: 'unsupported' };
  if ([...names].some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return { refused: 'macros' };
  return { mime: match.mime, ext: match.ext };
}

/** Legacy Office files by the stream their application writes at the root of the compound file. */
const CFB = [
  { stream: 'worddocument', mime: 'application/msword', ext: 'doc' },
  { stream: 'workbook', mime: 'application/vnd.ms-excel', ext: 'xls' },
  { stream: 'book', mime: 'application/vnd.ms-excel', ext: 'xls' },
  { stream: 'powerpoint document', mime: 'application/vnd.ms-powerpoint', ext: 'ppt' },
];
const CFB_MACROS = new Set(['macros', '_vba_project_cur', 'vba']);

/**
 * An OLE compound file is accepted only as a legacy Word, Excel or PowerPoint document, judged by
 * the names in its directory. The same container holds Windows installers (.msi), which are refused.
 */
export async function confirmCfb(file: string): Promise<Confirmed> {
  const names = await cfbEntryNames(file);
  if (!names) return { refused: 'unsupported' };
  const match = CFB.find((c) => names.has(c.stream));
  if (!match) return { refused: 'unsupported' };
  if ([...names].some((n) => CFB_MACROS.has(n))) return { refused: 'macros' };
  return { mime: match.mime, ext: match.ext };
}

const ENDOFCHAIN = 0xfffffffe;

/** Every directory entry name of a compound file (lower-cased), or null when it cannot be read. */
async function cfbEntryNames(file: string): Promise<Set<string> | null> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(512);
    if ((await fh.read(header, 0, 512, 0)).bytesRead < 512) return null;
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return null;
    const sectorSize = 1 << shift;
    const sectorCount = Math.ceil(size / sectorSize);
    const readSector = async (n: number) => {
      const b = Buffer.alloc(sectorSize);
      const { bytesRead } = await fh.read(b, 0, sectorSize, (n + 1) * sectorSize);
      return bytesRead === sectorSize ? b : null;
    };

    // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) fatSectors.push(header.readUInt32LE(0x4c + i * 4));
    let difat = header.readUInt32LE(0x44);
    for (let hops = 0; difat < ENDOFCHAIN && hops < sectorCount; hops++) {
      const s = await readSector(difat);
      if (!s) return null;
      for (let i = 0; i < sectorSize / 4 - 1; i++) fatSectors.push(s.readUInt32LE(i * 4));
      difat = s.readUInt32LE(sectorSize - 4);
    }
    const fat: number[] = [];
    for (const n of fatSectors) {
      if (n >= ENDOFCHAIN - 3) continue;
      const s = await readSector(n);
      if (!s) return null;
      for (let i = 0; i < sectorSize / 4; i++) fat.push(s.readUInt32LE(i * 4));
    }

    const names = new Set<string>();
    let dirSector = header.readUInt32LE(0x30);
    // A chain can be no longer than the file has sectors: a loop in a crafted file ends here.
    for (let hops = 0; dirSector < ENDOFCHAIN && hops < sectorCount; hops++) {
      const s = await readSector(dirSector);
      if (!s) return null;
      for (let off = 0; off < sectorSize; off += 128) {
        const nameLen = s.readUInt16LE(off + 0x40);
        const type = s[off + 0x42];
        if (type === 0 || nameLen < 2 || nameLen > 64) continue;
        names.add(s.toString('utf16le', off, off + nameLen - 2).toLowerCase());
      }
      dirSector = fat[dirSector] ?? ENDOFCHAIN;
    }
    return names.size ? names : null;
  } finally {
    await fh.close();
  }
}
