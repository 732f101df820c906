import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { MediaConfig } from '../../config';
import { AppError, fail } from '../../http/errors';
import { stripMp4Metadata } from '../../formats/mp4-strip';
import { ownerOnlyFile } from '../../file-modes';
import { mediaFiles, type ImageDerivatives, type KindsAccepted, type ReceivedFile, type StoredKeys } from '../media/media.files';
import { dateFoldersToDay, dateToDay } from './reporter-file-times';

/*
 * A case's evidence on disk: the same checked, size-limited, random-named store as the media
 * library (media/originals, media/derived). What a reporter sends is cleaned before it is kept at
 * all — "the original" of a reporter's photo is itself re-encoded without EXIF or GPS, and a
 * video keeps only the boxes a player needs — because nobody, not even the office, needs to know
 * where the reporter's phone was. What staff add is evidence and is kept as received; copies
 * without metadata are what the rest of the case's readers get (casePolicy.original). Temp files a stopped process left here are swept by the media library
 * at start (the same folders).
 */

/** Reporters send photos and phone videos; a document or a WebM could carry what we cannot clean. */
const REPORTER_VIDEO = new Set(['video/mp4', 'video/quicktime']);
/** Staff's photos (a scanned order, a panorama of a site); a reporter's limit is set in config. */
const STAFF_MAX_PIXELS = 120_000_000;
/** A reporter's document is refused by its first bytes, not after it has been unpacked and measured. */
const reporterKinds: KindsAccepted = { kinds: new Set(['image', 'video']), refuse: () => fail(415, 'report.file_type', {}, 'file') };
/** The videos the cleaner reads (an ISO/QuickTime box tree); a WebM's copy cannot be made. */
const CLEANABLE_VIDEO = REPORTER_VIDEO;

type Sender = 'reporter' | 'staff';

export interface PreparedFile {
  received: ReceivedFile;
  derivatives: ImageDerivatives | null;
  keys: StoredKeys;
  /** A staff video's copy without metadata (temp name in derived/), stored under keys.displayKey. */
  videoCopy?: string | null;
}

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function caseFiles(config: MediaConfig, limits: { reporterMaxPixels: number } = { reporterMaxPixels: STAFF_MAX_PIXELS }) {
  const files = mediaFiles(config);
  const maxPixels = (from: Sender) => (from === 'reporter' ? limits.reporterMaxPixels : STAFF_MAX_PIXELS);

  /**
   * The pixel count an image declares, read from its header only: a 300 KB PNG may declare 100
   * megapixels, and decoding it is what costs seconds. Refused here before any decode.
   */
  async function checkPixels(received: ReceivedFile, from: Sender) {
    let pixels: number;
    try {
      const meta = await sharp(received.temp, { limitInputPixels: false }).metadata();
      pixels = (meta.width ?? 0) * (meta.height ?? 0);
    } catch {
      throw fail(400, 'media.image_unreadable', {}, 'file');
    }
    const max = maxPixels(from);
    if (!pixels || pixels > max) throw fail(413, 'media.too_many_pixels', { max: Math.floor(max / 1_000_000) }, 'file');
  }

  /** Re-encodes a reporter's photo upright, as JPEG, with no metadata of any kind. */
  async function cleanImage(received: ReceivedFile): Promise<ReceivedFile> {
    const clean = `${received.temp}.clean`;
    try {
      await sharp(received.temp, { limitInputPixels: limits.reporterMaxPixels, failOn: 'error' })
        .rotate()
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 90, mozjpeg: true })
        .toFile(clean);
      await ownerOnlyFile(clean);
    } catch {
      await fsp.rm(clean, { force: true });
      throw fail(400, 'media.image_unreadable', {}, 'file');
    }
    await fsp.rename(clean, received.temp);
    const { size } = await fsp.stat(received.temp);
    return { ...received, size, sha256: await sha256Of(received.temp), mime: 'image/jpeg', ext: 'jpg' };
  }

  /**
   * Streams one file to a temp name with its kind's size cap, judged by content; nothing is
   * decoded. A reporter's file of a kind we cannot clean is refused here, on its first bytes.
   */
  async function receive(source: Readable, from: Sender): Promise<ReceivedFile> {
    const received = await files.receive(source, from === 'reporter' ? reporterKinds : undefined);
    if (from === 'reporter' && received.kind === 'video' && !REPORTER_VIDEO.has(received.mime)) {
      await files.discard(received, null);
      throw fail(415, 'report.file_type', {}, 'file');
    }
    return received;
  }

  /**
   * The expensive part, run only for a form already accepted: checks an image's pixel count
   * from its header, cleans a reporter's file, and makes an image's derivatives. On a refusal
   * the received file is gone too.
   */
  async function processReceived(received: ReceivedFile, from: Sender): Promise<PreparedFile> {
    let derivatives: ImageDerivatives | null = null;
    try {
      if (received.kind === 'image') await checkPixels(received, from);
      if (from === 'reporter') {
        if (received.kind === 'image') received = await cleanImage(received);
        else {
          try {
            await stripMp4Metadata(received.temp);
          } catch {
            throw fail(415, 'report.video_unreadable', {}, 'file');
          }
          received = { ...received, sha256: await sha256Of(received.temp) };
        }
      }
      if (received.kind === 'image') derivatives = await files.deriveImage(received);
      const keys = files.keysFor(received, derivatives);
      const videoCopy = from === 'staff' && received.kind === 'video' ? await cleanVideoCopy(received) : null;
      if (videoCopy) keys.displayKey = keys.storageKey.replace(/\.[a-z0-9]+$/, `-display.${received.ext}`);
      return { received, derivatives, keys, videoCopy };
    } catch (e) {
      await files.discard(received, derivatives);
      throw e instanceof AppError ? e : fail(400, 'media.image_unreadable', {}, 'file');
    }
  }

  /*
   * Staff evidence keeps its original as filmed, GPS and all, for the desk (see casePolicy.originals);
   * everyone else who sees the case gets a copy without metadata. For an image that is the display
   * copy; for a video it is this cleaned copy, in derived/ as the item's display file. A video the
   * cleaner cannot read is kept without a copy rather than refused: it is evidence.
   */
  async function cleanVideoCopy(received: ReceivedFile): Promise<string | null> {
    if (!CLEANABLE_VIDEO.has(received.mime)) return null;
    const copy = files.derivedPath(`.tmp-${crypto.randomBytes(16).toString('hex')}.${received.ext}`);
    try {
      await fsp.copyFile(received.temp, copy, fs.constants.COPYFILE_EXCL);
      await stripMp4Metadata(copy);
      return copy;
    } catch {
      await fsp.rm(copy, { force: true });
      return null;
    }
  }

  return {
    largest: files.largest,
    tooLarge: files.tooLarge,
    originalPath: files.originalPath,
    derivedPath: files.derivedPath,

    receive,
    process: processReceived,

    /** Receives and processes one file at once (staff, whose uploads need no earlier check). */
    async prepare(source: Readable, from: Sender): Promise<PreparedFile> {
      return processReceived(await receive(source, from), from);
    },

    /** Removes a received file that was never processed. */
    discardReceived: (r: ReceivedFile) => files.discard(r, null),

    place: async (p: PreparedFile) => {
      await files.place(p.received, p.derivatives, p.keys);
      if (p.videoCopy && p.keys.displayKey) await fsp.rename(p.videoCopy, files.derivedPath(p.keys.displayKey));
    },
    /** Places a reporter's file dated to `day` (a Shanghai day): no file time finer than the day. */
    async placeReporterFile(p: PreparedFile, day: string) {
      const temps = [p.received.temp, p.derivatives?.thumbTemp, p.derivatives?.displayTemp].filter((f): f is string => !!f);
      await dateToDay(temps, day);
      await files.place(p.received, p.derivatives, p.keys);
      const placed = [files.originalPath(p.keys.storageKey), ...[p.keys.thumbKey, p.keys.displayKey].filter((k): k is string => !!k).map((k) => files.derivedPath(k))];
      await dateFoldersToDay(placed, day);
    },
    /** Removes a prepared file, whether or not it was placed. */
    discard: async (p: PreparedFile) => {
      await files.discard(p.received, p.derivatives, p.keys);
      if (p.videoCopy) await fsp.rm(p.videoCopy, { force: true });
    },
    /** Where a stored file lives; the key's own name only, never a path from outside. */
    pathOf: (variant: CaseFileVariant, key: string) =>
      variant === 'original' ? files.originalPath(path.basename(key)) : files.derivedPath(path.basename(key)),
  };
}

export type CaseFiles = ReturnType<typeof caseFiles>;
export type CaseFileVariant = 'original' | 'thumb' | 'display';
