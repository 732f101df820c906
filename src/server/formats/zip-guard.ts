import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/*
 * How much an Office Open XML file (docx, xlsx, pptx: a zip) really unpacks to. The sizes a zip
 * declares in its headers are whatever its maker wrote: a zip bomb declares a few kilobytes and
 * inflates to gigabytes in whoever opens it (ExcelJS holds every part in memory). So every entry
 * the central directory lists is inflated here as a stream from its local header, its output
 * counted and thrown away, and the count stops the moment one entry or the total passes the cap.
 * Memory stays at the inflater's window; time is bounded by the cap, not by the file.
 *
 * The entries are the ones a central-directory reader (JSZip, which ExcelJS uses) opens; each is
 * inflated from its data until the deflate stream ends or the next entry begins, whichever is first,
 * so an entry that lies about its compressed size is still read as far as a reader would.
 * Entries that share their data (the "overlapping" bomb) and ZIP64 records (no Office file within
 * our size limits needs one) are refused as unreadable rather than measured.
 */

const MB = 1024 * 1024;

export interface ZipCaps {
  /** All entries together, unpacked. */
  totalBytes: number;
  /** One entry, unpacked. */
  entryBytes: number;
  /** Entries a document may have; Office files have tens to a few thousand. */
  entries: number;
}

/** A document may unpack to this much at most. Office files with photos compress little. */
export const ZIP_CAPS: ZipCaps = { totalBytes: 256 * MB, entryBytes: 256 * MB, entries: 20_000 };

export type ZipMeasure = { unpacked: number; names: Set<string> } | { refused: 'expands' | 'unreadable' };

interface Entry {
  name: string;
  method: number;
  compressed: number;
  offset: number;
}

/** Random access to the zip's bytes, on disk or in memory. */
interface Source {
  size: number;
  read(at: number, length: number): Promise<Buffer>;
  stream(start: number, end: number): Readable;
  close(): Promise<void>;
}

async function sourceOf(input: string | Buffer): Promise<Source> {
  if (Buffer.isBuffer(input)) {
    return {
      size: input.length,
      read: async (at, length) => input.subarray(at, Math.min(input.length, at + length)),
      stream: (start, end) => Readable.from([input.subarray(start, end)]),
      close: async () => {},
    };
  }
  const fh = await fs.open(input, 'r');
  const { size } = await fh.stat();
  return {
    size,
    read: async (at, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - at)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      return buf.subarray(0, bytesRead);
    },
    // An empty range is a stream of nothing; createReadStream's `end` is inclusive.
    stream: (start, end) => (end > start ? createReadStream(input, { start, end: end - 1 }) : Readable.from([])),
    close: () => fh.close(),
  };
}

class Refusal extends Error {
  constructor(readonly reason: 'expands' | 'unreadable') {
    super(reason);
  }
}

/** The central directory's entries, or a refusal when it is not a zip a reader would accept as is. */
async function centralDirectory(src: Source, caps: ZipCaps): Promise<{ entries: Entry[]; dirOffset: number }> {
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65,535.
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tail = await src.read(src.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Refusal('unreadable');
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new Refusal('unreadable');
  if (count > caps.entries) throw new Refusal('expands');
  if (dirOffset + dirSize > src.size || dirSize > 16 * MB) throw new Refusal('unreadable');
  const dir = await src.read(dirOffset, dirSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new Refusal('unreadable');
    const method = dir.readUInt16LE(p + 10);
    const compressed = dir.readUInt32LE(p + 20);
    const offset = dir.readUInt32LE(p + 42);
    const nameLen = dir.readUInt16LE(p + 28);
    const extraLen = dir.readUInt16LE(p + 30);
    const commentLen = dir.readUInt16LE(p + 32);
    if (p + 46 + nameLen > dir.length) throw new Refusal('unreadable');
    if (compressed === 0xffffffff || offset === 0xffffffff) throw new Refusal('unreadable');
    entries.push({ name: dir.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, dirOffset };
}

/** Counts the bytes passing through and fails as soon as they pass a cap. */
class Counter extends Writable {
  bytes = 0;
  constructor(private readonly cap: number, private readonly total: { bytes: number; cap: number }) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error) => void) {
    this.bytes += chunk.length;
    this.total.bytes += chunk.length;
    if (this.bytes > this.cap || this.total.bytes > this.total.cap) return done(new Refusal('expands'));
    done();
  }
}

/**
 * Inflates every entry of a zip (a path or the bytes) and counts what comes out, refusing it as
 * `expands` once an entry or the total passes the caps, or as `unreadable` when it is no zip a
 * reader would open. Nothing unpacked is kept.
 */
export async function measureZip(input: string | Buffer, caps: ZipCaps = ZIP_CAPS): Promise<ZipMeasure> {
  const src = await sourceOf(input);
  try {
    const { entries, dirOffset } = await centralDirectory(src, caps);
    const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
    const total = { bytes: 0, cap: caps.totalBytes };
    for (let i = 0; i < byOffset.length; i++) {
      const e = byOffset[i]!;
      const next = i + 1 < byOffset.length ? byOffset[i + 1]!.offset : dirOffset;
      if (next <= e.offset) throw new Refusal('unreadable'); // two entries on the same bytes
      const local = await src.read(e.offset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new Refusal('unreadable');
      const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (start > next) throw new Refusal('unreadable');
      if (e.method === 0) {
        // Stored: a reader copies the declared length, which must lie within the entry's bytes.
        if (start + e.compressed > next) throw new Refusal('unreadable');
        total.bytes += e.compressed;
        if (e.compressed > caps.entryBytes || total.bytes > total.cap) throw new Refusal('expands');
      } else if (e.method === 8) {
        await inflateCounting(src.stream(start, next), new Counter(caps.entryBytes, total));
      } else {
        throw new Refusal('unreadable');
      }
    }
    return { unpacked: total.bytes, names: new Set(entries.map((e) => e.name)) };
  } catch (e) {
    if (e instanceof Refusal) return { refused: e.reason };
    throw e;
  } finally {
    await src.close();
  }
}

async function inflateCounting(compressed: Readable, counter: Counter): Promise<void> {
  try {
    // The inflater stops at the end of the deflate stream and ignores what follows (the next entry).
    await pipeline(compressed, zlib.createInflateRaw(), counter);
  } catch (e) {
    if (e instanceof Refusal) throw e;
    throw new Refusal('unreadable'); // corrupt or cut-off deflate data
  }
}
