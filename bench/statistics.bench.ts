/*
 * The office's consolidated statistics table (附件2) at province and nation scale: the roll-up
 * through the unit tree and its xlsx, beside a baseline measured in the same run on the same
 * rows: one aggregate SQL statement summing every indicator of every reported table (the least
 * any roll-up must do: read every table once).
 *
 *   npm run bench:statistics            (SQLite)
 *   BENCH_DB=postgres npm run bench:statistics
 *   BENCH_SCALES=province npm run bench:statistics
 *
 * Shape: half the units owe the table directly under the city office (counties, zones,
 * departments, enterprises, round robin), the other half are townships under the counties; every
 * unit reports, so a county's row sums its townships. 60 indicators: the reference campaign's 48
 * and 12 more in the Tour block.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { median as medianOf, random } from './support';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../test/support/harness');
const { findCampaign, updateCampaignDefinition } = await import('../src/server/features/campaigns/campaign.store');
const { buildUnits } = await import('./scale/generate');
const { insertReport } = await import('../src/server/features/statistics/statistics.store');
const { statisticsService } = await import('../src/server/features/statistics/statistics.service');
const { statisticsFiles } = await import('../src/server/features/statistics/statistics.files');

const SCALES = { province: 2_000, nation: 30_000 } as const;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The median of RUNS after a warm-up (caches, JIT, the database's pages), with the highest peak. */
const median = <T>(fn: () => Promise<T>) => medianOf(fn, RUNS);

/** A sink that only counts bytes: the export is measured, not a disk. */
function counter() {
  let bytes = 0;
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { bytes += chunk.length; cb(); } });
  return { sink, bytes: () => bytes };
}

async function scale(name: keyof typeof SCALES, units: number) {
  const t = await startTestApp();
  const db = t.db;
  const now = new Date('2022-06-20T10:00:00+08:00');
  const built = performance.now();

  // 60 indicators: the campaign is edited like any campaign, through its store.
  const campaign = (await findCampaign(db, t.campaignId))!;
  const def = structuredClone(campaign.definition);
  for (let i = 1; def.forms.statistics.indicators.length < 60; i++) {
    def.forms.statistics.indicators.push({
      key: `tour_extra_${i}`, category: 'tour', label: { zh: `万里行补充指标${i}`, en: `Tour extra ${i}` }, measure: { zh: '项', en: 'items' },
    });
  }
  await updateCampaignDefinition(db, t.campaignId, def, now);
  const keys = def.forms.statistics.indicators.map((i) => i.key);

  const rand = random(2022);
  const made = await buildUnits(db, units, now);
  await db.transaction().execute(async (tx) => {
    for (const { id: unitId } of made) {
      const values = Object.fromEntries(keys.map((k) => [k, Math.floor(rand() * 500)]));
      await insertReport(tx, {
        campaignId: t.campaignId, unitId, status: 'submitted', values, comments: {}, late: false,
        firstSubmittedAt: now.toISOString(), submittedAt: now.toISOString(), submittedBy: null, at: now,
      });
    }
  });
  const buildSeconds = (performance.now() - built) / 1000;
  if (t.database.handle.dialect === 'postgres') await sql`ANALYZE`.execute(db);

  const stats = statisticsService({ db, now: () => now });
  const files = statisticsFiles({ db, now: () => now });
  const dialect = t.database.handle.dialect;

  const baseline = await median(async () => {
    const q = dialect === 'postgres'
      ? sql<{ key: string; total: string }>`SELECT j.key, SUM(j.value::bigint) AS total FROM statistics_reports r, jsonb_each_text(r.values_json::jsonb) j WHERE r.campaign_id = ${t.campaignId} AND r.status IN ('submitted','approved','accepted') GROUP BY j.key`
      : sql<{ key: string; total: number }>`SELECT j.key, SUM(j.value) AS total FROM statistics_reports r, json_each(r.values_json) j WHERE r.campaign_id = ${t.campaignId} AND r.status IN ('submitted','approved','accepted') GROUP BY j.key`;
    return (await q.execute(db)).rows;
  });
  const rollup = await median(() => stats.rollup(t.campaignId));
  // The roll-up's grand total must equal the baseline's sums: the two measure the same work.
  const sums = new Map(baseline.value.map((r) => [r.key, Number(r.total)]));
  for (const k of keys) {
    if (rollup.value.total[k] !== sums.get(k)) throw new Error(`roll-up total of ${k}: ${rollup.value.total[k]} ≠ ${sums.get(k)}`);
  }
  let size = 0;
  const xlsx = await median(async () => {
    const { data } = await files.exportConsolidated(t.campaignId);
    const c = counter();
    await new Promise<void>((resolve, reject) => {
      data.on('error', reject);
      c.sink.on('finish', resolve);
      data.pipe(c.sink);
    });
    size = c.bytes();
  });

  await t.close();
  return {
    name, dialect, units, rows: rollup.value.rows.length, buildSeconds,
    baseline: baseline.ms, rollup: rollup.ms, rollupPeak: rollup.peakMiB, xlsx: xlsx.ms, xlsxPeak: xlsx.peakMiB, xlsxMiB: size / 1048576,
  };
}

async function main() {
  const wanted = (process.env.BENCH_SCALES ?? 'province,nation').split(',') as (keyof typeof SCALES)[];
  const results = [];
  for (const name of wanted) results.push(await scale(name, SCALES[name]));
  console.log(`\nstatistics roll-up and xlsx, median of ${RUNS} runs after a warm-up; peak RSS of the whole process`);
  console.log('| scale | db | units (rows) | build s | baseline SQL ms | roll-up ms | ratio | roll-up peak MiB | xlsx ms | ratio | xlsx MiB | xlsx peak MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.dialect} | ${r.units} (${r.rows}) | ${r.buildSeconds.toFixed(1)} | ${r.baseline.toFixed(0)} | ${r.rollup.toFixed(0)} | ${(r.rollup / r.baseline).toFixed(2)} | ${r.rollupPeak} | ${r.xlsx.toFixed(0)} | ${(r.xlsx / r.baseline).toFixed(2)} | ${r.xlsxMiB.toFixed(1)} | ${r.xlsxPeak} |`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
