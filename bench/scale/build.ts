/*
 * Builds one scale of generated data and keeps it, for EXPLAIN, profiling or a manual look:
 *
 *   npm run bench:scale -- nation                     (SQLite: prints the data folder)
 *   BENCH_DB=postgres npm run bench:scale -- province (PostgreSQL: prints the database URL)
 *
 * Then `DATA_DIR=… DATABASE_URL=… SAFEMONTH_CLOCK=2022-06-20T02:00:00Z node bin/safemonth.mjs serve`
 * serves it; the office signs in as admin / admin-password-2022. Drop it by hand when done.
 */
import { SCALES, buildScale, type ScaleName } from './generate';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../../test/support/harness');

const scale = (process.argv[2] ?? 'city') as ScaleName;
if (!(scale in SCALES)) {
  console.error(`usage: npm run bench:scale -- ${Object.keys(SCALES).join('|')}`);
  process.exit(2);
}
const t = await startTestApp();
const built = await buildScale(t.db, t.database.handle.dialect, t.campaignId, scale);
await t.app.close();
await t.database.handle.close();
console.log(JSON.stringify({ ...built, dataDir: t.database.dataDir, databaseUrl: t.database.url ?? null }, null, 2));
