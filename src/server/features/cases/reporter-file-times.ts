import fsp from 'node:fs/promises';
import path from 'node:path';

/*
 * A file's times are a side channel: a reporter's photo placed at 14:03:07.123456789 says when the
 * report came in, whatever the row says. Every file written for a reporter is therefore dated to the
 * Shanghai day's midnight (access and modification times) before it takes its final name, and the
 * folders it lands in are set back to that midnight too, since a rename stamps the folder with the
 * instant. What utimes cannot set (the inode's change and birth times) is written in ARCHITECTURE.md.
 */

/** The instant every reporter file of `day` (YYYY-MM-DD, Shanghai) carries. */
export const reporterFileInstant = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** Dates files (still under their temp names) to the day. */
export async function dateToDay(files: string[], day: string) {
  const at = reporterFileInstant(day);
  await Promise.all(files.map((f) => fsp.utimes(f, at, at)));
}

/** Sets the folders the files were renamed into back to the day, so their times tell nothing more. */
export async function dateFoldersToDay(files: string[], day: string) {
  const at = reporterFileInstant(day);
  await Promise.all([...new Set(files.map((f) => path.dirname(f)))].map((d) => fsp.utimes(d, at, at)));
}
