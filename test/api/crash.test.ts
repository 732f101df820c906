import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, testDialect } from '../support/harness';
import { solidJpeg } from '../support/files';
import {
  count, freshTarget, HttpClient, killAllServers, PROCESS_ADMIN_PASSWORD, proofOfWork, reportForm, sha256OfFile, startServerProcess, tableNames,
  type ServerProcess, type Target,
} from '../support/server-process';

/*
 * kill -9 under load. The real server process takes public reports (JSON, and some with a photo)
 * and liaison-form versions from 20 concurrent callers; after about 2 s it is killed with SIGKILL,
 * the data is checked as the dead process left it, and the server is started again on the same
 * data. Three rounds. Every answer that was a 2xx must then be found, whole: the receipt opens its
 * case with the category sent and the row holds the description sent; the liaison version reads
 * back with its values. Nothing half-written may be visible: no report without its 'receive'
 * event, no event without its case, no case file without its file on disk (with its sha256), no
 * liaison version without its audit record and its unit's fulfilment.
 */

const ROUNDS = 3;
const LOAD_MS = 2000;
const CONCURRENCY = 20;
const LIAISON_WORKERS = 4;
const PHOTO_WORKERS = 1;
const CODE = 'kunming-2022';
const ENV = {
  REPORT_POW_BITS: '1', REPORT_RATE_PER_HOUR: '1000000', PUBLIC_RATE_PER_MINUTE: '1000000',
  REPORT_LOOKUPS_PER_MINUTE: '1000000', LOGIN_RATE_PER_MINUTE: '1000',
};

interface AckedReport { receipt: string; reference: string; category: string; description: string; photo: boolean }
interface AckedLiaison { id: number; unitId: number; version: number; values: Record<string, string> }

describeDb('crash: kill -9 under load loses no acknowledged write', () => {
  let target: Target;
  let server: ServerProcess | undefined;
  let campaignId: number;
  let counties: { id: number; code: string }[];
  let categories: string[];
  let photo: Buffer;
  const reports: AckedReport[] = [];
  const liaisons: AckedLiaison[] = [];

  const start = async () => { server = await startServerProcess({ ...target.env, ...ENV }); return server; };

  beforeAll(async () => {
    target = await freshTarget();
    photo = await solidJpeg(64, 48, '#aa3311');
    const s = await start();
    const admin = await new HttpClient(s.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    campaignId = ((await admin.get('/api/campaigns')).body as { id: number; code: string }[]).find((c) => c.code === CODE)!.id;
    const form = await new HttpClient(s.baseUrl).get(`/api/public/campaigns/${CODE}/report-form`);
    counties = form.body.counties;
    categories = form.body.categories.map((c: { key: string }) => c.key);
  });
  afterAll(async () => {
    await killAllServers();
    await target?.drop();
  });

  /** 20 callers until the kill: each 2xx is kept; an error or a non-2xx is a request that was not acknowledged. */
  async function loadUntilKilled(s: ServerProcess, round: number) {
    const admin = await new HttpClient(s.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    let killed = false;
    const stats = { acked: 0, unanswered: 0, refused: 0 };
    const refusals = new Map<string, number>();
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
            else { stats.refused++; refusals.set(`liaison ${r.status}`, (refusals.get(`liaison ${r.status}`) ?? 0) + 1); }
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
          else { stats.refused++; refusals.set(`report ${r.status}`, (refusals.get(`report ${r.status}`) ?? 0) + 1); }
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
    await s.kill9();
    await Promise.all(workers);
    // Refusals under load would mean the load was not what it claims (a 409 on a liaison clash is the one tolerated).
    for (const [what, n] of refusals) if (!what.startsWith('liaison 409')) throw new Error(`${n} × ${what} during the load`);
    return stats;
  }

  /** The checks on data no process holds open: what the killed server left. */
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
    // Every table answers a count (on PostgreSQL this is the server's own consistency, seen through the app's schema).
    for (const t of await tableNames(target)) expect(await count(target, t), `${label}: ${t}`).toBeGreaterThanOrEqual(0);
    const halfWritten = {
      reportsWithoutReceiveEvent: await count(target, 'cases c', "WHERE c.source = 'public' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'receive')"),
      eventsWithoutCase: await count(target, 'case_events e', 'WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)'),
      filesWithoutCase: await count(target, 'case_files f', 'WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = f.case_id)'),
      liaisonsWithoutAudit: await count(target, 'liaison_submissions s',
        "WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'liaison.submit' AND a.entity_id = CAST(s.id AS TEXT))"),
      liaisonUnitsWithoutFulfilment: await count(target, 'liaison_submissions s',
        "WHERE NOT EXISTS (SELECT 1 FROM obligation_fulfilments f WHERE f.unit_id = s.unit_id AND f.obligation_key = 'liaison_form')"),
    };
    expect(halfWritten, label).toEqual({ reportsWithoutReceiveEvent: 0, eventsWithoutCase: 0, filesWithoutCase: 0, liaisonsWithoutAudit: 0, liaisonUnitsWithoutFulfilment: 0 });
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
    return { caseFiles: files.length, unreferencedFiles: onDisk.filter((f) => !f.startsWith('.tmp-') && !referenced.has(f)).length };
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
    return { found, lost };
  }

  it(`kills the server ${ROUNDS} times under ${CONCURRENCY} concurrent writers: every acknowledged report and liaison version survives whole`, async () => {
    const started = Date.now();
    const totals = { acked: 0, unanswered: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const stats = await loadUntilKilled(server!, round);
      totals.acked += stats.acked;
      totals.unanswered += stats.unanswered;
      const atRest = await checkAtRest(`after kill ${round}`);
      await start();
      const { found, lost } = await findAcknowledged(server!);
      const acknowledged = reports.length + liaisons.length;
      console.log(`[crash ${testDialect}] round ${round}: ${stats.acked} acknowledged this round (${acknowledged} in all: ${reports.length} reports, `
        + `${liaisons.length} liaison versions), ${stats.unanswered} without an answer at the kill, ${found} found, ${lost.length} lost; `
        + `${atRest.caseFiles} case files intact, ${atRest.unreferencedFiles} unreferenced files left by the kill`);
      expect(lost, lost.slice(0, 5).join('\n')).toEqual([]);
      expect(found).toBe(acknowledged);
      expect(stats.acked, 'the load must have written something before the kill').toBeGreaterThan(0);
    }
    // The restarted server also answers its checks in a live state.
    await checkAtRest('after the last restart');
    console.log(`[crash ${testDialect}] ${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(1)} s: ${totals.acked} acknowledged, `
      + `${totals.acked} found, 0 lost; ${totals.unanswered} requests unanswered at the kills`);
  }, 120_000);
});
