import fs from 'node:fs/promises';

/*
 * Strips what a phone writes about the person who filmed a video before the video is stored: the GPS
 * position (©xyz, com.apple.quicktime.location.ISO6709), the device's make and model, the software and
 * the wall-clock times. Reports are anonymous, and a video's metadata could name the reporter as surely
 * as a signature. There is no ffmpeg here to remux the file, so the metadata is neutralised in place:
 * metadata boxes become `free` boxes of the same size filled with zeros, and the times in the movie,
 * track and media headers become 0. No byte moves, so the chunk offsets (stco/co64) that point into
 * mdat stay right and the video plays as before.
 *
 * Samples of a timed-metadata track live in mdat among the audio and video and are not touched here.
 */

/** Thrown when the file is not a well-formed box tree; the upload is refused rather than stored half-cleaned. */
export class Mp4StructureError extends Error {
  override name = 'Mp4StructureError';
}

/** Boxes whose children are walked: the path from the movie down to the sample tables. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts']);
/** Boxes that hold nothing a player needs and everything a phone records: user data, metadata, vendor extensions. */
const ERASE = new Set(['udta', 'meta', 'uuid']);
/** Full boxes that begin with a creation and a modification time. */
const TIMED = new Set(['mvhd', 'tkhd', 'mdhd']);

/*
 * A real movie has tens to hundreds of boxes on the walked path and nests five deep. The limits only
 * stop a crafted file from making the server walk millions of tiny boxes or recurse without end.
 */
const MAX_BOXES = 100_000;
const MAX_DEPTH = 16;
const ZEROS = Buffer.alloc(64 * 1024);

type Edit = { kind: 'erase'; at: number; payload: number; end: number } | { kind: 'times'; at: number; length: number };

/**
 * Neutralises the metadata of an MP4/MOV file in place. The whole tree is checked before the first
 * write, so a malformed file throws Mp4StructureError and is left as it was. `neutralised` counts the
 * boxes changed.
 */
export async function stripMp4Metadata(file: string): Promise<{ neutralised: number }> {
  const fh = await fs.open(file, 'r+');
  try {
    const { size } = await fh.stat();
    const plan = new Planner(fh);
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

  constructor(private readonly fh: fs.FileHandle) {}

  /** Walks the boxes between `start` and `end` (a parent's payload, or the whole file at depth 0). */
  async walk(start: number, end: number, depth: number): Promise<void> {
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

      if (type === 'moov') this.sawMovie = true;
      if (ERASE.has(type)) this.edits.push({ kind: 'erase', at: pos, payload: pos + header, end: pos + size });
      else if (TIMED.has(type)) await this.times(type, pos + header, pos + size);
      else if (CONTAINERS.has(type)) await this.walk(pos + header, pos + size, depth + 1);
      pos += size;
    }
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
  await writeAll(fh, Buffer.from('free', 'latin1'), edit.at + 4);
  for (let at = edit.payload; at < edit.end; at += ZEROS.length) {
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
