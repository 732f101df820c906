import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db';
import { shanghaiDay } from '../../../domain/time';
import type { CaseFiles } from './case.files';
import { dateFoldersToDay, reporterFileInstant } from './reporter-file-times';

/*
 * What utimes cannot reach: a reporter's file keeps the instant it was placed as its inode's change
 * time (ctime) and birth time (btime), and so does its folder's change time. Once the day is over,
 * each of that day's reporter files is copied to a new file, dated to the day and renamed over the
 * old one: the new inode's birth and change times are this pass's, shared by the whole day's
 * files. Days done are listed in `reporter_file_days`, which holds nothing but days.
 */

const HOUR_MS = 3_600_000;

/** Rewrites the reporter files of every finished day not yet done; returns the number of files. */
export async function rewriteFinishedDays(db: Db, files: CaseFiles, now: Date): Promise<number> {
  const today = shanghaiDay(now);
  const days = (await db.selectFrom('case_files').select('added_on').distinct()
    .where('added_by', '=', 'reporter').where('added_on', '<', today)
    .where('added_on', 'not in', db.selectFrom('reporter_file_days').select('day'))
    .orderBy('added_on').execute()).map((r) => r.added_on);
  let rewritten = 0;
  for (const day of days) {
    const rows = await db.selectFrom('case_files').select(['storage_key', 'thumb_key', 'display_key'])
      .where('added_by', '=', 'reporter').where('added_on', '=', day).execute();
    const paths = rows.flatMap((r) => [
      files.pathOf('original', r.storage_key), ...[r.thumb_key, r.display_key].filter((k): k is string => !!k).map((k) => files.pathOf('display', k)),
    ]);
    for (const file of paths) if (await rewrite(file, reporterFileInstant(day))) rewritten++;
    if (paths.length) await dateFoldersToDay(paths, today);
    await db.insertInto('reporter_file_days').values({ day }).onConflict((oc) => oc.column('day').doNothing()).execute();
  }
  return rewritten;
}

/** A fresh copy under a temp name in the same folder, dated, then renamed over the file. */
async function rewrite(file: string, at: Date): Promise<boolean> {
  const temp = path.join(path.dirname(file), `.tmp-${crypto.randomBytes(8).toString('hex')}`);
  try {
    await fsp.copyFile(file, temp);
    await fsp.utimes(temp, at, at);
    await fsp.rename(temp, file);
    return true;
  } catch (e) {
    await fsp.rm(temp, { force: true });
    // A file deleted meanwhile (its case's evidence removed) has nothing left to hide.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Runs the pass a minute after start and then hourly, in the background; stopped by the returned function. */
export function scheduleReporterFilePass(db: Db, files: CaseFiles, now: () => Date, onError: (err: unknown) => void): () => void {
  const run = () => void rewriteFinishedDays(db, files, now()).catch(onError);
  const first = setTimeout(run, 60_000);
  const hourly = setInterval(run, HOUR_MS);
  first.unref();
  hourly.unref();
  return () => { clearTimeout(first); clearInterval(hourly); };
}
