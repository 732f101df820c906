/*
 * The platform at city, province and nation scale, as its users load it near a deadline: each
 * request below is sent for BENCH_SECONDS from keep-alive connections to the real server
 * (`safemonth serve`, its own process, on the generated data), and printed beside a baseline
 * measured in the same run with the same client and the same number of connections — a bare
 * Fastify answering a constant in a process of its own — with the ratio, and the server's peak
 * resident memory while the request was under load.
 *
 *   request                              who               connections
 *   public report intake (POST, JSON)    anonymous         50   also beside the durable one-row insert baseline route
 *   login                                a county reporter 50
 *   a unit's to-do list                  a county reporter 50
 *   the case queue, filtered             the office desk   50   status + county + overdue, first page
 *   a county's own case queue            county handler    50
 *   the desk's whole queue, first page   the office desk    1   every case, overdue first
 *   the obligations matrix               the office         1   every unit × every obligation
 *   consolidated statistics (roll-up)    the office         1
 *   consolidated statistics xlsx         the office         1
 *
 *   npm run bench                               (SQLite, the three scales)
 *   BENCH_DB=postgres npm run bench
 *   BENCH_SCALES=city,province BENCH_SECONDS=5 npm run bench
 *   BENCH_MAX_LOAD=1.0 …                        wait for a quiet machine before timing
 *   BENCH_OUT=results.json …                    also write the figures as JSON
 *
 * The data is built through the stores by bench/scale/generate.ts (its build times are printed);
 * the server runs with SAFEMONTH_CLOCK at the generated campaign's "now" (2022-06-20), rate
 * limits raised out of the way and proofs of work of 8 bits solved before timing (verifying one
 * costs the server one hash whatever its bits).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { loadText, quietMachine, signInOverHttp } from './support';
import { BENCH_NOW, SCALES, buildScale, type BuiltScale, type ScaleName } from './scale/generate';
import { drive, rssOf, startBareServer, type LoadResult, type Request } from './scale/load';

process.env.TEST_DB = process.env.BENCH_DB ?? 'sqlite';
const { startTestApp, ADMIN_PASSWORD } = await import('../test/support/harness');
const { buildAccount, TEST_PASSWORD } = await import('../test/support/factories');
const { startServerProcess } = await import('../test/support/server-process');
const { solvePow } = await import('../src/domain/cases/case.pow');
const { hashPassword, verifyPassword } = await import('../src/server/auth/password');

/** The password check alone (argon2id, the server's parameters), 50 at a time in this process: what a login cannot go below. */
async function passwordChecksPerSecond(seconds: number) {
  const stored = await hashPassword(TEST_PASSWORD);
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: LIGHT }, async () => {
    while (performance.now() < until) { if (!(await verifyPassword(stored, TEST_PASSWORD))) throw new Error('password check failed'); n++; }
  }));
  return (n / (performance.now() - start)) * 1000;
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LIGHT = 50;
/** The office's whole-campaign reads are one person's clicks, not a crowd's: one at a time, so the latency is the request's own. */
const HEAVY = 1;
const POW_BITS = 8;
const CODE = 'kunming-2022';

interface Row { scale: ScaleName; db: string; request: string; connections: number; result: LoadResult; baseline: LoadResult; second?: { name: string; result: LoadResult } }

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

async function login(baseUrl: string, username: string, password: string, recoveryCodes?: string[]) {
  return (await signInOverHttp(baseUrl, username, password, recoveryCodes)).join('; ');
}

/** Proofs of work for `n` reports, fetched like a browser does and solved here, before any timing. */
async function reportBodies(baseUrl: string, n: number, countyId: number, countyName: string): Promise<Buffer[]> {
  const sha = (s: string) => crypto.createHash('sha256').update(s).digest();
  const bodies: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const c = await (await fetch(`${baseUrl}/api/public/report-challenge`, { method: 'POST' })).json() as { challenge: string; bits: number };
    const nonce = await solvePow(c.challenge, c.bits, sha);
    bodies.push(json({
      challenge: c.challenge, nonce: String(nonce), category: 'gas_safety', countyId,
      address: `昆明市${countyName}某街道${i % 97 + 1}号小区北门餐馆后厨`,
      description: '餐馆后厨液化石油气钢瓶与灶具距离不足，软管老化龟裂，未安装可燃气体报警装置，营业时常闻到燃气味，请尽快检查处理。',
      whistleblower: i % 10 === 0, enterprise: i % 3 === 0 ? '某某餐饮店' : null, occurredOn: '2022-06-18', reporterName: null, reporterPhone: null,
    }));
  }
  return bodies;
}

async function benchScale(scale: ScaleName): Promise<{ built: BuiltScale; rows: Row[]; startMiB: number }> {
  const t = await startTestApp();
  const dialect = t.database.handle.dialect;
  console.error(`[${scale}/${dialect}] building ${JSON.stringify(SCALES[scale])}; load ${loadText()}`);
  const built = await buildScale(t.db, dialect, t.campaignId, scale);
  console.error(`[${scale}/${dialect}] built in ${built.seconds.total.toFixed(1)} s: ${JSON.stringify(built.seconds, (_k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
  const reporter = await buildAccount(t, { unitCode: built.county.code, roles: ['unit_reporter', 'case_handler'] });
  const campaignId = t.campaignId;
  // The administrator must have two-factor: set it up here, and sign the real server in with a recovery code.
  const office = t.client();
  await office.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  const adminRecovery = await office.enrolTwoFactor('admin');
  // The data stays; the in-process app goes, and the real server takes the database over.
  await t.app.close();
  await t.database.handle.close();

  const server = await startServerProcess({
    DATA_DIR: t.database.dataDir, DATABASE_URL: t.database.url ?? '', SAFEMONTH_CLOCK: BENCH_NOW.toISOString(),
    SAFEMONTH_ADMIN_PASSWORD: ADMIN_PASSWORD, SAFEMONTH_BENCH_BASELINE: 'true', REPORT_POW_BITS: String(POW_BITS),
    REPORT_RATE_PER_HOUR: '100000000', REPORT_LOOKUPS_PER_MINUTE: '100000000', PUBLIC_RATE_PER_MINUTE: '100000000', LOGIN_RATE_PER_MINUTE: '100000000',
  });
  const bare = await startBareServer();
  const rows: Row[] = [];
  try {
    const port = Number(new URL(server.baseUrl).port);
    const admin = await login(server.baseUrl, 'admin', ADMIN_PASSWORD, adminRecovery);
    const county = await login(server.baseUrl, reporter.username, TEST_PASSWORD);
    const startMiB = Math.round(rssOf(server.pid) / 1048576);
    const api = `/api/campaigns/${campaignId}`;
    const get = (p: string, cookie: string) => (): Request => ({ method: 'GET', path: p, headers: { cookie } });

    // Enough solved proofs for the intake's measured seconds at up to 6,000 a second (each is single-use).
    const bodies = await reportBodies(server.baseUrl, SECONDS * 6000, built.county.id, built.county.name);
    const loginBody = json({ username: reporter.username, password: TEST_PASSWORD });

    const baselines = new Map<number, LoadResult>();
    const bareAt = async (connections: number) => {
      if (!baselines.has(connections)) {
        const r = () => ({ method: 'GET' as const, path: '/constant' });
        await drive({ port: bare.port, pid: bare.pid, connections, seconds: 1, request: r });
        baselines.set(connections, await drive({ port: bare.port, pid: bare.pid, connections, seconds: SECONDS, request: r }));
      }
      return baselines.get(connections)!;
    };
    const measure = async (request: string, connections: number, make: (i: number) => Request | null, warm = true) => {
      await quietMachine(`${scale}/${dialect} ${request}`);
      const baseline = await bareAt(connections);
      if (warm) await drive({ port, pid: server.pid, connections, seconds: 1, request: make });
      const result = await drive({ port, pid: server.pid, connections, seconds: SECONDS, request: make });
      if (result.non2xx) throw new Error(`${request}: ${result.non2xx} refused; first: ${result.firstRefusal}`);
      const row: Row = { scale, db: dialect, request, connections, result, baseline };
      rows.push(row);
      console.error(`[${scale}/${dialect}] ${request}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, ${(result.rps / baseline.rps).toFixed(3)} of bare; server peak ${result.peakMiB} MiB`);
      return row;
    };

    // Intake: the durable one-row insert route first (same bodies' shape, its own proofs unneeded).
    const durable = await drive({ port, pid: server.pid, connections: LIGHT, seconds: SECONDS, request: (i) => ({ method: 'POST', path: '/api/bench/intake-baseline', body: bodies[i % bodies.length] }) });
    if (durable.non2xx) throw new Error(`durable baseline refused: ${durable.firstRefusal}`);
    let used = 0;
    const intake = await measure('public report intake', LIGHT, () => (used < bodies.length ? { method: 'POST', path: `/api/public/campaigns/${CODE}/reports`, body: bodies[used++] } : null), false);
    intake.second = { name: 'durable one-row insert', result: durable };

    const checks = await passwordChecksPerSecond(SECONDS);
    const loginRow = await measure('login', LIGHT, () => ({ method: 'POST', path: '/api/auth/login', body: loginBody }));
    loginRow.second = { name: 'argon2id check alone', result: { n: 0, rps: checks, p50: NaN, p99: NaN, non2xx: 0, peakMiB: 0, bytes: 0 } };
    await measure('a county’s to-do list', LIGHT, get(`${api}/obligations/mine`, county));
    await measure('case queue: status + county + overdue', LIGHT, get(`${api}/cases?queue=all&status=assigned&countyId=${built.county.id}&overdue=true`, admin));
    await measure('a county’s own case queue', LIGHT, get(`${api}/cases?queue=mine`, county));
    await measure('the desk’s whole queue, first page', HEAVY, get(`${api}/cases?queue=all`, admin));
    await measure('obligations matrix (every unit)', HEAVY, get(`${api}/obligations/matrix`, admin));
    await measure('consolidated statistics (roll-up)', HEAVY, get(`${api}/statistics/rollup`, admin));
    await measure('consolidated statistics xlsx', HEAVY, get(`${api}/statistics/export.xlsx`, admin));
    return { built, rows, startMiB };
  } finally {
    await bare.stop();
    await server.stop();
    await t.database.drop();
  }
}

async function main() {
  const scales = (process.env.BENCH_SCALES ?? 'city,province,nation').split(',') as ScaleName[];
  const before = loadText();
  const all: { built: BuiltScale; rows: Row[]; startMiB: number }[] = [];
  for (const s of scales) all.push(await benchScale(s));
  const db = all[0]?.rows[0]?.db ?? process.env.TEST_DB;

  console.log(`\n${db}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${SECONDS} s per request; load before ${before}, after ${loadText()}`);
  console.log('\nbuild (s) through the stores:');
  console.log('| scale | units | fulfilments | statistics tables | activities | cases | units s | fulfilments s | statistics s | activities s | cases s | analyze s | total s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { built: b } of all) {
    const s = b.seconds;
    console.log(`| ${b.scale} | ${b.rows.units} | ${b.rows.fulfilments} | ${b.rows.statistics} | ${b.rows.activities} | ${b.rows.cases} | ${[s.units, s.fulfilments, s.statistics, s.activities, s.cases, s.analyze, s.total].map((n) => n.toFixed(1)).join(' | ')} |`);
  }
  console.log('\n| scale | request | conn. | req/s | p50 ms | p99 ms | bare route req/s | ratio | server peak MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { rows, startMiB } of all) {
    for (const r of rows) {
      const p99 = Number.isNaN(r.second?.result.p99) ? '' : `, p99 ${r.second?.result.p99.toFixed(1)} ms`;
      const extra = r.second ? ` (${r.second.name}: ${r.second.result.rps.toFixed(0)}/s${p99}, ratio ${(r.result.rps / r.second.result.rps).toFixed(2)})` : '';
      console.log(`| ${r.scale} | ${r.request}${extra} | ${r.connections} | ${r.result.rps.toFixed(0)} | ${r.result.p50.toFixed(1)} | ${r.result.p99.toFixed(1)} | ${r.baseline.rps.toFixed(0)} | ${(r.result.rps / r.baseline.rps).toFixed(3)} | ${r.result.peakMiB} (start ${startMiB}) |`);
    }
  }
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify(all, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
