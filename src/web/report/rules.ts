import { msg, type Msg } from './lang';
import type { Limits } from './types';

/* What the form checks before sending; the server checks it all again and has the last word. */

/** Mainland mobile numbers, or a landline with its area code (the server's phoneSchema). */
export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const MAX = { address: 200, enterprise: 200, description: 5000, reporterName: 50, message: 5000 } as const;

/** Today in China (Asia/Shanghai, UTC+8 all year), as YYYY-MM-DD. */
export function todayInChina(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

export type FileKind = 'image' | 'video';

const IMAGE_EXT = /\.(jpe?g|png|webp|gif|heic|heif)$/i;
const VIDEO_EXT = /\.(mp4|mov|m4v|webm|3gp)$/i;

export function kindOf(file: File): FileKind | null {
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  // Some Android pickers give no type at all: judge by the name (the server judges by the bytes).
  if (!file.type && IMAGE_EXT.test(file.name)) return 'image';
  if (!file.type && VIDEO_EXT.test(file.name)) return 'video';
  return null;
}

export interface PickedFile {
  id: number;
  file: File;
  kind: FileKind;
  /** An object URL for an image's thumbnail; revoked when the file is removed. */
  preview: string | null;
}

let nextId = 1;

/** Adds what was picked to `current`, refusing (with a reason each) what breaks the limits. */
export function addFiles(current: PickedFile[], picked: File[], limits: Limits): { files: PickedFile[]; problems: Msg[] } {
  const files = current.slice();
  const problems: Msg[] = [];
  let tooMany = false;
  for (const file of picked) {
    const kind = kindOf(file);
    if (!kind) {
      problems.push(msg('err.fileType', { name: file.name }));
      continue;
    }
    const mb = kind === 'image' ? limits.imageMB : limits.videoMB;
    if (file.size > mb * 1024 * 1024) {
      problems.push(msg(kind === 'image' ? 'err.imageSize' : 'err.videoSize', { name: file.name, mb }));
      continue;
    }
    if (files.length >= limits.maxFiles) {
      tooMany = true;
      continue;
    }
    files.push({ id: nextId++, file, kind, preview: kind === 'image' ? URL.createObjectURL(file) : null });
  }
  if (tooMany) problems.push(msg('err.tooManyFiles', { max: limits.maxFiles }));
  return { files, problems };
}

export function releaseFile(f: PickedFile) {
  if (f.preview) URL.revokeObjectURL(f.preview);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 2022-06-03 → 2022年6月3日 in Chinese; the ISO day in English. */
export function formatDay(day: string, lang: 'zh' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  return lang === 'zh' ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}-${m[2]}-${m[3]}`;
}
