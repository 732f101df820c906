import fs from 'node:fs/promises';

/*
 * Strips what a camera or phone writes about the person who filmed a video: the GPS position (©xyz,
 * loci, com.apple.quicktime.location.ISO6709, a vendor's own box), the device's make and model, the
 * software and the wall-clock times. Reports are anonymous and evidence copies go to people who need
 * the picture, not the place; a video's metadata could name the filmer as surely as a signature.
 *
 * An allow-list, not a deny-list: only the boxes a player needs to play the movie are kept (the movie
 * and track headers, the media and sample tables, the edit list, fragments, the media data). Every
 * other box, at every level walked, known or not (udta, meta, uuid, ©xyz, loci, a vendor's custom
 * box inside a track), becomes a `free` box of the same size filled with zeros, and the creation and
 * modification times in the movie, track and media headers become 0. There is no ffmpeg here to
 * remux the file, and blanking in place moves no byte, so the chunk offsets (stco/co64) that point
 * into mdat stay right and the video plays as before; the file keeps its size (a few kilobytes of
 * zeros) rather than be rebuilt.
 *
 * Tracks are kept only when they are pictures or sound: a track of another kind (timed metadata such
 * as a dashcam's GPS, a time-of-day timecode, subtitles) is blanked whole, and its samples in mdat
 * are zeroed, found through its own chunk tables. Kept as they are: a sample description (stsd: the
 * codec set-up a decoder needs), the data reference (dref) and the played samples themselves. A
 * fragmented file's samples of a dropped track (in moof/mdat pairs) are not located; its moov entry
 * is blanked, so a player no longer knows the track.
 */

/** Thrown when the file is not a well-formed box tree; the upload is refused rather than stored half-cleaned. */
export class Mp4StructureError extends Error {
  override name = 'Mp4StructureError';
}

/**
 * What a player needs, by parent ('' is the top level). A box listed as a parent here is walked; any
 * child not listed for its parent is blanked. `free`/`skip`/`wide` are padding: blanked too (a
 * padding box can hold anything), which changes nothing for a player.
 */
const KEEP: Record<string, readonly string[]> = {
  '': ['ftyp', 'moov', 'mdat', 'moof', 'mfra', 'styp', 'sidx'],
  moov: ['mvhd', 'trak', 'mvex', 'iods'],
  trak: ['tkhd', 'edts', 'mdia', 'tref', 'tapt'],
  edts: ['elst'],
  mdia: ['mdhd', 'hdlr', 'minf'],
  minf: ['vmhd', 'smhd', 'hmhd', 'nmhd', 'gmhd', 'dinf', 'stbl'],
  dinf: ['dref'],
  stbl: ['stsd', 'stts', 'ctts', 'cslg', 'stss', 'stps', 'sdtp', 'sbgp', 'sgpd', 'stsc', 'stsz', 'stz2', 'stco', 'co64', 'subs', 'saiz', 'saio'],
  mvex: ['mehd', 'trex', 'leva'],
  moof: ['mfhd', 'traf'],
  traf: ['tfhd', 'tfdt', 'trun', 'sbgp', 'sgpd', 'subs', 'saiz', 'saio', 'senc'],
  mfra: ['tfra', 'mfro'],
};
const KEPT = new Map(Object.entries(KEEP).map(([parent, children]) => [parent, new Set(children)]));
/** Full boxes that begin with a creation and a modification time. */
const TIMED = new Set(['mvhd', 'tkhd', 'mdhd']);

/*
 * A real movie has tens to hundreds of boxes on the walked path and nests five deep. The limits only
 * stop a crafted file from making the server walk millions of tiny boxes or recurse without end.
 */
const MAX_BOXES = 100_000;
const MAX_DEPTH = 16;
const ZEROS = Buffer.alloc(64 * 1024);

/** Tracks a player shows or plays; any other (timed metadata, GPS, timecode, text) is dropped whole. */
const PLAYED = new Set(['vide', 'soun']);

type Edit =
  | { kind: 'erase'; at: number; payload: number; end: number }
  | { kind: 'times'; at: number; length: number }
  | { kind: 'zero'; at: number; end: number };

/** Where a track's handler and sample tables are, as [payload start, end). */
interface TrackBoxes {
  hdlr?: [number, number];
  stsc?: [number, number];
  stsz?: [number, number];
  stz2?: [number, number];
  stco?: [number, number];
  co64?: [number, number];
}
const TRACK_TABLES = new Set(['stsc', 'stsz', 'stz2', 'stco', 'co64']);

/**
 * Keeps only what a player needs of an MP4/MOV file, in place. The whole tree is checked before the
 * first write, so a malformed file throws Mp4StructureError and is left as it was. `neutralised`
 * counts the boxes changed (blanked, or their times cleared).
 */
export async function stripMp4Metadata(file: string): Promise<{ neutralised: number }> {
  const fh = await fs.open(file, 'r+');
  try {
    const { size } = await fh.stat();
    const plan = new Planner(fh, size);
    await plan.walk(0, size, 0);
    if (!plan.sawMovie) throw new Mp4StructureError('no moov box: not an MP4/MOV movie');
    for (const edit of plan.edits) await apply(fh, edit);
    return { neutralised: plan.edits.length };
  } finally {
    await fh.close();
  }
}

class Planner {
  readonly edits: Edit[] = [];
  sawMovie = false;
  private boxes = 0;
  private track: TrackBoxes | null = null;

  constructor(private readonly fh: fs.FileHandle, private readonly size: number) {}

  /** Walks the boxes between `start` and `end` (a parent's payload, or the whole file at depth 0). */
  async walk(start: number, end: number, depth: number, parent = ''): Promise<void> {
    if (depth > MAX_DEPTH) throw new Mp4StructureError(`boxes nested deeper than ${MAX_DEPTH} levels at offset ${start}`);
    let pos = start;
    while (pos < end) {
      const left = end - pos;
      if (left < 8) {
        // QuickTime allows a container's list to end in a 32-bit zero; anything else is a cut-off box.
        if (depth > 0 && left === 4 && (await this.read(pos, 4)).readUInt32BE(0) === 0) return;
        throw new Mp4StructureError(`${left} stray bytes at offset ${pos}: too few for a box header`);
      }
      if (++this.boxes > MAX_BOXES) throw new Mp4StructureError(`more than ${MAX_BOXES} boxes`);

      const head = await this.read(pos, Math.min(left, 16));
      const size32 = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      const name = JSON.stringify(type);
      let header = 8;
      let size: number;
      if (size32 === 1) {
        if (left < 16) throw new Mp4StructureError(`box ${name} at offset ${pos} is cut off in its 64-bit size`);
        const large = head.readBigUInt64BE(8);
        if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw new Mp4StructureError(`box ${name} at offset ${pos} declares an impossible size`);
        size = Number(large);
        header = 16;
      } else {
        size = size32 === 0 ? left : size32;
      }
      if (size < header) throw new Mp4StructureError(`box ${name} at offset ${pos} declares size ${size}, smaller than its header`);
      if (size > left) {
        throw new Mp4StructureError(`box ${name} at offset ${pos} (size ${size}) extends beyond its parent, which ends at ${end}`);
      }
      // A uuid box names its type in 16 more bytes; they are erased with the payload, since they identify the vendor's tool.
      if (type === 'uuid' && size < header + 16) throw new Mp4StructureError(`uuid box at offset ${pos} is shorter than its extended type`);

      if (type === 'moov' && depth === 0) this.sawMovie = true;
      const erase: Edit = { kind: 'erase', at: pos, payload: pos + header, end: pos + size };
      if (!KEPT.get(parent)!.has(type)) this.edits.push(erase);
      else if (TIMED.has(type)) await this.times(type, pos + header, pos + size);
      else if (type === 'trak') await this.trak(erase, depth);
      else if (KEPT.has(type)) await this.walk(pos + header, pos + size, depth + 1, type);
      else if (this.track && ((type === 'hdlr' && parent === 'mdia') || TRACK_TABLES.has(type))) this.track[type as keyof TrackBoxes] = [pos + header, pos + size];
      pos += size;
    }
  }

  /**
   * A track is kept when it is a picture or a sound. Any other kind with a handler (a dashcam's GPS
   * track, Apple's timed location metadata, a timecode of the time of day, subtitles) is blanked
   * whole, and so are its samples in mdat, found through its chunk and size tables.
   */
  private async trak(erase: Extract<Edit, { kind: 'erase' }>, depth: number): Promise<void> {
    const track: TrackBoxes = {};
    this.track = track;
    try {
      await this.walk(erase.payload, erase.end, depth + 1, 'trak');
    } finally {
      this.track = null;
    }
    if (!track.hdlr) return;
    const [hdlrAt, hdlrEnd] = track.hdlr;
    if (hdlrEnd - hdlrAt < 12) throw new Mp4StructureError(`hdlr at offset ${hdlrAt} is too short for its handler type`);
    const handler = (await this.read(hdlrAt + 8, 4)).toString('latin1');
    if (PLAYED.has(handler)) return;
    this.edits.push(erase);
    for (const [at, end] of await this.samplesOf(track)) this.edits.push({ kind: 'zero', at, end });
  }

  /** The byte ranges of a track's samples: chunk by chunk, the sizes of the samples each chunk holds. */
  private async samplesOf(t: TrackBoxes): Promise<[number, number][]> {
    const offsets = t.stco ?? t.co64;
    // A fragmented file's samples are described in its fragments (moof), not here.
    if (!offsets && !t.stsc && !t.stsz && !t.stz2) return [];
    if (!offsets || !t.stsc || !t.stsz) throw new Mp4StructureError('a dropped track has sample tables that cannot be followed');
    const chunks = await this.table(offsets, t.co64 ? 8 : 4, 8);
    const chunkAt = (i: number) => (t.co64 ? Number(chunks.readBigUInt64BE(i * 8)) : chunks.readUInt32BE(i * 4));
    const runs = await this.table(t.stsc, 12, 8);
    const sizes = await this.read(t.stsz[0], t.stsz[1] - t.stsz[0]);
    if (sizes.length < 12) throw new Mp4StructureError('stsz too short');
    const uniform = sizes.readUInt32BE(4);
    const count = sizes.readUInt32BE(8);
    if (uniform === 0 && sizes.length < 12 + count * 4) throw new Mp4StructureError('stsz shorter than its sample count');
    const sizeOf = (n: number) => (uniform !== 0 ? uniform : sizes.readUInt32BE(12 + n * 4));

    const ranges: [number, number][] = [];
    const chunkCount = chunks.length / (t.co64 ? 8 : 4);
    let sample = 0;
    for (let r = 0; r < runs.length / 12; r++) {
      const first = runs.readUInt32BE(r * 12) - 1;
      const last = r + 1 < runs.length / 12 ? runs.readUInt32BE((r + 1) * 12) - 1 : chunkCount;
      const perChunk = runs.readUInt32BE(r * 12 + 4);
      for (let c = first; c < last && c < chunkCount; c++) {
        let at = chunkAt(c);
        for (let k = 0; k < perChunk && sample < count; k++, sample++) {
          const end = at + sizeOf(sample);
          if (end > this.size) throw new Mp4StructureError(`a sample of a dropped track runs past the end of the file at ${end}`);
          ranges.push([at, end]);
          at = end;
        }
      }
    }
    return ranges;
  }

  /** A full box's table: version and flags, an entry count, then the entries (after `skip` bytes of header). */
  private async table([at, end]: [number, number], entry: number, skip: number): Promise<Buffer> {
    if (end - at < skip) throw new Mp4StructureError(`table at offset ${at} is too short`);
    const count = (await this.read(at + skip - 4, 4)).readUInt32BE(0);
    if (count * entry > end - at - skip) throw new Mp4StructureError(`table at offset ${at} is shorter than its ${count} entries`);
    return this.read(at + skip, count * entry);
  }

  /** The two times after a full box's version and flags: 32-bit each in version 0, 64-bit in version 1. */
  private async times(type: string, payload: number, end: number): Promise<void> {
    if (end - payload < 4) throw new Mp4StructureError(`${type} at offset ${payload} is too short for its version`);
    const version = (await this.read(payload, 1))[0];
    if (version !== 0 && version !== 1) throw new Mp4StructureError(`${type} at offset ${payload} has unknown version ${version}`);
    const length = version === 1 ? 16 : 8;
    if (end - payload < 4 + length) throw new Mp4StructureError(`${type} at offset ${payload} is too short for its times`);
    this.edits.push({ kind: 'times', at: payload + 4, length });
  }

  private async read(at: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.fh.read(buf, 0, length, at);
    if (bytesRead !== length) throw new Mp4StructureError(`file ends at offset ${at + bytesRead}, inside a box`);
    return buf;
  }
}

async function apply(fh: fs.FileHandle, edit: Edit): Promise<void> {
  if (edit.kind === 'times') return writeAll(fh, ZEROS.subarray(0, edit.length), edit.at);
  if (edit.kind === 'erase') await writeAll(fh, Buffer.from('free', 'latin1'), edit.at + 4);
  for (let at = edit.kind === 'erase' ? edit.payload : edit.at; at < edit.end; at += ZEROS.length) {
    await writeAll(fh, ZEROS.subarray(0, Math.min(ZEROS.length, edit.end - at)), at);
  }
}

/** write(2) may write less than asked; a half-zeroed box would leave part of a location behind. */
async function writeAll(fh: fs.FileHandle, data: Buffer, at: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, at + done);
    if (bytesWritten === 0) throw new Error(`could not write at offset ${at + done}`);
    done += bytesWritten;
  }
}
