import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import type { MediaConfig, MediaKind } from '../../config';
import { AppError, fail } from '../../http/errors';
import { DIR_MODE, FILE_MODE, ownerOnlyFile } from '../../file-modes';
import { confirmCfb, confirmOoxml, MAX_UNPACKED_BYTES, sniffHead, SNIFF_BYTES, type Sniffed } from '../../formats/media-sniff';

/*
 * The media library on disk. Originals go to media/originals/, derivatives to media/derived/,
 * each under a random key: nothing the sender wrote (a name, a path, an extension) reaches the
 * file system. A file is first written as `.tmp-<random>` in the folder it will live in, so that
 * moving it into place is a rename within one file system: it appears whole or not at all.
 */

const MB = 1024 * 1024;
const TEMP_PREFIX = '.tmp-';
/** A temp file this old was left by a process that died mid-upload. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

export const THUMB_PX = 320;
export const DISPLAY_PX = 1600;
/** Decoding is where an image costs memory: a 20 MB file may declare a billion pixels. */
const MAX_INPUT_PIXELS = 120_000_000;

const KIND_LABELS: Record<MediaKind, { zh: string; en: string }> = {
  image: { zh: '图片', en: 'an image' },
  video: { zh: '视频', en: 'a video' },
  document: { zh: '文档', en: 'a document' },
};

/** A file received and checked, still under its temp name. */
export interface ReceivedFile {
  temp: string;
  size: number;
  sha256: string;
  kind: MediaKind;
  mime: string;
  ext: string;
}

/**
 * The kinds a door takes, when not all: any other is refused by its first bytes, before it is
 * written or (for an Office file) unpacked to be measured.
 */
export interface KindsAccepted {
  kinds: ReadonlySet<MediaKind>;
  refuse: () => AppError;
}

/** Derivatives made and the original's oriented size, still under temp names. */
export interface ImageDerivatives {
  thumbTemp: string;
  displayTemp: string;
  width: number;
  height: number;
}

/** Where the files of one item live, relative to originals/ and derived/. */
export interface StoredKeys {
  storageKey: string;
  thumbKey: string | null;
  displayKey: string | null;
}

const randomKey = () => crypto.randomBytes(16).toString('hex');

async function unlinkQuietly(file: string | null | undefined) {
  if (!file) return;
  await fsp.rm(file, { force: true });
}

/**
 * Counts, hashes and checks the bytes on their way to disk. The first bytes decide the kind
 * (and with it the size limit); nothing is written before they have been judged, and the
 * stream fails the moment the kind's limit is passed, so a refused upload never gets further
 * than its limit on disk.
 */
class UploadGuard extends Transform {
  size = 0;
  sniffed: Sniffed | null = null;
  private readonly hash = crypto.createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private limit = Infinity;

  constructor(private readonly maxBytes: Record<MediaKind, number>, private readonly only?: KindsAccepted) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (!this.sniffed) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return done();
      return this.decide(done);
    }
    if (this.size > this.limit) return done(this.tooLarge());
    done(null, chunk);
  }

  override _flush(done: TransformCallback) {
    if (!this.sniffed) return this.decide(done);
    done();
  }

  digest() {
    return this.hash.digest('hex');
  }

  private decide(done: TransformCallback) {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (!head.length) return done(fail(400, 'media.empty', {}, 'file'));
    this.sniffed = sniffHead(head);
    if (!this.sniffed) return done(fail(415, 'media.unsupported', {}, 'file'));
    if (this.only && !this.only.kinds.has(this.sniffed.kind)) return done(this.only.refuse());
    this.limit = this.maxBytes[this.sniffed.kind];
    if (this.size > this.limit) return done(this.tooLarge());
    done(null, head);
  }

  private tooLarge(): AppError {
    return tooLargeError(this.sniffed!.kind, this.maxBytes);
  }
}

export function tooLargeError(kind: MediaKind, maxBytes: Record<MediaKind, number>): AppError {
  const label = KIND_LABELS[kind];
  return fail(413, 'media.too_large', { kind: label.zh, kindEn: label.en, max: Math.floor(maxBytes[kind] / MB) }, 'file');
}

/*
 * libvips keeps the files it opened in its operation cache: a deleted original would stay open,
 * its disk space not freed, until evicted. Each image here is read twice and then never again.
 */
sharp.cache(false);

export function mediaFiles(config: MediaConfig) {
  const originals = path.join(config.dir, 'originals');
  const derived = path.join(config.dir, 'derived');
  const kinds = Object.keys(config.maxBytes) as MediaKind[];
  const largestKind = kinds.reduce((a, b) => (config.maxBytes[b] > config.maxBytes[a] ? b : a));

  let ready: Promise<void> | undefined;
  const ensureDirs = () => (ready ??= (async () => {
    await fsp.mkdir(originals, { recursive: true, mode: DIR_MODE });
    await fsp.mkdir(derived, { recursive: true, mode: DIR_MODE });
  })());

  const tempIn = (dir: string, ext = '') => path.join(dir, `${TEMP_PREFIX}${randomKey()}${ext}`);

  return {
    /** The largest file any kind may be: the multipart parser's own cap. */
    largest: config.maxBytes[largestKind],
    tooLarge: () => tooLargeError(largestKind, config.maxBytes),

    originalPath: (storageKey: string) => path.join(originals, path.basename(storageKey)),
    derivedPath: (key: string) => path.join(derived, path.basename(key)),

    /**
     * Streams an upload to a temp file, judging its type by content and enforcing the kind's size
     * limit as it goes. A zip or compound file is confirmed as an Office document once it is whole.
     * On any refusal or failure the temp file is gone before this throws.
     */
    async receive(source: Readable, only?: KindsAccepted): Promise<ReceivedFile> {
      await ensureDirs();
      const temp = tempIn(originals);
      const guard = new UploadGuard(config.maxBytes, only);
      // 'wx': a temp name that somehow exists is an error, never an overwrite.
      const out = fs.createWriteStream(temp, { flags: 'wx', mode: FILE_MODE });
      try {
        await pipeline(source, guard, out);
        const sniffed = guard.sniffed!;
        let { mime, ext } = sniffed;
        if (sniffed.confirm) {
          const confirmed = sniffed.confirm === 'ooxml' ? await confirmOoxml(temp) : await confirmCfb(temp);
          if ('refused' in confirmed) {
            if (confirmed.refused === 'expands') throw fail(415, 'media.expands', { max: MAX_UNPACKED_BYTES / MB }, 'file');
            throw confirmed.refused === 'macros' ? fail(415, 'media.macros', {}, 'file') : fail(415, 'media.unsupported', {}, 'file');
          }
          ({ mime, ext } = confirmed);
        }
        return { temp, size: guard.size, sha256: guard.digest(), kind: sniffed.kind, mime, ext };
      } catch (e) {
        // A refusal in the first bytes can come before the file is even opened; the stream then
        // opens it after the fact. Removing it only once the stream is closed leaves nothing behind.
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await unlinkQuietly(temp);
        throw e;
      }
    },

    /**
     * A thumbnail and a display copy of an image, turned upright by its EXIF orientation and then
     * re-encoded without any metadata: no EXIF, no GPS, no camera serial, no ICC profile (the
     * pixels are converted to sRGB instead). The original is read from disk, not from memory.
     */
    async deriveImage(received: ReceivedFile): Promise<ImageDerivatives> {
      const thumbTemp = tempIn(derived, '.jpg');
      const displayTemp = tempIn(derived, '.jpg');
      try {
        const open = () => sharp(received.temp, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
        const meta = await sharp(received.temp, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
        const thumb = await open()
          .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 78, mozjpeg: true })
          .toFile(thumbTemp);
        await open()
          .resize(DISPLAY_PX, DISPLAY_PX, { fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 84, mozjpeg: true })
          .toFile(displayTemp);
        // sharp creates its output with the process umask's idea of a mode.
        await Promise.all([ownerOnlyFile(thumbTemp), ownerOnlyFile(displayTemp)]);
        // Orientations 5–8 turn the picture a quarter: what the camera calls width is its height.
        const quarter = (meta.orientation ?? 1) >= 5;
        const width = meta.width ?? thumb.width;
        const height = meta.height ?? thumb.height;
        return { thumbTemp, displayTemp, width: quarter ? height : width, height: quarter ? width : height };
      } catch (e) {
        await Promise.all([unlinkQuietly(thumbTemp), unlinkQuietly(displayTemp)]);
        if (e instanceof AppError) throw e;
        throw fail(400, 'media.image_unreadable', {}, 'file');
      }
    },

    /** Fresh random names for an item's files. */
    keysFor(received: ReceivedFile, derivatives: ImageDerivatives | null): StoredKeys {
      const key = randomKey();
      return {
        storageKey: `${key}.${received.ext}`,
        thumbKey: derivatives ? `${key}-thumb.jpg` : null,
        displayKey: derivatives ? `${key}-display.jpg` : null,
      };
    },

    /** Renames the temp files to their keys: each appears whole, in one step. */
    async place(received: ReceivedFile, derivatives: ImageDerivatives | null, keys: StoredKeys) {
      await fsp.rename(received.temp, path.join(originals, keys.storageKey));
      if (derivatives && keys.thumbKey && keys.displayKey) {
        await fsp.rename(derivatives.thumbTemp, path.join(derived, keys.thumbKey));
        await fsp.rename(derivatives.displayTemp, path.join(derived, keys.displayKey));
      }
    },

    /** Removes whatever an upload left, under temp names or final ones; missing files are fine. */
    async discard(received: ReceivedFile | null, derivatives: ImageDerivatives | null, keys?: StoredKeys) {
      await Promise.all([
        unlinkQuietly(received?.temp),
        unlinkQuietly(derivatives?.thumbTemp),
        unlinkQuietly(derivatives?.displayTemp),
        keys ? unlinkQuietly(path.join(originals, keys.storageKey)) : undefined,
        keys?.thumbKey ? unlinkQuietly(path.join(derived, keys.thumbKey)) : undefined,
        keys?.displayKey ? unlinkQuietly(path.join(derived, keys.displayKey)) : undefined,
      ]);
    },

    /** Temp files older than a day were left by a process that stopped mid-upload. */
    async sweepStaleTemps() {
      await ensureDirs();
      for (const dir of [originals, derived]) {
        for (const name of await fsp.readdir(dir)) {
          if (!name.startsWith(TEMP_PREFIX)) continue;
          const file = path.join(dir, name);
          const stat = await fsp.stat(file).catch(() => null);
          // File ages are wall-clock time, not the campaign clock.
          if (stat && Date.now() - stat.mtimeMs > STALE_TEMP_MS) await unlinkQuietly(file);
        }
      }
    },
  };
}

export type MediaFiles = ReturnType<typeof mediaFiles>;
