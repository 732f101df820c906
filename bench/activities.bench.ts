/*
 * Activity records at nation scale: the office's list (first page, and filtered by category, dates
 * and status), a county's list (its subtree), and the calendar of June for the office and for a
 * county, each through the activity service, beside a baseline measured in the same run on the same
 * rows: one SQL statement returning the same page of ids with the same filter and order (for the
 * calendar: the id and days of every activity it covers, in its order), the least either must read.
 *
 *   npm run bench:activities                     (SQLite)
 *   BENCH_DB=postgres npm run bench:activities
 *   BENCH_ACTIVITIES=20000 BENCH_UNITS=2000 npm run bench:activities
 *   BENCH_MAX_LOAD=1.0 …                         wait for a quiet machine before building and before timing
 *   BENCH_KEEP=1 …                               keep the database afterwards, to EXPLAIN its queries
 *
 * Shape: the units of bench/statistics.bench.ts (half under the city office — counties, zones,
 * departments, enterprises in turn — half townships under the counties), and activities spread
 * evenly over them, over the campaign's task categories and over each category's period, with a
 * mix of states; everything from one seed, written through the stores by bench/scale/generate.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import { loadText, median, quietMachine, random } from './support';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp } = await import('../test/support/harness');
const { findCampaign } = await import('../src/server/features/campaigns/campaign.store');
const { findUnitByCode } = await import('../src/server/features/orgs/unit.store');
const { findAccountByUsername } = await import('../src/server/features/accounts/account.store');
const { buildUnits, buildActivities } = await import('./scale/generate');
const { activityService } = await import('../src/server/features/activities/activity.service');
const { listQuery, calendarQuery } = await import('../src/server/features/activities/activity.schema');
type Actor = import('../src/server/auth/actor').Actor;

const UNITS = Number(process.env.BENCH_UNITS ?? 30_000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MONTH = '2022-06';
const MONTH_END = '2022-06-30';
/** What a calendar day shows at most: the service's CALENDAR_ITEMS_PER_DAY. */
const SHOWN_PER_DAY = 20;
/** A filter an office would use: one task, ten days, what it accepted. */
const FILTER: { category: string; status: 'accepted'; from: string; to: string } = { category: 'drills', status: 'accepted', from: '2022-06-10', to: '2022-06-20' };

const DAY = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const dayText = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

async function main() {
  const buildLoad = await quietMachine('build');
  const t = await startTestApp();
  const db = t.db;
  const dialect = t.database.handle.dialect;
  const cid = t.campaignId;
  const now = new Date('2022-06-20T10:00:00+08:00');
  const def = (await findCampaign(db, cid))!.definition;
  const city = (await findUnitByCode(db, '530100-AW'))!;
  const admin = (await findAccountByUsername(db, 'admin'))!;
  const rand = random(2022);

  let started = performance.now();
  const units = await buildUnits(db, UNITS, now);
  const unitSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  await buildActivities(db, cid, def, units, ACTIVITIES, rand);
  const activitySeconds = (performance.now() - started) / 1000;

  // Autovacuum would have run on a live PostgreSQL after such a load: its statistics and visibility
  // map are what the planner relies on. SQLite is measured as the server leaves it (no ANALYZE).
  started = performance.now();
  if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
  const vacuumSeconds = (performance.now() - started) / 1000;

  const service = activityService({ db, now: () => now });
  const office: Actor = {
    accountId: admin.id, username: 'admin', unitId: city.id, unitType: 'city_office', unitPath: city.path,
    roles: new Set(['city_admin']), csrfToken: '',
  };
  const b0 = units.find((u) => u.type === 'county')!;
  const county: Actor = {
    accountId: admin.id, username: 'bench-county', unitId: b0.id, unitType: 'county', unitPath: b0.path,
    roles: new Set(['unit_reporter']), csrfToken: '',
  };
  const countyUnits = units.filter((u) => u.path.startsWith(b0.path)).length;

  /**
   * The filter as the store writes it: a subtree as `units CROSS JOIN activities`, the form SQLite
   * plans well (with a plain JOIN it walked the campaign in date order: 57 ms for a county's page
   * of ids, 1.4 s for its month).
   */
  const from = (subtree: string | null) => subtree
    ? sql`units s CROSS JOIN activities x WHERE x.unit_id = s.id AND s.path LIKE ${`${subtree}%`} AND`
    : sql`activities x WHERE`;
  const conditions = (f: Partial<typeof FILTER>) => {
    const where: RawBuilder<unknown>[] = [sql`x.campaign_id = ${cid}`];
    if (f.category) where.push(sql`x.category = ${f.category}`);
    if (f.status) where.push(sql`x.status = ${f.status}`);
    if (f.from) where.push(sql`x.ends_on >= ${f.from}`);
    if (f.to) where.push(sql`x.starts_on <= ${f.to}`);
    return sql.join(where, sql` AND `);
  };
  /** The page of ids the list shows, in one statement. */
  const pageIds = async (subtree: string | null, f: Partial<typeof FILTER>) => {
    const q = sql<{ id: number }>`SELECT x.id FROM ${from(subtree)} ${conditions(f)} ORDER BY x.starts_on DESC, x.id DESC LIMIT 50`;
    return (await q.execute(db)).rows.map((r) => r.id);
  };
  /** Not part of the baseline, but what the list's total costs on its own. */
  const countAll = async (subtree: string | null, f: Partial<typeof FILTER>) =>
    (await sql<{ n: number }>`SELECT count(*) AS n FROM ${from(subtree)} ${conditions(f)}`.execute(db)).rows[0]!.n;
  /** What the calendar reads: each covered activity's id and days, in its order. */
  const monthRows = async (subtree: string | null) => {
    const q = sql<{ id: number; starts_on: string; ends_on: string }>`SELECT x.id, x.starts_on, x.ends_on
      FROM ${from(subtree)} ${conditions({ from: `${MONTH}-01`, to: MONTH_END })} ORDER BY x.starts_on, x.id`;
    return (await q.execute(db)).rows;
  };
  /** Days in June each row covers: what the calendar's day counts must add up to. */
  const coveredDays = (rows: { starts_on: string; ends_on: string }[]) => rows.reduce((n, r) => {
    const from = Math.max(dayNumber(r.starts_on), dayNumber(`${MONTH}-01`));
    const to = Math.min(dayNumber(r.ends_on), dayNumber(MONTH_END));
    return n + to - from + 1;
  }, 0);

  const measureLoad = await quietMachine('measure');
  const results: { name: string; baseline: number; service: number; count?: number; rows: string; peakMiB: number; growthMiB: number }[] = [];

  const lists: [string, Actor, Partial<typeof FILTER>][] = [
    ['office list, first page of 50', office, {}],
    [`office list, ${FILTER.category} + ${FILTER.from}..${FILTER.to} + ${FILTER.status}`, office, FILTER],
    [`county list (subtree of ${countyUnits} units), first page`, county, {}],
  ];
  const calendars: [string, Actor][] = [['office calendar ' + MONTH, office], ['county calendar ' + MONTH, county]];
  const subtreeOf = (actor: Actor) => (actor === office ? null : actor.unitPath);

  // Every service figure before any baseline: the calendar's baseline reads 900,000 rows into this
  // process, and a peak taken after it would be that memory's.
  const listed = [];
  for (const [name, actor, f] of lists) listed.push({ name, actor, f, got: await median(() => service.list(actor, cid, listQuery.parse(f)), RUNS) });
  const shown = [];
  for (const [name, actor] of calendars) shown.push({ name, actor, got: await median(() => service.calendar(actor, cid, calendarQuery.parse({ month: MONTH })), RUNS) });

  for (const { name, actor, f, got } of listed) {
    const base = await median(() => pageIds(subtreeOf(actor), f), RUNS);
    const count = await median(() => countAll(subtreeOf(actor), f), RUNS);
    const ids = got.value.items.map((i) => i.id);
    if (ids.join() !== base.value.join()) throw new Error(`${name}: the service's page ${ids.slice(0, 5).join()}… ≠ the baseline's ${base.value.slice(0, 5).join()}…`);
    if (Number(count.value) !== got.value.total) throw new Error(`${name}: total ${got.value.total} ≠ count(*) ${count.value}`);
    results.push({ name, baseline: base.ms, service: got.ms, count: count.ms, rows: `${got.value.total} (page ${ids.length})`, peakMiB: got.peakMiB, growthMiB: got.peakMiB - got.startMiB });
  }
  for (const { name, actor, got } of shown) {
    const base = await median(() => monthRows(subtreeOf(actor)), RUNS);
    const counted = got.value.days.reduce((n, d) => n + d.count, 0);
    if (counted !== coveredDays(base.value)) throw new Error(`${name}: the calendar counts ${counted} activity-days, the rows cover ${coveredDays(base.value)}`);
    // Each day shows the first activities under way on it, in (start day, id) order: the baseline's rows say which.
    const firstOf = new Map<string, number[]>();
    for (const r of base.value) {
      for (let d = Math.max(dayNumber(r.starts_on), dayNumber(`${MONTH}-01`)); d <= Math.min(dayNumber(r.ends_on), dayNumber(MONTH_END)); d++) {
        const list = firstOf.get(dayText(d)) ?? [];
        if (list.length < SHOWN_PER_DAY) list.push(r.id);
        firstOf.set(dayText(d), list);
      }
    }
    for (const d of got.value.days) {
      if (d.items.map((i) => i.id).join() !== firstOf.get(d.date)?.join()) throw new Error(`${name}: ${d.date} shows other activities than the first under way`);
    }
    results.push({ name, baseline: base.ms, service: got.ms, rows: `${base.value.length} (${got.value.days.length} days)`, peakMiB: got.peakMiB, growthMiB: got.peakMiB - got.startMiB });
  }
  const endLoad = loadText();

  console.log(`\nactivities, ${dialect}: ${UNITS.toLocaleString('en')} units, ${ACTIVITIES.toLocaleString('en')} activities; median of ${RUNS} runs after a warm-up; peak RSS of the whole process, and its growth over the first measured run's start`);
  console.log(`build: units ${unitSeconds.toFixed(1)} s, activities ${activitySeconds.toFixed(1)} s (${Math.round(ACTIVITIES / activitySeconds).toLocaleString("en")} rows/s)${dialect === 'postgres' ? `, VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s` : ''}`);
  console.log(`load average (1/5/15 min): before the build ${buildLoad}; before timing ${measureLoad}; after ${endLoad}`);
  console.log('| request | baseline SQL ms | service ms | ratio | count(*) alone ms | rows matching (shown) | peak RSS MiB (growth) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.baseline.toFixed(2)} | ${r.service.toFixed(1)} | ${(r.service / r.baseline).toFixed(2)} | ${r.count === undefined ? '—' : r.count.toFixed(2)} | ${r.rows} | ${r.peakMiB} (+${r.growthMiB}) |`);
  }
  if (process.env.BENCH_KEEP) {
    console.log(`kept: ${t.database.url ?? `${t.database.dataDir}/safemonth.db`}, data folder ${t.database.dataDir} (campaign ${cid}, office path ${city.path}, county path ${b0.path})`);
    await t.app.close();
    await t.database.handle.close();
  } else await t.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
