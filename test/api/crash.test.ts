import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDb, testDialect } from '../support/harness';
import { solidJpeg } from '../support/files';
import {
  count, freshTarget, HttpClient, killAllServers, PROCESS_ADMIN_PASSWORD, proofOfWork, reportForm, sha256OfFile, startServerProcess, tableNames,
  type ServerProcess, type Target,
} from '../support/server-process';
import { checkCluster, privatePostgresAvailable, privateTarget, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';

/*
 * kill -9 under load. The real server process takes public reports (JSON, and some with a photo),
 * liaison-form versions and statistics tables (附件2: saved, submitted, returned by the office) from
 * 20 concurrent callers; after about 2 s it is killed with SIGKILL, and on PostgreSQL the database
 * server is killed with it, every process of its cluster (a private one: the shared cluster serves
 * the other test files). The cluster recovers from its WAL, the data is checked as the dead
 * processes left it, and the server is started again on the same data. Three rounds.
 *
 * Every answer that was a 2xx must then be found, whole: the receipt opens its case with the
 * category sent and the row holds the description sent; the liaison version reads back with its
 * values; each acknowledged step of a statistics table is the step of that revision in the table's
 * history and audit trail, with its figures, and the table reads back at that revision (or the one
 * after, when a request unanswered at the kill committed). Nothing half-written may be visible: no
 * report without its 'receive' event, no event without its case, no case file without its file on
 * disk (with its sha256), no liaison version without its audit record and its unit's fulfilment, no
 * statistics revision without its step and audit record, no first submission without its fulfilment.
 */

const ROUNDS = 3;
const LOAD_MS = 2000;
const CONCURRENCY = 20;
const LIAISON_WORKERS = 4;
const PHOTO_WORKERS = 1;
/** Each a county's reporter, filing the county's table and its townships'. */
const STATISTICS_WORKERS = 3;
/** Fresh tables to submit for the first time, so that kills land on first submissions (and their fulfilments) in every round. */
const TOWNSHIPS_PER_COUNTY = 45;
const CODE = 'kunming-2022';
const REPORTER_PASSWORD = 'county-reporter-2022';
const ENV = {
  REPORT_POW_BITS: '1', REPORT_RATE_PER_HOUR: '1000000', PUBLIC_RATE_PER_MINUTE: '1000000',
  REPORT_LOOKUPS_PER_MINUTE: '1000000', LOGIN_RATE_PER_MINUTE: '1000',
};

interface AckedReport { receipt: string; reference: string; category: string; description: string; photo: boolean }
interface AckedLiaison { id: number; unitId: number; version: number; values: Record<string, string> }
type StatisticsAction = 'save' | 'submit' | 'return';
interface AckedStatistics { unitId: number; reportId: number; revision: number; action: StatisticsAction; status: string; values: Record<string, number> }

/** A county reporter's desk: the units whose tables it files, taken in turn; `visit` is the table in hand and what is left to do to it. */
interface Desk {
  username: string;
  units: number[];
  next: number;
  visit?: { unitId: number; revision?: number; steps: StatisticsAction[] };
}

/** Figures that break no rule of the campaign and are never outliers (the check asks about 10× the peers' median, taken as at least 1). */
function figures(round: number, seq: number, submit: boolean): Record<string, number> {
  const draft = { drills_held: 1 + (seq % 5), drill_participants: 10 };
  if (!submit) return draft;
  return { ...draft, study_sessions: 1 + (seq % 3), study_participants: 10, hazards_found: 9, hazards_rectified: seq % 10, banners_slogans: round };
}

const sameFigures = (a: Record<string, number> | undefined, b: Record<string, number>) =>
  !!a && Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/** On PostgreSQL the test kills the database server too, so it needs a cluster of its own. */
const describeCrash = testDialect === 'postgres' ? (privatePostgresAvailable() ? describe : describe.skip) : describeDb;

describeCrash('crash: kill -9 under load loses no acknowledged write', () => {
  let cluster: PrivatePostgres | undefined;
  let target: Target;
  let server: ServerProcess | undefined;
  let campaignId: number;
  let counties: { id: number; code: string }[];
  let categories: string[];
  let photo: Buffer;
  const desks: Desk[] = [];
  const reports: AckedReport[] = [];
  const liaisons: AckedLiaison[] = [];
  const statistics: AckedStatistics[] = [];

  const start = async () => { server = await startServerProcess({ ...target.env, ...ENV }); return server; };
  const statisticsUrl = (unitId: number) => `/api/campaigns/${campaignId}/statistics/units/${unitId}`;

  beforeAll(async () => {
    if (testDialect === 'postgres') {
      cluster = await startPrivatePostgres();
      target = privateTarget(cluster);
    } else {
      target = await freshTarget();
    }
    photo = await solidJpeg(64, 48, '#aa3311');
    const s = await start();
    const admin = await new HttpClient(s.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    campaignId = ((await admin.get('/api/campaigns')).body as { id: number; code: string }[]).find((c) => c.code === CODE)!.id;
    const form = await new HttpClient(s.baseUrl).get(`/api/public/campaigns/${CODE}/report-form`);
    counties = form.body.counties;
    categories = form.body.categories.map((c: { key: string }) => c.key);
    // Counties owe the table and push it down to their townships; the liaison workers use the first counties, these the last.
    await Promise.all(Array.from({ length: STATISTICS_WORKERS }, async (_, w) => {
      const county = counties[counties.length - 1 - w]!;
      const username = `stats.${county.code}`;
      const account = await admin.post('/api/accounts', { username, displayName: `${county.code}统计填报员`, unitId: county.id, roles: ['unit_reporter'], password: `${REPORTER_PASSWORD}-first` });
      expect(account.status, JSON.stringify(account.body)).toBe(201);
      // The office's password must be changed before the account may do anything (the API enforces it).
      const first = await new HttpClient(s.baseUrl).login(username, `${REPORTER_PASSWORD}-first`);
      expect((await first.post('/api/auth/password', { currentPassword: `${REPORTER_PASSWORD}-first`, newPassword: REPORTER_PASSWORD })).status).toBe(204);
      const units = [county.id];
      for (let t = 1; t <= TOWNSHIPS_PER_COUNTY; t++) {
        const u = await admin.post('/api/units', { code: `${county.code}-T${t}`, name: `${county.code}第${t}街道`, type: 'township', parentId: county.id });
        expect(u.status, JSON.stringify(u.body)).toBe(201);
        units.push(u.body.id);
      }
      desks.push({ username, units, next: 0 });
    }));
  }, 90_000);
  afterAll(async () => {
    await killAllServers();
    await target?.drop();
    await cluster?.stop();
  });

  /**
   * One request of a desk: open the next table (its state read from the server, which after a kill may
   * hold a write that was never answered), then save it, submit it; a submitted table the office returns first.
   * Returns what was acknowledged, or why not.
   */
  async function statisticsStep(desk: Desk, reporter: HttpClient, admin: HttpClient, round: number, seq: number): Promise<{ acked: boolean; refusal?: string }> {
    if (!desk.visit) {
      const unitId = desk.units[desk.next++ % desk.units.length]!;
      const r = await reporter.get(statisticsUrl(unitId));
      if (r.status !== 200) return { acked: false, refusal: `statistics open ${r.status}` };
      const report = r.body.report as { revision: number; status: string } | null;
      desk.visit = { unitId, revision: report?.revision, steps: report?.status === 'submitted' ? ['return', 'save', 'submit'] : ['save', 'submit'] };
      return { acked: false };
    }
    const { unitId, revision } = desk.visit;
    const action = desk.visit.steps[0]!;
    const sent = action === 'return' ? undefined : figures(round, seq, action === 'submit');
    const r = action === 'return' ? await admin.post(`${statisticsUrl(unitId)}/return`, { comment: '请核实应急演练参与人次' })
      : action === 'save' ? await reporter.send('PUT', statisticsUrl(unitId), { values: sent, revision })
        : await reporter.post(`${statisticsUrl(unitId)}/submit`, { values: sent, revision });
    if (r.status !== 200) return { acked: false, refusal: `statistics ${action} ${r.status}` };
    const report = r.body.report as { id: number; revision: number; status: string; values: Record<string, number> };
    // An answer must carry what was sent (a submitted table also has every other indicator, as 0).
    if (sent && !Object.entries(sent).every(([k, v]) => report.values[k] === v)) return { acked: false, refusal: `statistics ${action} answered other figures` };
    statistics.push({ unitId, reportId: report.id, revision: report.revision, action, status: report.status, values: report.values });
    desk.visit.revision = report.revision;
    desk.visit.steps.shift();
    if (!desk.visit.steps.length) desk.visit = undefined;
    return { acked: true };
  }

  /** 20 callers until the kill: each 2xx is kept; an error or a non-2xx is a request that was not acknowledged. */
  async function loadUntilKilled(s: ServerProcess, round: number) {
    const admin = await new HttpClient(s.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    const reporters = await Promise.all(desks.map((d) => new HttpClient(s.baseUrl).login(d.username, REPORTER_PASSWORD)));
    // A table in hand when the last round was killed is opened again: its state is the server's, not the caller's.
    for (const d of desks) d.visit = undefined;
    let killed = false;
    const stats = { acked: 0, unanswered: 0, refused: 0 };
    const refusals = new Map<string, number>();
    const refuse = (what: string) => { stats.refused++; refusals.set(what, (refusals.get(what) ?? 0) + 1); };
    const worker = async (w: number) => {
      const citizen = new HttpClient(s.baseUrl);
      for (let seq = 0; !killed; seq++) {
        try {
          if (w < LIAISON_WORKERS) {
            // One county per caller: versions of one unit are numbered in turn, so parallel callers would clash (409).
            const unit = counties[w]!;
            const values = {
              liaison_name: `联络员${round}-${w}-${seq}`, liaison_position: '科员', liaison_office_phone: '0871-63104019',
              liaison_mobile: `13${String(round)}${String(w).padStart(2, '0')}${String(seq).padStart(6, '0')}`,
              liaison_email: `r${round}w${w}s${seq}@km.gov.cn`, leader_name: '李四', leader_position: '副局长', leader_phone: '0871-63104020',
            };
            const r = await admin.post(`/api/campaigns/${campaignId}/liaisons`, { unitId: unit.id, values });
            if (r.status === 201) { liaisons.push({ id: r.body.id, unitId: unit.id, version: r.body.version, values }); stats.acked++; }
            else refuse(`liaison ${r.status}`);
            continue;
          }
          const desk = w - LIAISON_WORKERS - PHOTO_WORKERS;
          if (desk >= 0 && desk < STATISTICS_WORKERS) {
            const step = await statisticsStep(desks[desk]!, reporters[desk]!, admin, round, seq);
            if (step.acked) stats.acked++;
            if (step.refusal) refuse(step.refusal);
            continue;
          }
          const withPhoto = w < LIAISON_WORKERS + PHOTO_WORKERS;
          const category = categories[seq % categories.length]!;
          const description = `第${round}轮 调用方${w} 第${seq}次：仓库内违规存放危险化学品，无通风设施。`;
          const facts = { category, countyId: counties[(w + seq) % counties.length]!.id, address: `五华区某街道${seq}号`, description, whistleblower: false };
          const pow = await proofOfWork(citizen);
          const body = withPhoto ? reportForm({ ...pow, ...facts }, [{ data: photo, name: 'IMG.jpg' }]) : { ...pow, ...facts };
          const r = await citizen.post(`/api/public/campaigns/${CODE}/reports`, body);
          if (r.status === 201) { reports.push({ ...r.body, category, description, photo: withPhoto }); stats.acked++; }
          else refuse(`report ${r.status}`);
        } catch {
          // The connection died with the process: the request may or may not have been committed.
          stats.unanswered++;
          if (killed) return;
        }
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, LOAD_MS));
    killed = true;
    // The app first: once it is dead no answer can follow, so the database dying a moment later shows up as no answer, never as a 500.
    await Promise.all([s.kill9(), cluster?.crash()]);
    await Promise.all(workers);
    // Refusals under load would mean the load was not what it claims (a 409 on a liaison clash is the one tolerated).
    for (const [what, n] of refusals) if (!what.startsWith('liaison 409')) throw new Error(`${n} × ${what} during the load`);
    return stats;
  }

  /** The checks on data no process holds open: what the killed server left (on PostgreSQL, after the cluster's crash recovery). */
  async function checkAtRest(label: string) {
    if (testDialect === 'sqlite') {
      const db = new SQLite(path.join(target.dataDir, 'safemonth.db'), { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma('integrity_check', { simple: true }), label).toBe('ok');
        expect(db.pragma('foreign_key_check'), label).toEqual([]);
      } finally {
        db.close();
      }
    }
    const clusterCheck = cluster ? await checkCluster(cluster.url) : undefined;
    expect(clusterCheck?.problems ?? [], label).toEqual([]);
    // Every table answers a count (on PostgreSQL this is the server's own consistency, seen through the app's schema).
    for (const t of await tableNames(target)) expect(await count(target, t), `${label}: ${t}`).toBeGreaterThanOrEqual(0);
    const statisticsFulfilments = (r: string) => `(SELECT COUNT(*) FROM obligation_fulfilments f WHERE f.unit_id = ${r}.unit_id
      AND f.obligation_key = 'statistics_table' AND f.source_type = 'statistics' AND f.source_id = CAST(${r}.id AS TEXT))`;
    const halfWritten = {
      reportsWithoutReceiveEvent: await count(target, 'cases c', "WHERE c.source = 'public' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'receive')"),
      eventsWithoutCase: await count(target, 'case_events e', 'WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)'),
      filesWithoutCase: await count(target, 'case_files f', 'WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = f.case_id)'),
      liaisonsWithoutAudit: await count(target, 'liaison_submissions s',
        "WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'liaison.submit' AND a.entity_id = CAST(s.id AS TEXT))"),
      liaisonUnitsWithoutFulfilment: await count(target, 'liaison_submissions s',
        "WHERE NOT EXISTS (SELECT 1 FROM obligation_fulfilments f WHERE f.unit_id = s.unit_id AND f.obligation_key = 'liaison_form')"),
      // Each write of a table raises its revision by one and records one step and one audit record, in one transaction.
      statisticsRevisionsWithoutStep: await count(target, 'statistics_reports r',
        'WHERE r.revision <> (SELECT COUNT(*) FROM statistics_events e WHERE e.report_id = r.id)'),
      statisticsRevisionsWithoutAudit: await count(target, 'statistics_reports r',
        "WHERE r.revision <> (SELECT COUNT(*) FROM audit_log a WHERE a.entity_type = 'statistics_report' AND a.entity_id = CAST(r.id AS TEXT))"),
      statisticsStepsWithoutTable: await count(target, 'statistics_events e', 'WHERE NOT EXISTS (SELECT 1 FROM statistics_reports r WHERE r.id = e.report_id)'),
      // The first submission records the obligation's fulfilment, once; a draft has none.
      statisticsFirstSubmissionsWithoutFulfilment: await count(target, 'statistics_reports r',
        `WHERE (CASE WHEN r.first_submitted_at IS NULL THEN 0 ELSE 1 END) <> ${statisticsFulfilments('r')}`),
      statisticsFulfilmentsWithoutTable: await count(target, 'obligation_fulfilments f', `WHERE f.source_type = 'statistics'
        AND NOT EXISTS (SELECT 1 FROM statistics_reports r WHERE CAST(r.id AS TEXT) = f.source_id AND r.first_submitted_at IS NOT NULL)`),
      statisticsSubmittedWithoutTime: await count(target, 'statistics_reports r', "WHERE r.status = 'submitted' AND r.submitted_at IS NULL"),
    };
    expect(halfWritten, label).toEqual(Object.fromEntries(Object.keys(halfWritten).map((k) => [k, 0])));
    const files = await target.query('SELECT storage_key, thumb_key, display_key, sha256 FROM case_files');
    const media = path.join(target.dataDir, 'media');
    for (const f of files) {
      const original = path.join(media, 'originals', String(f.storage_key));
      expect(fs.existsSync(original), `${label}: ${original}`).toBe(true);
      expect(sha256OfFile(original), `${label}: ${original}`).toBe(f.sha256);
      for (const k of [f.thumb_key, f.display_key]) if (k) expect(fs.existsSync(path.join(media, 'derived', String(k))), `${label}: derived ${String(k)}`).toBe(true);
    }
    // A file renamed into place whose COMMIT never came is allowed (ARCHITECTURE: the crash window's only leftover).
    const referenced = new Set(files.flatMap((f) => [f.storage_key, f.thumb_key, f.display_key].filter(Boolean).map(String)));
    const onDisk = ['originals', 'derived'].flatMap((d) => (fs.existsSync(path.join(media, d)) ? fs.readdirSync(path.join(media, d)) : []));
    return {
      caseFiles: files.length,
      unreferencedFiles: onDisk.filter((f) => !f.startsWith('.tmp-') && !referenced.has(f)).length,
      firstSubmissions: await count(target, 'statistics_reports', 'WHERE first_submitted_at IS NOT NULL'),
      clusterCheck,
    };
  }

  /**
   * Each acknowledged step of a table is the step of its revision in the table's history and audit
   * trail, with its status and figures; the table itself reads back, through the restarted server,
   * at the last acknowledged revision, or the next one when a request unanswered at the kill committed.
   */
  async function findStatistics(admin: HttpClient, lost: string[]) {
    let found = 0;
    const steps = new Map<number, { action: string; status: string }[]>();
    for (const e of await target.query('SELECT report_id, action, status FROM statistics_events ORDER BY id')) {
      const id = Number(e.report_id);
      steps.set(id, [...(steps.get(id) ?? []), { action: String(e.action), status: String(e.status) }]);
    }
    const audits = new Map<number, { action: string; after: { status?: string; values?: Record<string, number> } }[]>();
    for (const a of await target.query("SELECT entity_id, action, after_json FROM audit_log WHERE entity_type = 'statistics_report' ORDER BY id")) {
      const id = Number(a.entity_id);
      audits.set(id, [...(audits.get(id) ?? []), { action: String(a.action), after: JSON.parse(String(a.after_json)) }]);
    }
    const last = new Map<number, AckedStatistics>();
    for (const s of statistics) if ((last.get(s.unitId)?.revision ?? 0) < s.revision) last.set(s.unitId, s);
    const tables = new Map<number, { status: number; report: { id: number; revision: number; status: string; values: Record<string, number>; firstSubmittedAt: string | null } | null }>();
    const queue = [...last.keys()];
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let unitId = queue.pop(); unitId !== undefined; unitId = queue.pop()) {
        const r = await admin.get(statisticsUrl(unitId));
        tables.set(unitId, { status: r.status, report: r.status === 200 ? r.body.report : null });
      }
    }));
    const submitted = new Set(statistics.filter((s) => s.action === 'submit').map((s) => s.reportId));
    for (const s of statistics) {
      const step = steps.get(s.reportId)?.[s.revision - 1];
      const audit = audits.get(s.reportId)?.[s.revision - 1];
      let intact = step?.action === s.action && step.status === s.status && audit?.action === `statistics.${s.action}` && audit.after.status === s.status
        && (s.action === 'return' || sameFigures(audit.after.values, s.values));
      if (last.get(s.unitId) === s) {
        const { status, report } = tables.get(s.unitId)!;
        intact &&= status === 200 && report?.id === s.reportId
          && (report.revision === s.revision ? report.status === s.status && sameFigures(report.values, s.values) : report.revision === s.revision + 1)
          && (!submitted.has(s.reportId) || report.firstSubmittedAt !== null);
      }
      if (intact) found++;
      else {
        lost.push(`statistics ${s.action} of unit ${s.unitId} (table ${s.reportId} r${s.revision}): step ${JSON.stringify(step)}, `
          + `audit ${JSON.stringify(audit).slice(0, 200)}, now ${JSON.stringify(tables.get(s.unitId)).slice(0, 200)}`);
      }
    }
    return found;
  }

  /** Every acknowledged write, read back through the restarted server (and its row, for what the API does not show). */
  async function findAcknowledged(s: ServerProcess) {
    const admin = await new HttpClient(s.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    const citizen = new HttpClient(s.baseUrl);
    const lost: string[] = [];
    let found = 0;
    const rows = new Map((await target.query("SELECT id, category, description FROM cases WHERE source = 'public'")).map((r) => [Number(r.id), r]));
    const queue = [...reports];
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (let a = queue.pop(); a; a = queue.pop()) {
        const st = await citizen.post('/api/public/report-status', { receipt: a.receipt });
        const row = rows.get(Number(a.reference.slice(5)));
        const intact = st.status === 200 && st.body.reference === a.reference && st.body.category.key === a.category
          && st.body.evidenceFiles === (a.photo ? 1 : 0) && row?.description === a.description && row?.category === a.category;
        if (intact) found++;
        else lost.push(`report ${a.reference}: status ${st.status}, ${JSON.stringify(st.body).slice(0, 200)}, row ${JSON.stringify(row)}`);
      }
    }));
    const byUnit = new Map<number, { id: number; version: number; values: Record<string, string> }[]>();
    for (const unitId of new Set(liaisons.map((l) => l.unitId))) {
      const h = await admin.get(`/api/campaigns/${campaignId}/liaisons/${unitId}/versions`);
      expect(h.status).toBe(200);
      byUnit.set(unitId, h.body.versions);
    }
    for (const l of liaisons) {
      const v = byUnit.get(l.unitId)!.find((x) => x.id === l.id);
      if (v && v.version === l.version && Object.entries(l.values).every(([k, x]) => v.values[k] === x)) found++;
      else lost.push(`liaison ${l.id} (unit ${l.unitId} v${l.version}): ${JSON.stringify(v)}`);
    }
    found += await findStatistics(admin, lost);
    return { found, lost };
  }

  it(`kills the server${testDialect === 'postgres' ? ' and its PostgreSQL cluster' : ''} ${ROUNDS} times under ${CONCURRENCY} concurrent writers: every acknowledged report, liaison version and statistics step survives whole`, async () => {
    const started = Date.now();
    const totals = { acked: 0, unanswered: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const stats = await loadUntilKilled(server!, round);
      totals.acked += stats.acked;
      totals.unanswered += stats.unanswered;
      if (cluster) {
        const logged = cluster.log().length;
        await cluster.start();
        // The cluster did not shut down: it replays its WAL, which is what this round puts to the test.
        expect(cluster.log().slice(logged), 'crash recovery').toContain('automatic recovery in progress');
      }
      const atRest = await checkAtRest(`after kill ${round}`);
      await start();
      const { found, lost } = await findAcknowledged(server!);
      const acknowledged = reports.length + liaisons.length + statistics.length;
      const check = atRest.clusterCheck;
      console.log(`[crash ${testDialect}] round ${round}: ${stats.acked} acknowledged this round (${acknowledged} in all: ${reports.length} reports, `
        + `${liaisons.length} liaison versions, ${statistics.length} statistics steps of which ${statistics.filter((x) => x.action === 'submit').length} submissions), `
        + `${stats.unanswered} without an answer at the kill, ${found} found, ${lost.length} lost; `
        + `${atRest.caseFiles} case files intact, ${atRest.unreferencedFiles} unreferenced files left by the kill; ${atRest.firstSubmissions} tables submitted with their fulfilment`
        + (check ? `; cluster recovered: ${check.amcheck ? `amcheck on ${check.btreeIndexes} btree indexes and ${check.heapTables} tables` : 'no amcheck'}, `
          + `${check.foreignKeys} foreign keys re-checked, ${check.problems.length} problems` : ''));
      expect(lost, lost.slice(0, 5).join('\n')).toEqual([]);
      expect(found).toBe(acknowledged);
      expect(stats.acked, 'the load must have written something before the kill').toBeGreaterThan(0);
    }
    expect(statistics.filter((x) => x.action === 'submit').length, 'the load must have submitted statistics tables').toBeGreaterThan(0);
    // The restarted server also answers its checks in a live state.
    await checkAtRest('after the last restart');
    console.log(`[crash ${testDialect}] ${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(1)} s: ${totals.acked} acknowledged, `
      + `${totals.acked} found, 0 lost; ${totals.unanswered} requests unanswered at the kills`);
  }, 120_000);
});
