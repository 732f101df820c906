import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import archiver, { type Archiver, type ZipEntryData } from 'archiver';
import type { AppDeps } from '../../context';
import { DIR_MODE, FILE_MODE } from '../../file-modes';
import type { Actor } from '../../auth/actor';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { mediaFiles } from '../media/media.files';
import { downloadName } from '../media/media.service';
import { findReport } from '../statistics/statistics.store';
import { statisticsFiles } from '../statistics/statistics.files';
import { summaryFiles } from '../summaries/summary.files';
import { summaryFormLoader } from '../summaries/summary.service';
import { findSummary } from '../summaries/summary.store';
import { countPackageMedia, findJob, pagePackageMedia, updateJob, type JobRow } from './package.store';
import { listCampaignUnits } from '../campaigns/campaign.scope';

/*
 * Makes the office's final package: per unit a folder `<code> <name>/` with 总结报告.docx, the
 * unit's own 活动进展情况统计表.xlsx, and 媒体资料/<task category>/ with the originals. Files
 * are added to the zip one at a time, each original as a read stream whose entry must be written
 * before the next file is opened, so memory holds one file's buffers whatever the package's size;
 * the zip goes to `<random>.zip.tmp` and is renamed when whole. Jobs run one after another in this
 * process: the machine has two cores, and a second zip at once would only halve both.
 */

/** Progress is written to the job row after this many files (and at the end). */
const PROGRESS_EVERY = 20;
const MEDIA_PAGE = 200;
const UNCATEGORISED = '未分类';

export const TEMP_SUFFIX = '.zip.tmp';

/** Characters no file system or unzip tool takes in a name, and the control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]/g;
const safeName = (s: string) => s.replace(UNSAFE, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120) || '_';
/** The same for a file, shortened before its extension so the file still opens with the right program. */
function safeFileName(s: string): string {
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot).replace(UNSAFE, '_') : '';
  return safeName(s.slice(0, s.length - ext.length).slice(0, 120 - ext.length)) + ext;
}

/** Resolves once the entry is in the zip: the next file is not opened before. */
function add(zip: Archiver, source: Buffer | Readable, data: ZipEntryData): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => { zip.off('error', failed); resolve(); };
    const failed = (e: Error) => { zip.off('entry', done); reject(e); };
    zip.once('entry', done);
    zip.once('error', failed);
    zip.append(source, data);
  });
}

/** `name`, or `name (2)`, `name (3)` … : two photos called IMG_0001.jpg in one folder both arrive. */
function uniqueIn(used: Set<string>, folder: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = `${folder}/${name}`;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${folder}/${stem} (${n})${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

export class PackageStopped extends Error {}

export function packageRunner(deps: Pick<AppDeps, 'db' | 'now' | 'config' | 'log'>) {
  const { db, now, log } = deps;
  const dir = path.join(deps.config.dataDir, 'packages');
  const media = mediaFiles(deps.config.media);
  const summaries = summaryFiles(deps);
  const statistics = statisticsFiles(deps);
  const formOf = summaryFormLoader(db);
  let chain: Promise<void> = Promise.resolve();
  let stopping = false;

  /** The units with a folder: the one asked for, or every active unit that owes the summary. */
  async function unitsOf(job: JobRow): Promise<UnitRow[]> {
    if (job.scope === 'unit') {
      const u = job.unit ? await findUnit(db, job.unit.id) : undefined;
      return u ? [u] : [];
    }
    const f = await formOf(job.campaignId);
    return (await listCampaignUnits(db, f.campaign, { activeOnly: true })).filter((u) => f.owedTypes.has(u.type as UnitType));
  }

  async function run(jobId: number, actor: Actor) {
    const job = await findJob(db, jobId);
    if (!job || job.status !== 'queued') return;
    if (stopping) {
      await updateJob(db, job.id, { status: 'failed', error: 'package.interrupted', finishedAt: now() });
      return;
    }
    await fsp.mkdir(dir, { recursive: true, mode: DIR_MODE });
    const key = `${crypto.randomBytes(16).toString('hex')}.zip`;
    const temp = path.join(dir, `${key.slice(0, -4)}${TEMP_SUFFIX}`);
    const zip = archiver('zip', { zlib: { level: 6 } });
    let out: fs.WriteStream | undefined;
    try {
      await updateJob(db, job.id, { status: 'running' });
      const f = await formOf(job.campaignId);
      const categoryName = new Map(f.def.taskCategories.map((t) => [t.key, t.name.zh]));
      const units = await unitsOf(job);
      // A unit's folder leaves out sub-units that have a folder of their own in this package.
      const nested = (u: UnitRow) => units.filter((o) => o.id !== u.id && o.path.startsWith(u.path)).map((o) => o.path);

      const plan = [];
      let total = 0;
      for (const u of units) {
        const summary = await findSummary(db, job.campaignId, u.id);
        const hasTable = !!(await findReport(db, job.campaignId, u.id));
        const mediaCount = await countPackageMedia(db, job.campaignId, u.path, nested(u));
        total += (summary ? 1 : 0) + (hasTable ? 1 : 0) + mediaCount;
        plan.push({ unit: u, summary: !!summary, hasTable });
      }
      await updateJob(db, job.id, { total });

      out = fs.createWriteStream(temp, { flags: 'wx', mode: FILE_MODE });
      const written = new Promise<void>((resolve, reject) => {
        out!.on('close', resolve);
        out!.on('error', reject);
        zip.on('error', reject);
      });
      // Awaited only after the last entry; until then a failure surfaces through `add`, not as an unhandled rejection.
      written.catch(() => {});
      zip.pipe(out);

      let done = 0;
      const step = async () => {
        if (stopping) throw new PackageStopped();
        if (++done % PROGRESS_EVERY === 0) await updateJob(db, job.id, { done });
      };
      const missing: string[] = [];

      for (const { unit, summary, hasTable } of plan) {
        const folder = safeName(`${unit.code} ${unit.name}`);
        const used = new Set<string>();
        if (summary) {
          const data = await summaries.unitDocument(job.campaignId, unit);
          if (data) await add(zip, data, { name: uniqueIn(used, folder, '总结报告.docx'), store: true });
          await step();
        }
        if (hasTable) {
          const sheet = await statistics.exportUnit(actor, job.campaignId, unit.id);
          await add(zip, sheet.data, { name: uniqueIn(used, folder, '活动进展情况统计表.xlsx'), store: true });
          await step();
        }
        for (let after = 0; ;) {
          const page = await pagePackageMedia(db, job.campaignId, unit.path, nested(unit), after, MEDIA_PAGE);
          if (!page.length) break;
          for (const m of page) {
            after = m.id;
            const category = safeName((m.category && categoryName.get(m.category)) || UNCATEGORISED);
            const name = uniqueIn(used, `${folder}/媒体资料/${category}`, safeFileName(downloadName(m, 'original')));
            const file = media.originalPath(m.storageKey);
            // A row whose file is gone is named in the package's note rather than failing the whole package.
            const opened = await fsp.access(file, fs.constants.R_OK).then(() => true, () => false);
            if (opened) await add(zip, fs.createReadStream(file), { name, store: true, date: new Date(m.createdAt) });
            else {
              missing.push(name);
              log?.error({ mediaId: m.id, jobId: job.id }, 'media original missing while packing');
            }
            await step();
          }
        }
      }
      if (missing.length) {
        await add(zip, Buffer.from(`以下文件在服务器上缺失，未能打包：\r\n${missing.join('\r\n')}\r\n`, 'utf8'), { name: '缺失文件说明.txt' });
      }
      await zip.finalize();
      await written;
      await fsp.rename(temp, path.join(dir, key));
      const { size } = await fsp.stat(path.join(dir, key));
      await updateJob(db, job.id, { status: 'done', done, total: Math.max(total, done), fileKey: key, bytes: size, finishedAt: now() });
    } catch (err) {
      zip.abort();
      out?.destroy();
      await fsp.rm(temp, { force: true }).catch(() => {});
      const stopped = err instanceof PackageStopped;
      if (!stopped) log?.error({ err, jobId: job.id }, 'package failed');
      await updateJob(db, job.id, { status: 'failed', error: stopped ? 'package.interrupted' : 'package.failed', finishedAt: now() })
        .catch((e: unknown) => log?.error({ err: e, jobId: job.id }, 'could not mark a package failed'));
    }
  }

  return {
    dir,
    /** Queues the job behind any running one; the caller answers at once. */
    start(jobId: number, actor: Actor) {
      chain = chain.then(() => run(jobId, actor)).catch((err: unknown) => log?.error({ err, jobId }, 'package runner'));
    },
    /** Stops between files: the job in hand is failed as interrupted, its temp file removed. */
    async stop() {
      stopping = true;
      await chain;
    },
    /** Resolves when every queued job has finished. */
    idle: () => chain,
  };
}

export type PackageRunner = ReturnType<typeof packageRunner>;
