import zlib from 'node:zlib';
import archiver from 'archiver';
import sharp from 'sharp';

/** A zip built in memory from text entries: the raw material of OOXML files and of zips that only pretend to be. */
export async function zip(entries: Record<string, string>): Promise<Buffer> {
  const a = archiver('zip');
  const chunks: Buffer[] = [];
  a.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => { a.on('end', resolve); a.on('error', reject); });
  for (const [name, text] of Object.entries(entries)) a.append(text, { name });
  await a.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A JPEG of one colour: real image bytes for what must decode, resize or embed a photo. */
export const solidJpeg = (width: number, height: number, background = '#336699') =>
  sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();

export interface HandmadeEntry {
  name: string;
  /** The bytes, or that many zero bytes (deflated as a stream, never held whole). */
  data: Buffer | { zeros: number };
  /** The unpacked size the local and central headers declare; the truth when left out. */
  declaredSize?: number;
}

async function deflated(data: HandmadeEntry['data']): Promise<{ packed: Buffer; size: number; crc: number }> {
  if (Buffer.isBuffer(data)) return { packed: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) };
  const block = Buffer.alloc(4 * 1024 * 1024);
  let left = data.zeros;
  let crc = 0;
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve, reject) => { deflate.on('end', resolve); deflate.on('error', reject); });
  while (left > 0) {
    const piece = block.subarray(0, Math.min(block.length, left));
    left -= piece.length;
    crc = zlib.crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return { packed: Buffer.concat(out), size: data.zeros, crc };
}

/**
 * A zip written byte by byte, every entry deflated, whose headers declare whatever unpacked size the
 * test says: the raw material of a zip bomb that lies about its size, which archiver will not write.
 */
export async function handmadeZip(entries: HandmadeEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { packed, size, crc } = await deflated(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const declared = e.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(declared, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

const OOXML_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/**
 * A Word document that carries `zeros` bytes of zeros in a media part, its headers declaring them as
 * `declaredSize` bytes: with a small declared size, a zip bomb that lies; without, an honest big file.
 */
export const zerosDocx = (zeros: number, declaredSize?: number) => handmadeZip([
  { name: '[Content_Types].xml', data: Buffer.from(OOXML_TYPES) },
  { name: '_rels/.rels', data: Buffer.from('<Relationships/>') },
  { name: 'word/document.xml', data: Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>') },
  { name: 'word/media/zeros.bin', data: { zeros }, declaredSize },
]);
