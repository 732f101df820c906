/*
 * The office's final package (every unit's 总结报告.docx, 活动进展情况统计表.xlsx and media
 * originals in one zip), made by the package runner from start to done, beside a bare zip of the
 * same original files (archiver, entries stored as the package stores them, the same zlib level)
 * written to the same disk in the same run: the least any package must do is read every original
 * once and write it once. Peak RSS shows whether memory stays bounded while 2,000 files pass.
 *
 *   npm run bench:package                        (SQLite; BENCH_DB=postgres for PostgreSQL)
 *   BENCH_PKG_UNITS=10 BENCH_PKG_PHOTOS=5 npm run bench:package
 *   BENCH_MAX_LOAD=1.0 …                         wait for a quiet machine before building and before timing
 *
 * Shape: BENCH_PKG_UNITS units under the city office (counties, zones, departments, enterprises in
 * turn: the types that owe a summary), each with BENCH_PKG_PHOTOS photos uploaded through the media
 * library's own code (received, sniffed, hashed, thumbnail and display copy made, renamed into
 * place in the insert's transaction), a submitted summary picking four of them, and a statistics
 * table. The photos are 1600×1200 JPEGs of smoothed noise, about 200 KB each: a camera photo's
 * size, and as incompressible. BENCH_PKG_DISTINCT different pictures are cycled; a stored entry
 * costs the same whatever its bytes.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import archiver, { type ZipEntryData } from 'archiver';
import sharp from 'sharp';
import { loadText, median, MiB, quietMachine, random } from './support';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../test/support/harness');
const { findCampaign } = await import('../src/server/features/campaigns/campaign.store');
const { insertUnit, findUnitByCode } = await import('../src/server/features/orgs/unit.store');
const { findAccountByUsername } = await import('../src/server/features/accounts/account.store');
const { insertReport } = await import('../src/server/features/statistics/statistics.store');
const { mediaFiles } = await import('../src/server/features/media/media.files');
const { mediaService } = await import('../src/server/features/media/media.service');
const { summaryService } = await import('../src/server/features/summaries/summary.service');
const { packageRunner } = await import('../src/server/features/packages/package.runner');
const { packageService } = await import('../src/server/features/packages/package.service');
const { findJob } = await import('../src/server/features/packages/package.store');
type Actor = import('../src/server/auth/actor').Actor;

const UNITS = Number(process.env.BENCH_PKG_UNITS ?? 100);
const PHOTOS = Number(process.env.BENCH_PKG_PHOTOS ?? 20);
const DISTINCT = Number(process.env.BENCH_PKG_DISTINCT ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TOP_TYPES = ['county', 'zone', 'department', 'enterprise'] as const;
/** What the package runner gives archiver; its entries are stored, so the level touches only its note. */
const ZLIB_LEVEL = 6;

/** A 1600×1200 JPEG of about 200 KB: noise of 64×48 cells, smoothed by the upscale, at quality 80. */
async function photo(rand: () => number): Promise<Buffer> {
  const cells = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < cells.length; i++) cells[i] = Math.floor(rand() * 256);
  return sharp(cells, { raw: { width: 64, height: 48, channels: 3 } }).resize(1600, 1200, { kernel: 'cubic' }).jpeg({ quality: 80 }).toBuffer();
}

async function main() {
  const buildLoad = await quietMachine('build');
  const t = await startTestApp();
  const db = t.db;
  const dialect = t.database.handle.dialect;
  const cid = t.campaignId;
  const now = new Date('2022-06-28T10:00:00+08:00');
  const deps = { db, dialect, config: t.config, now: () => now };
  const def = (await findCampaign(db, cid))!.definition;
  const city = (await findUnitByCode(db, '530100-AW'))!;
  const admin = (await findAccountByUsername(db, 'admin'))!;
  const office: Actor = {
    accountId: admin.id, username: 'admin', unitId: city.id, unitType: 'city_office', unitPath: city.path,
    roles: new Set(['city_admin']), csrfToken: '',
  };
  const rand = random(2022);

  // The pictures to upload live beside the data folder: the same disk as the library and the zips.
  const work = path.join(t.config.dataDir, 'bench-photos');
  await fsp.mkdir(work, { recursive: true });
  const sources: string[] = [];
  for (let i = 0; i < DISTINCT; i++) {
    const file = path.join(work, `photo-${i}.jpg`);
    await fsp.writeFile(file, await photo(rand));
    sources.push(file);
  }
  const sourceBytes = (await Promise.all(sources.map((f) => fsp.stat(f)))).reduce((n, s) => n + s.size, 0);

  const started = performance.now();
  const units = await db.transaction().execute(async (tx) => {
    const made = [];
    for (let i = 0; i < UNITS; i++) {
      made.push(await insertUnit(tx, { code: `P${i}`, name: `基准单位${i}`, shortName: `基准${i}`, type: TOP_TYPES[i % TOP_TYPES.length]!, parent: city, sortOrder: i, now }));
    }
    return made;
  });

  const files = mediaFiles(t.config.media);
  const media = mediaService(deps, files);
  const summaries = summaryService(deps);
  const categories = def.taskCategories.map((c) => c.key);
  const keys = def.forms.statistics.indicators.map((i) => i.key);
  const sections = Object.fromEntries((def.forms.summary?.sections ?? []).map((s) => [
    s.key, `<p>${s.name.zh}：本单位按照方案要求，认真组织开展安全生产月各项活动，取得了预期成效。</p>`.repeat(6),
  ]));
  for (const [u, unit] of units.entries()) {
    const ids: number[] = [];
    for (let j = 0; j < PHOTOS; j++) {
      const received = await files.receive(fs.createReadStream(sources[(u * PHOTOS + j) % sources.length]!));
      const item = await media.upload(office, cid, {
        fields: { unitId: String(unit.id), category: categories[j % categories.length]! }, file: received, filename: `IMG_${String(j + 1).padStart(4, '0')}.jpg`,
      });
      ids.push(item.id);
    }
    await summaries.save(office, cid, unit.id, { sections, media: ids.slice(0, 4).map((id, k) => ({ id, caption: `活动照片${k + 1}` })) }, true);
    await insertReport(db, {
      campaignId: cid, unitId: unit.id, status: 'submitted', values: Object.fromEntries(keys.map((k) => [k, Math.floor(rand() * 500)])),
      comments: {}, late: false, firstSubmittedAt: now.toISOString(), submittedAt: now.toISOString(), submittedBy: admin.id, at: now,
    });
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const originalsDir = path.dirname(files.originalPath('x'));
  const originals = (await fsp.readdir(originalsDir)).filter((n) => !n.startsWith('.')).map((n) => path.join(originalsDir, n));
  const originalBytes = (await Promise.all(originals.map((f) => fsp.stat(f)))).reduce((n, s) => n + s.size, 0);

  const runner = packageRunner(deps);
  const packages = packageService(deps, runner);
  const expected = UNITS * (PHOTOS + 2);
  const out = path.join(t.config.dataDir, 'bench-zips');
  await fsp.mkdir(out, { recursive: true });

  const measureLoad = await quietMachine('measure');
  let bareBytes = 0;
  const bare = await median(async () => {
    const target = path.join(out, `bare-${Date.now()}.zip`);
    const zip = archiver('zip', { zlib: { level: ZLIB_LEVEL } });
    const stream = fs.createWriteStream(target);
    const closed = new Promise<void>((resolve, reject) => { stream.on('close', resolve); stream.on('error', reject); zip.on('error', reject); });
    zip.pipe(stream);
    for (const [i, file] of originals.entries()) {
      // archiver opens each file only when its turn comes; its typings omit that zip options apply here too.
      const entry: ZipEntryData = { name: `unit-${Math.floor(i / PHOTOS)}/${path.basename(file)}`, store: true };
      zip.file(file, entry);
    }
    await zip.finalize();
    await closed;
    bareBytes = (await fsp.stat(target)).size;
    await fsp.rm(target);
  }, RUNS);

  let zipBytes = 0;
  const job = await median(async () => {
    const queued = await packages.create(office, cid, undefined);
    await runner.idle();
    const done = await packages.get(cid, queued.id);
    if (done.status !== 'done') throw new Error(`package job ${queued.id}: ${done.status} ${done.error?.code ?? ''}`);
    if (done.done !== expected) throw new Error(`package job ${queued.id} packed ${done.done} files, expected ${expected}`);
    zipBytes = done.bytes ?? 0;
    await fsp.rm(path.join(runner.dir, (await findJob(db, queued.id))!.fileKey!));
  }, RUNS);
  const endLoad = loadText();

  const mib = (n: number) => (n / MiB).toFixed(1);
  console.log(`\npackage, ${dialect}: ${UNITS} units × ${PHOTOS} photos (${originals.length} originals, ${mib(originalBytes)} MiB, mean ${Math.round(originalBytes / originals.length / 1024)} KB; ${DISTINCT} distinct pictures of mean ${Math.round(sourceBytes / sources.length / 1024)} KB), each unit with a summary (4 photos embedded) and a statistics table; median of ${RUNS} runs after a warm-up; peak RSS of the whole process`);
  console.log(`build through the media library, summaries and statistics stores: ${buildSeconds.toFixed(1)} s`);
  console.log(`load average (1/5/15 min): before the build ${buildLoad}; before timing ${measureLoad}; after ${endLoad}`);
  console.log('| operation | ms | MiB/s of originals | ratio | zip MiB | files | RSS at start MiB | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|');
  const rate = (ms: number) => (originalBytes / MiB / (ms / 1000)).toFixed(0);
  console.log(`| bare zip of the originals (baseline) | ${bare.ms.toFixed(0)} | ${rate(bare.ms)} | 1.00 | ${mib(bareBytes)} | ${originals.length} | ${bare.startMiB} | ${bare.peakMiB} |`);
  console.log(`| package job, start → done | ${job.ms.toFixed(0)} | ${rate(job.ms)} | ${(job.ms / bare.ms).toFixed(2)} | ${mib(zipBytes)} | ${expected} | ${job.startMiB} | ${job.peakMiB} |`);
  console.log(`runs, ms: bare zip ${bare.all.map((ms) => ms.toFixed(0)).join(', ')}; package job ${job.all.map((ms) => ms.toFixed(0)).join(', ')}`);

  await runner.stop();
  await t.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
