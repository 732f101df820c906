import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { MediaConfig } from '../../config';
import { AppError, fail } from '../../http/errors';
import { stripMp4Metadata } from '../../formats/mp4-strip';
import { mediaFiles, type ImageDerivatives, type ReceivedFile, type StoredKeys } from '../media/media.files';
import { dateFoldersToDay, dateToDay } from './reporter-file-times';

/*
 * A case's evidence on disk: the same checked, size-limited, random-named store as the media
 * library (media/originals, media/derived). What a reporter sends is cleaned before it is kept at
 * all — "the original" of a reporter's photo is itself re-encoded without EXIF or GPS, and a
 * video's metadata boxes are blanked — because nobody, not even the office, needs to know where
 * the reporter's phone was. Temp files a stopped process left here are swept by the media library
 * at start (the same folders).
 */

/** Reporters send photos and phone videos; a document or a WebM could carry what we cannot clean. */
const REPORTER_VIDEO = new Set(['video/mp4', 'video/quicktime']);
const MAX_INPUT_PIXELS = 120_000_000;

export interface PreparedFile {
  received: ReceivedFile;
  derivatives: ImageDerivatives | null;
  keys: StoredKeys;
}

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function caseFiles(config: MediaConfig) {
  const files = mediaFiles(config);

  /** Re-encodes a reporter's photo upright, as JPEG, with no metadata of any kind. */
  async function cleanImage(received: ReceivedFile): Promise<ReceivedFile> {
    const clean = `${received.temp}.clean`;
    try {
      await sharp(received.temp, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 90, mozjpeg: true })
        .toFile(clean);
    } catch {
      await fsp.rm(clean, { force: true });
      throw fail(400, 'media.image_unreadable', {}, 'file');
    }
    await fsp.rename(clean, received.temp);
    const { size } = await fsp.stat(received.temp);
    return { ...received, size, sha256: await sha256Of(received.temp), mime: 'image/jpeg', ext: 'jpg' };
  }

  return {
    largest: files.largest,
    tooLarge: files.tooLarge,
    originalPath: files.originalPath,
    derivedPath: files.derivedPath,

    /** Streams one file to a temp name, checks it, cleans a reporter's, and makes its derivatives. */
    async prepare(source: Readable, from: 'reporter' | 'staff'): Promise<PreparedFile> {
      let received = await files.receive(source);
      let derivatives: ImageDerivatives | null = null;
      try {
        if (from === 'reporter') {
          if (received.kind === 'image') received = await cleanImage(received);
          else if (received.kind === 'video' && REPORTER_VIDEO.has(received.mime)) {
            try {
              await stripMp4Metadata(received.temp);
            } catch {
              throw fail(415, 'report.video_unreadable', {}, 'file');
            }
            received = { ...received, sha256: await sha256Of(received.temp) };
          } else throw fail(415, 'report.file_type', {}, 'file');
        }
        if (received.kind === 'image') derivatives = await files.deriveImage(received);
        return { received, derivatives, keys: files.keysFor(received, derivatives) };
      } catch (e) {
        await files.discard(received, derivatives);
        throw e instanceof AppError ? e : fail(400, 'media.image_unreadable', {}, 'file');
      }
    },

    place: (p: PreparedFile) => files.place(p.received, p.derivatives, p.keys),
    /** Places a reporter's file dated to `day` (a Shanghai day): no file time finer than the day. */
    async placeReporterFile(p: PreparedFile, day: string) {
      const temps = [p.received.temp, p.derivatives?.thumbTemp, p.derivatives?.displayTemp].filter((f): f is string => !!f);
      await dateToDay(temps, day);
      await files.place(p.received, p.derivatives, p.keys);
      const placed = [files.originalPath(p.keys.storageKey), ...[p.keys.thumbKey, p.keys.displayKey].filter((k): k is string => !!k).map((k) => files.derivedPath(k))];
      await dateFoldersToDay(placed, day);
    },
    /** Removes a prepared file, whether or not it was placed. */
    discard: (p: PreparedFile) => files.discard(p.received, p.derivatives, p.keys),
    /** Where a stored file lives; the key's own name only, never a path from outside. */
    pathOf: (variant: 'original' | 'thumb' | 'display', key: string) =>
      variant === 'original' ? files.originalPath(path.basename(key)) : files.derivedPath(path.basename(key)),
  };
}

export type CaseFiles = ReturnType<typeof caseFiles>;
