import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Mp4StructureError, stripMp4Metadata } from './mp4-strip';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp4-strip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
const write = (data: Buffer) => {
  const file = path.join(dir, `v${n++}.mp4`);
  fs.writeFileSync(file, data);
  return file;
};

/* A synthetic movie, box by box, recording where each box landed so the test can look at it afterwards. */

const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};
const u64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  return b;
};

interface Node {
  type: string;
  body: Buffer | Node[];
  /** Write the size as 1 followed by a 64-bit largesize. */
  large?: boolean;
}
const box = (type: string, ...body: Node[]): Node => ({ type, body });
const leaf = (type: string, ...parts: Buffer[]): Node => ({ type, body: Buffer.concat(parts) });

/** Lays out the tree and returns the bytes plus each box's [start, end) by a path like "moov/trak/tkhd". */
function build(nodes: Node[]): { bytes: Buffer; at: Map<string, [number, number]> } {
  const at = new Map<string, [number, number]>();
  const out: Buffer[] = [];
  let offset = 0;
  const emit = (node: Node, parent: string) => {
    const name = parent ? `${parent}/${node.type}` : node.type;
    const key = at.has(name) ? `${name}#2` : name;
    const start = offset;
    const header = node.large ? 16 : 8;
    const headBuf = Buffer.alloc(header);
    out.push(headBuf);
    offset += header;
    if (Buffer.isBuffer(node.body)) {
      out.push(node.body);
      offset += node.body.length;
    } else {
      for (const child of node.body) emit(child, name);
    }
    const size = offset - start;
    if (node.large) {
      headBuf.writeUInt32BE(1, 0);
      headBuf.writeBigUInt64BE(BigInt(size), 8);
    } else {
      headBuf.writeUInt32BE(size, 0);
    }
    headBuf.write(node.type, 4, 'latin1');
    at.set(key, [start, offset]);
  };
  for (const node of nodes) emit(node, '');
  return { bytes: Buffer.concat(out), at };
}

const CREATED_V0 = 0xe0a1b2c3; // seconds since 1904, some day in 2023
const CREATED_V1 = 0x00000001_e0a1b2c3n;
const GPS = '+25.04+102.71/';

const ftyp = () => leaf('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2mp41'));
const mvhd = () => leaf('mvhd', u32(0), u32(CREATED_V0), u32(CREATED_V0 + 5), u32(1000), u32(4000), Buffer.alloc(80, 0x11));
const tkhd = () => leaf('tkhd', u32(0x01000003), u64(CREATED_V1), u64(CREATED_V1 + 5n), u32(1), u32(0), u64(4000n), Buffer.alloc(60, 0x22));
const mdhd = () => leaf('mdhd', u32(0), u32(CREATED_V0), u32(CREATED_V0 + 7), u32(90000), u32(360000), u32(0x55c40000));
const stco = (offset: number) => leaf('stco', u32(0), u32(1), u32(offset));
const xyz = () => leaf('©xyz', u32(Buffer.byteLength(GPS)), Buffer.from(GPS));
const appleMeta = () =>
  leaf('meta', u32(0), Buffer.from('....hdlr mdta keys com.apple.quicktime.make Apple com.apple.quicktime.location.ISO6709 ' + GPS));

function movie(chunkOffset: number, opts: { largeMoov?: boolean } = {}): Node {
  const moov = box(
    'moov',
    mvhd(),
    box('trak', tkhd(), box('mdia', mdhd(), box('minf', box('stbl', stco(chunkOffset)))), box('udta', xyz())),
    box('udta', appleMeta()),
  );
  return opts.largeMoov ? { ...moov, large: true } : moov;
}

const MDAT_BYTES = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) & 0xff));
const mdat = () => leaf('mdat', MDAT_BYTES);

/** Bytes that must survive: everything outside the boxes that were erased or whose times were cleared. */
function untouched(before: Buffer, after: Buffer, changed: [number, number][]) {
  const keep = (i: number) => !changed.some(([a, b]) => i >= a && i < b);
  for (let i = 0; i < before.length; i++) if (keep(i) && before[i] !== after[i]) return i;
  return -1;
}

const typeAt = (bytes: Buffer, at: number) => bytes.toString('latin1', at + 4, at + 8);
const allZero = (bytes: Buffer, from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);

describe('stripMp4Metadata', () => {
  it('erases user data and metadata and clears the times, moving no byte', async () => {
    // Lay out once to learn where mdat's payload lands, then point stco at it.
    const probe = build([ftyp(), movie(0), mdat()]);
    const chunk = probe.at.get('mdat')![0] + 8;
    const { bytes, at } = build([ftyp(), movie(chunk), mdat()]);
    expect(bytes.includes(GPS)).toBe(true);
    const file = write(bytes);

    const { neutralised } = await stripMp4Metadata(file);
    const after = fs.readFileSync(file);

    expect(after.length).toBe(bytes.length);
    expect(neutralised).toBe(5); // two udta, mvhd, tkhd, mdhd
    expect(after.includes(GPS)).toBe(false);
    expect(after.includes('com.apple.quicktime')).toBe(false);

    for (const name of ['moov/trak/udta', 'moov/udta']) {
      const [start, end] = at.get(name)!;
      expect(typeAt(after, start)).toBe('free');
      expect(after.readUInt32BE(start)).toBe(end - start);
      expect(allZero(after, start + 8, end)).toBe(true);
    }
    const [mvhdAt] = at.get('moov/mvhd')!;
    expect([after.readUInt32BE(mvhdAt + 12), after.readUInt32BE(mvhdAt + 16)]).toEqual([0, 0]);
    expect(after.readUInt32BE(mvhdAt + 20)).toBe(1000); // the timescale after them is kept
    const [tkhdAt] = at.get('moov/trak/tkhd')!;
    expect([after.readBigUInt64BE(tkhdAt + 12), after.readBigUInt64BE(tkhdAt + 20)]).toEqual([0n, 0n]);
    expect(after.readUInt32BE(tkhdAt + 28)).toBe(1); // track id
    const [mdhdAt] = at.get('moov/trak/mdia/mdhd')!;
    expect([after.readUInt32BE(mdhdAt + 12), after.readUInt32BE(mdhdAt + 16)]).toEqual([0, 0]);

    const timeFields: [number, number][] = [
      [mvhdAt + 12, mvhdAt + 20],
      [tkhdAt + 12, tkhdAt + 28],
      [mdhdAt + 12, mdhdAt + 20],
    ];
    expect(untouched(bytes, after, [at.get('moov/trak/udta')!, at.get('moov/udta')!, ...timeFields])).toBe(-1);
    const [stcoAt] = at.get('moov/trak/mdia/minf/stbl/stco')!;
    expect(after.readUInt32BE(stcoAt + 16)).toBe(chunk);
    expect(after.subarray(chunk, chunk + MDAT_BYTES.length).equals(MDAT_BYTES)).toBe(true);
  });

  it('finds the movie after the media data', async () => {
    const { bytes, at } = build([ftyp(), mdat(), movie(40)]);
    const file = write(bytes);
    await stripMp4Metadata(file);
    const after = fs.readFileSync(file);
    expect(after.includes(GPS)).toBe(false);
    expect(typeAt(after, at.get('moov/udta')![0])).toBe('free');
    expect(after.subarray(0, at.get('mdat')![1]).equals(bytes.subarray(0, at.get('mdat')![1]))).toBe(true);
  });

  it('walks boxes with a 64-bit largesize', async () => {
    const { bytes, at } = build([ftyp(), { ...mdat(), large: true }, movie(48, { largeMoov: true })]);
    expect(bytes.readUInt32BE(at.get('moov')![0])).toBe(1);
    const file = write(bytes);
    await stripMp4Metadata(file);
    const after = fs.readFileSync(file);
    expect(after.includes(GPS)).toBe(false);
    const [mvhdAt] = at.get('moov/mvhd')!;
    expect(after.readUInt32BE(mvhdAt + 12)).toBe(0);
    expect(after.subarray(at.get('mdat')![0], at.get('mdat')![1]).equals(bytes.subarray(at.get('mdat')![0], at.get('mdat')![1]))).toBe(true);
  });

  it('takes a last box of size 0 to run to the end of the file', async () => {
    const { bytes, at } = build([ftyp(), movie(0), mdat()]);
    bytes.writeUInt32BE(0, at.get('mdat')![0]);
    const file = write(bytes);
    expect((await stripMp4Metadata(file)).neutralised).toBe(5);
  });

  it('erases top-level uuid (XMP) and meta boxes, extended type included', async () => {
    const xmpType = Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex');
    const xmp = leaf('uuid', xmpType, Buffer.from(`<x:xmpmeta><exif:GPSLatitude>${GPS}</exif:GPSLatitude></x:xmpmeta>`));
    const { bytes, at } = build([ftyp(), xmp, leaf('meta', u32(0), Buffer.from('Pixel 7 Pro')), movie(0), mdat()]);
    const file = write(bytes);
    await stripMp4Metadata(file);
    const after = fs.readFileSync(file);
    const [uuidAt, uuidEnd] = at.get('uuid')!;
    expect(typeAt(after, uuidAt)).toBe('free');
    expect(allZero(after, uuidAt + 8, uuidEnd)).toBe(true);
    expect(after.includes('Pixel 7')).toBe(false);
    expect(after.includes(GPS)).toBe(false);
  });

  /** The box types left in a file, by path, walking every container the way a player would. */
  function boxTypes(bytes: Buffer, from = 0, to = bytes.length, parent = ''): string[] {
    const out: string[] = [];
    for (let at = from; at < to;) {
      const size = bytes.readUInt32BE(at) === 1 ? Number(bytes.readBigUInt64BE(at + 8)) : bytes.readUInt32BE(at);
      const header = bytes.readUInt32BE(at) === 1 ? 16 : 8;
      const type = typeAt(bytes, at);
      const name = parent ? `${parent}/${type}` : type;
      out.push(name);
      if (['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'udta'].includes(type)) out.push(...boxTypes(bytes, at + header, at + size, name));
      at += size;
    }
    return out;
  }

  it('keeps only what a player needs: GPS in boxes nobody listed is gone at every level, and the movie still parses', async () => {
    const gpsBox = (type: string) => leaf(type, Buffer.from(`lat=25.04 lon=102.71 ${GPS}`));
    const xmpType = Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex');
    const nodes = (chunk: number) => [
      ftyp(),
      gpsBox('xtra'),
      box(
        'moov',
        mvhd(),
        xyz(), // ©xyz straight under moov, not inside udta
        box(
          'trak',
          tkhd(),
          gpsBox('gps0'), // a vendor's own box inside the track
          leaf('loci', u32(0), Buffer.from(`\u0000\u0000Kunming${GPS}`)),
          leaf('uuid', xmpType, Buffer.from(`<x:xmpmeta><exif:GPSLatitude>${GPS}</exif:GPSLatitude></x:xmpmeta>`)),
          box('edts', leaf('elst', u32(0), u32(0))),
          box('mdia', mdhd(), box('minf', gpsBox('cust'), box('stbl', stco(chunk), gpsBox('gpsd')))),
        ),
        leaf('meta', u32(0), Buffer.from(`com.apple.quicktime.location.ISO6709 ${GPS}`)),
      ),
      mdat(),
    ];
    const chunk = build(nodes(0)).at.get('mdat')![0] + 8;
    const { bytes, at } = build(nodes(chunk));
    expect(bytes.includes(GPS)).toBe(true);
    const file = write(bytes);
    await stripMp4Metadata(file);
    const after = fs.readFileSync(file);

    expect(after.length).toBe(bytes.length);
    expect(after.includes(GPS)).toBe(false);
    expect(after.includes('25.04')).toBe(false);
    expect(after.includes('Kunming')).toBe(false);
    // What is left is the player's path and padding.
    expect(boxTypes(after).filter((t) => !t.endsWith('/free') && t !== 'free')).toEqual([
      'ftyp', 'moov', 'moov/mvhd', 'moov/trak', 'moov/trak/tkhd', 'moov/trak/edts', 'moov/trak/edts/elst', 'moov/trak/mdia', 'moov/trak/mdia/mdhd',
      'moov/trak/mdia/minf', 'moov/trak/mdia/minf/stbl', 'moov/trak/mdia/minf/stbl/stco', 'mdat',
    ]);
    const [stcoAt] = at.get('moov/trak/mdia/minf/stbl/stco')!;
    expect(after.readUInt32BE(stcoAt + 16)).toBe(chunk);
    expect(after.subarray(chunk, chunk + MDAT_BYTES.length).equals(MDAT_BYTES)).toBe(true);
    // Still a well-formed movie: it walks again without complaint.
    await expect(stripMp4Metadata(file)).resolves.toBeDefined();
  });

  it('drops a GPS track (timed metadata) and zeroes its samples in mdat, keeping the video track and its samples', async () => {
    const hdlr = (handler: string) => leaf('hdlr', u32(0), u32(0), Buffer.from(handler, 'latin1'), Buffer.alloc(12), Buffer.from('Handler\0'));
    const fixes = [Buffer.from(`$GPRMC,1,${GPS}`), Buffer.from(`$GPRMC,2,${GPS}`)];
    const tables = (chunk: number, sizes: number[]) => box('stbl',
      leaf('stsc', u32(0), u32(1), u32(1), u32(sizes.length), u32(1)),
      leaf('stsz', u32(0), u32(0), u32(sizes.length), ...sizes.map(u32)),
      stco(chunk));
    const track = (handler: string, chunk: number, sizes: number[]) => box('trak', tkhd(), box('mdia', mdhd(), hdlr(handler), box('minf', tables(chunk, sizes))));
    const nodes = (videoAt: number, gpsAt: number) => [
      ftyp(),
      box('moov', mvhd(), track('vide', videoAt, [1000, MDAT_BYTES.length - 1000]), track('meta', gpsAt, fixes.map((f) => f.length))),
      leaf('mdat', MDAT_BYTES, ...fixes),
    ];
    const probe = build(nodes(0, 0)).at.get('mdat')![0] + 8;
    const { bytes, at } = build(nodes(probe, probe + MDAT_BYTES.length));
    const file = write(bytes);
    await stripMp4Metadata(file);
    const after = fs.readFileSync(file);

    expect(after.includes('GPRMC')).toBe(false);
    expect(after.includes(GPS)).toBe(false);
    expect(typeAt(after, at.get('moov/trak#2')![0])).toBe('free');
    expect(typeAt(after, at.get('moov/trak')![0])).toBe('trak');
    expect(after.subarray(probe, probe + MDAT_BYTES.length).equals(MDAT_BYTES)).toBe(true);
    const fixesAt = probe + MDAT_BYTES.length;
    expect(allZero(after, fixesAt, fixesAt + fixes[0]!.length + fixes[1]!.length)).toBe(true);
  });

  it('keeps a fragmented movie\'s fragments and a track\'s codec set-up, and blanks what a vendor put among them', async () => {
    const stsd = leaf('stsd', u32(0), u32(1), u32(24), Buffer.from('avc1'), Buffer.alloc(16, 0x33));
    const { bytes, at } = build([
      ftyp(),
      box('moov', mvhd(), box('trak', tkhd(), box('mdia', mdhd(), box('minf', box('stbl', stsd)))), box('mvex', leaf('trex', u32(0), u32(1), Buffer.alloc(12)))),
      box('moof', leaf('mfhd', u32(0), u32(1)), box('traf', leaf('tfhd', u32(0), u32(1)), leaf('trun', u32(0), u32(0)), leaf('gpsx', Buffer.from(GPS)))),
      mdat(),
    ]);
    const file = write(bytes);
    await stripMp4Metadata(file);
    const after = fs.readFileSync(file);
    expect(after.includes(GPS)).toBe(false);
    for (const kept of ['moov/trak/mdia/minf/stbl/stsd', 'moov/mvex/trex', 'moof/mfhd', 'moof/traf/tfhd', 'moof/traf/trun', 'mdat']) {
      const [a, b] = at.get(kept)!;
      expect(after.subarray(a, b).equals(bytes.subarray(a, b)), kept).toBe(true);
    }
    expect(typeAt(after, at.get('moof/traf/gpsx')![0])).toBe('free');
  });

  describe('refuses a malformed file and leaves it as it was', () => {
    const good = () => build([ftyp(), movie(0), mdat()]);

    const refuses = async (bytes: Buffer, message: RegExp) => {
      const file = write(bytes);
      await expect(stripMp4Metadata(file)).rejects.toThrow(message);
      await expect(stripMp4Metadata(file)).rejects.toBeInstanceOf(Mp4StructureError);
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    };

    it('a truncated upload', async () => {
      const { bytes, at } = good();
      await refuses(bytes.subarray(0, at.get('moov')![0] + 100), /extends beyond its parent/);
    });

    it('a box smaller than its header', async () => {
      const { bytes, at } = good();
      bytes.writeUInt32BE(4, at.get('moov/trak')![0]);
      await refuses(bytes, /smaller than its header/);
    });

    it('a child that runs past its parent', async () => {
      const { bytes, at } = good();
      const [trakAt, trakEnd] = at.get('moov/trak')!;
      bytes.writeUInt32BE(trakEnd - trakAt + 8, trakAt);
      await refuses(bytes, /extends beyond its parent/);
    });

    it('a largesize past the end of the file', async () => {
      const { bytes, at } = build([ftyp(), { ...mdat(), large: true }, movie(0)]);
      bytes.writeBigUInt64BE(1n << 40n, at.get('mdat')![0] + 8);
      await refuses(bytes, /"mdat".*extends beyond/);
    });

    it('stray bytes after the last box', async () => {
      const { bytes } = good();
      await refuses(Buffer.concat([bytes, Buffer.from([0, 0, 0])]), /3 stray bytes/);
    });

    it('a file with no movie in it', async () => {
      await refuses(build([ftyp(), mdat()]).bytes, /no moov/);
    });

    it('a header box too short for its times', async () => {
      const { bytes } = build([ftyp(), box('moov', leaf('mvhd', u32(0x01000000), u32(1))), mdat()]);
      await refuses(bytes, /too short for its times/);
    });
  });
});
