import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, testDialect } from '../support/harness';
import { solidJpeg } from '../support/files';
import {
  count, freshTarget, HttpClient, killAllServers, PROCESS_ADMIN_PASSWORD, proofOfWork, reportForm, runCli, sha256, sha256OfFile, startServerProcess,
  type ServerProcess, type Target,
} from '../support/server-process';
import { readBackupManifest, type Manifest } from '../../src/server/backup';

/*
 * `safemonth backup` taken by the command line while the real server keeps writing (units, public
 * reports, media uploads), then `safemonth restore` into a fresh data folder and database: every
 * row of the snapshot's instant is there, the files those rows reference are there with their
 * sha256 and no other, the receipt of a report made before the backup opens its case on a server
 * started on the restored data. Then the refusals: a target that holds data, a damaged file.
 */

const CODE = 'kunming-2022';
const ENV = { REPORT_POW_BITS: '1', REPORT_RATE_PER_HOUR: '1000000', PUBLIC_RATE_PER_MINUTE: '1000000', REPORT_LOOKUPS_PER_MINUTE: '1000000', LOGIN_RATE_PER_MINUTE: '1000' };
/** Tables the loop only adds to, so the snapshot's counts lie between those before and after it (media_items shrinks too: checked by id). */
const KEY_TABLES = ['units', 'accounts', 'cases', 'case_events', 'case_files', 'audit_log'];

type Counts = Record<string, number>;
const countsOf = async (t: Target): Promise<Counts> => Object.fromEntries(await Promise.all(KEY_TABLES.map(async (k) => [k, await count(t, k)] as const)));

/** Files under a folder, recursively, relative to it. */
const filesIn = (dir: string) => (fs.existsSync(dir)
  ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort()
  : []);

/** Where each member's bytes start in a tar file, read here independently of the module under test. */
function tarMembers(file: string) {
  const buf = fs.readFileSync(file);
  const members: { name: string; offset: number; size: number }[] = [];
  for (let at = 0; at + 512 <= buf.length && buf[at] !== 0;) {
    const name = buf.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size = parseInt(buf.toString('latin1', at + 124, at + 136).replace(/\0.*$/s, '').trim(), 8);
    members.push({ name, offset: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return { buf, members };
}

interface Ack { kind: 'unit' | 'report' | 'media' | 'deleted'; key: string; at: number; receipt?: string; category?: string }

describeDb('backup and restore: a consistent snapshot taken while the server writes, restored whole', () => {
  let source: Target;
  let restored: Target | undefined;
  let server: ServerProcess | undefined;
  let work: string;
  let file: string;
  let manifest: Manifest;
  let campaignId: number;
  let wuhuaId: number;
  let counties: number[];
  const acks: Ack[] = [];
  let before: Counts;
  let final: Counts;
  let backupStarted = 0;
  let deletedBefore = new Set<number>();
  let deleteSentBeforeEnd = new Set<number>();
  let photoReport: { receipt: string; reference: string };
  let mediaItem: { id: number; sha256: string };
  let photo: Buffer;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-backup-test-'));
    file = path.join(work, 'safemonth.backup.tar');
    source = await freshTarget();
    server = await startServerProcess({ ...source.env, ...ENV });
    photo = await solidJpeg(900, 600, '#2266aa');
  });
  afterAll(async () => {
    await server?.stop();
    await killAllServers();
    for (const c of cleanups) await c();
    await source?.drop();
    await restored?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('takes a backup with the command line while units, reports and uploads keep arriving', async () => {
    const s = server!;
    const admin = await new HttpClient(s.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    const citizen = new HttpClient(s.baseUrl);
    campaignId = ((await admin.get('/api/campaigns')).body as { id: number; code: string }[]).find((c) => c.code === CODE)!.id;
    const form = await citizen.get(`/api/public/campaigns/${CODE}/report-form`);
    counties = form.body.counties.map((c: { id: number }) => c.id);
    wuhuaId = form.body.counties.find((c: { code: string }) => c.code === '530102').id;

    // What was there well before the backup: units, accounts, a library photo, a report with a photo.
    for (let i = 0; i < 3; i++) {
      const u = await admin.post('/api/units', { code: `BK-${i}`, name: `备份测试乡镇${i}`, type: 'township', parentId: wuhuaId });
      expect(u.status, JSON.stringify(u.body)).toBe(201);
      const a = await admin.post('/api/accounts', { username: `bk_user_${i}`, displayName: `备份测试${i}`, unitId: u.body.id, roles: ['unit_reporter'], password: 'backup-test-password' });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
    }
    const media = new FormData();
    media.append('category', 'study');
    media.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), '现场照片.jpg');
    const m = await admin.post(`/api/campaigns/${campaignId}/media`, media);
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    mediaItem = m.body;
    const facts = { category: 'gas_safety', countyId: wuhuaId, address: '五华区某街道 12 号', description: '门店内违规存放多个液化石油气钢瓶。', whistleblower: false };
    const r = await citizen.post(`/api/public/campaigns/${CODE}/reports`, reportForm({ ...(await proofOfWork(citizen)), ...facts }, [{ data: photo, name: 'IMG_0001.jpg' }]));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    photoReport = r.body;

    // The write loop until told to stop: units, reports, library uploads, and deletions of those uploads
    // (a row's deletion commits before its file goes: the backup must still have the file of every row it has).
    let stop = false;
    let backupEnded = Infinity;
    const uploaded: number[] = [];
    const deleteSent = new Map<number, number>();
    const small = await solidJpeg(240, 160, '#884422');
    const failures: string[] = [];
    const loop = async (w: number) => {
      const c = w === 0 || w >= 3 ? admin : new HttpClient(s.baseUrl);
      for (let n = 0; !stop; n++) {
        if (w === 0) {
          const code = `BKL-${n}`;
          const u = await c.post('/api/units', { code, name: `写入中乡镇${n}`, type: 'township', parentId: wuhuaId });
          if (u.status === 201) acks.push({ kind: 'unit', key: code, at: Date.now() });
          else failures.push(`unit ${u.status}`);
        } else if (w === 3) {
          const f = new FormData();
          f.append('file', new Blob([new Uint8Array(small)], { type: 'image/jpeg' }), `p${n}.jpg`);
          const u = await c.post(`/api/campaigns/${campaignId}/media`, f);
          if (u.status === 201) { acks.push({ kind: 'media', key: String(u.body.id), at: Date.now() }); if (n % 2) uploaded.push(u.body.id); }
          else failures.push(`media ${u.status}`);
        } else if (w === 4) {
          const id = uploaded.shift();
          if (id === undefined) { await new Promise((res) => setTimeout(res, 20)); continue; }
          deleteSent.set(id, Date.now());
          const d = await c.delete(`/api/media/${id}`);
          if (d.status === 204 || d.status === 200) acks.push({ kind: 'deleted', key: String(id), at: Date.now() });
          else failures.push(`delete ${d.status}`);
        } else {
          const category = n % 2 ? 'gas_safety' : 'illegal_mining';
          const body = { ...(await proofOfWork(c)), ...facts, category, countyId: counties[n % counties.length], description: `写入中举报 ${w}-${n}` };
          const rr = await c.post(`/api/public/campaigns/${CODE}/reports`, body);
          if (rr.status === 201) acks.push({ kind: 'report', key: rr.body.reference, receipt: rr.body.receipt, category, at: Date.now() });
          else failures.push(`report ${rr.status}`);
        }
      }
    };
    const loops = [0, 1, 2, 3, 4].map(loop);
    // The backup starts once every kind of write has been acknowledged, deletions included: a
    // condition, not a time, so a loaded machine only makes the test slower.
    const acked = (kind: string) => acks.filter((a) => a.kind === kind).length;
    await until(() => ['unit', 'report', 'media', 'deleted'].every((k) => acked(k) >= 2) || failures.length > 0, 60_000, () => `acknowledged: ${JSON.stringify(Object.fromEntries(['unit', 'report', 'media', 'deleted'].map((k) => [k, acked(k)])))}; failures: ${failures.join(', ')}`);
    before = await countsOf(source);
    backupStarted = Date.now();
    const b = await runCli(['backup', file], source.env);
    backupEnded = Date.now();
    // Writes go on past the backup's end, so the counts after it bound the snapshot from above.
    await until(() => acks.some((a) => a.at > backupEnded) || failures.length > 0, 60_000, () => `no write after the backup; failures: ${failures.join(', ')}`);
    stop = true;
    await Promise.all(loops);
    final = await countsOf(source);
    expect(b.status, b.stderr + b.stdout).toBe(0);
    expect(b.stdout).toMatch(/backup written: .*safemonth\.backup\.tar \((sqlite|postgres), \d+ rows in \d+ tables, \d+ media files, receipt key included/);
    expect(failures).toEqual([]);
    const during = acks.filter((a) => a.at >= backupStarted && a.at <= backupEnded);
    console.log(`[backup ${testDialect}] backup took ${b.ms} ms; ${acks.length} writes acknowledged by the loop (${acks.filter((a) => a.kind === 'deleted').length} deletions), `
      + `${during.length} of them while the backup ran${b.stdout.includes('taking a new snapshot') ? '; it took a new snapshot after a deletion' : ''}`);
    deletedBefore = new Set(acks.filter((a) => a.kind === 'deleted' && a.at < backupStarted).map((a) => Number(a.key)));
    deleteSentBeforeEnd = new Set([...deleteSent].filter(([, at]) => at <= backupEnded).map(([id]) => id));
    expect(during.length, 'writes went on while the backup ran').toBeGreaterThan(0);
    expect(fs.statSync(file).mode & 0o777, 'the backup holds the receipt key: owner only').toBe(0o600);

    manifest = await readBackupManifest(file);
    expect(manifest).toMatchObject({ format: 'safemonth-backup', version: 1, dialect: testDialect, app: { name: 'safemonth' }, secrets: { receiptKey: 'included', sessionSecret: 'included' } });
    expect(manifest.migrations[0]).toBe('0001_foundation');
    expect(manifest.media.missing).toEqual([]);
    for (const t of KEY_TABLES) {
      expect(manifest.tables[t], t).toBeGreaterThanOrEqual(before[t]!);
      expect(manifest.tables[t], t).toBeLessThanOrEqual(final[t]!);
    }
    await server!.stop();
    server = undefined;
  }, 120_000);

  it('restores into a fresh data folder and database: every row of the snapshot, the files they reference and no other, an intact database', async () => {
    restored = await freshTarget();
    const r = await runCli(['restore', file], restored.env);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/restored .* \d+ rows, \d+ media files, 2 secrets/);

    if (testDialect === 'sqlite') {
      const db = new SQLite(path.join(restored.dataDir, 'safemonth.db'), { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
      for (const s of ['-wal', '-shm']) expect(fs.existsSync(path.join(restored.dataDir, `safemonth.db${s}`))).toBe(false);
    }
    // Exactly the snapshot's rows: the manifest's counts, between the counts before the backup and after the loop.
    for (const [t, n] of Object.entries(manifest.tables)) expect(await count(restored, t), t).toBe(n);
    const got = await countsOf(restored);
    for (const t of KEY_TABLES) {
      expect(got[t], t).toBeGreaterThanOrEqual(before[t]!);
      expect(got[t], t).toBeLessThanOrEqual(final[t]!);
    }
    // Everything acknowledged before the backup began is there.
    const earlier = acks.filter((a) => a.at < backupStarted);
    expect(earlier.length).toBeGreaterThan(0);
    const units = new Set((await restored.query('SELECT code FROM units')).map((u) => String(u.code)));
    const caseIds = new Set((await restored.query('SELECT id FROM cases')).map((c) => Number(c.id)));
    const mediaIds = new Set((await restored.query('SELECT id FROM media_items')).map((c) => Number(c.id)));
    for (const a of earlier) {
      if (a.kind === 'unit') expect(units.has(a.key), a.key).toBe(true);
      if (a.kind === 'report') expect(caseIds.has(Number(a.key.slice(5))), a.key).toBe(true);
      if (a.kind === 'media' && !deleteSentBeforeEnd.has(Number(a.key))) expect(mediaIds.has(Number(a.key)), `media ${a.key}`).toBe(true);
    }
    for (const id of deletedBefore) expect(mediaIds.has(id), `media ${id} was deleted before the backup`).toBe(false);
    expect(deletedBefore.size, 'deletions happened before the backup').toBeGreaterThan(0);
    for (const u of ['BK-0', 'BK-1', 'BK-2']) expect(units.has(u)).toBe(true);

    // The files: each row's original with its sha256, its derivatives as they were, and nothing unreferenced.
    const media = path.join(restored.dataDir, 'media');
    const rows = [
      ...(await restored.query('SELECT storage_key, thumb_key, display_key, sha256 FROM media_items')),
      ...(await restored.query('SELECT storage_key, thumb_key, display_key, sha256 FROM case_files')),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const expected: string[] = [];
    let deletedSince = 0;
    for (const row of rows) {
      const original = path.join('originals', String(row.storage_key));
      expect(sha256OfFile(path.join(media, original)), original).toBe(row.sha256);
      expected.push(original);
      for (const k of [row.thumb_key, row.display_key]) {
        if (!k) continue;
        const derived = path.join('derived', String(k));
        // As on the source; an item the loop deleted after the snapshot lives on only in the backup.
        const live = path.join(source.dataDir, 'media', derived);
        const want = fs.existsSync(live) ? sha256OfFile(live) : manifest.members.find((m) => m.name === `media/${derived}`)?.sha256;
        if (!fs.existsSync(live)) deletedSince++;
        expect(sha256OfFile(path.join(media, derived)), derived).toBe(want);
        expected.push(derived);
      }
    }
    expect(filesIn(media)).toEqual(expected.sort());
    console.log(`[backup ${testDialect}] restored ${rows.length} media and case file rows with ${expected.length} files; ${deletedSince} derived files of items deleted after the snapshot came from the backup alone`);
    expect(manifest.media.files).toBe(expected.length);
    expect(fs.readFileSync(path.join(restored.dataDir, 'receipt.key'))).toEqual(fs.readFileSync(path.join(source.dataDir, 'receipt.key')));
    expect(fs.statSync(path.join(restored.dataDir, 'receipt.key')).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('serves the restored data: a receipt from before the backup opens its case, the library photo downloads unchanged', async () => {
    server = await startServerProcess({ ...restored!.env, ...ENV });
    const citizen = new HttpClient(server.baseUrl);
    const st = await citizen.post('/api/public/report-status', { receipt: photoReport.receipt });
    expect(st.status, JSON.stringify(st.body)).toBe(200);
    expect(st.body).toMatchObject({ reference: photoReport.reference, status: 'received', category: { key: 'gas_safety' }, evidenceFiles: 1 });
    const earlier = acks.filter((a) => a.kind === 'report' && a.at < backupStarted);
    for (const a of earlier) {
      const x = await citizen.post('/api/public/report-status', { receipt: a.receipt });
      expect(x.status, a.key).toBe(200);
      expect(x.body.category.key, a.key).toBe(a.category);
    }
    const admin = await new HttpClient(server.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    const item = await admin.get(`/api/media/${mediaItem.id}`);
    expect(item.status, JSON.stringify(item.body)).toBe(200);
    const original = await admin.get(item.body.originalUrl);
    expect(original.status).toBe(200);
    expect(sha256(original.body as Buffer)).toBe(mediaItem.sha256);
    // The restored platform takes new writes: its ids continue after the restored rows.
    const r = await citizen.post(`/api/public/campaigns/${CODE}/reports`, {
      ...(await proofOfWork(citizen)), category: 'gas_safety', countyId: wuhuaId, address: '五华区', description: '恢复后的新举报', whistleblower: false,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await server.stop();
    server = undefined;
  }, 60_000);

  it('refuses to restore over data without --force, naming what is there; with --force it replaces it', async () => {
    const refused = await runCli(['restore', file], restored!.env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/restore failed: the target is not empty: .*(safemonth\.db|PostgreSQL database has \d+ tables).*--force/);
    const forced = await runCli(['restore', file, '--force'], restored!.env);
    expect(forced.status, forced.stderr).toBe(0);
    // The report made on the restored platform is gone again: the data is the backup's.
    for (const [t, n] of Object.entries(manifest.tables)) expect(await count(restored!, t), t).toBe(n);
  }, 60_000);

  it('refuses a damaged backup, naming the member whose sha256 fails, and writes nothing', async () => {
    const { buf, members } = tarMembers(file);
    const key = String((await restored!.query(`SELECT storage_key FROM media_items WHERE id = ${mediaItem.id}`))[0]!.storage_key);
    const victim = members.find((m) => m.name === `media/originals/${key}`)!;
    expect(victim, 'the library photo is in the backup').toBeDefined();
    const damaged = path.join(work, 'damaged.tar');
    const copy = Buffer.from(buf);
    copy[victim.offset + Math.floor(victim.size / 2)]! ^= 0x01;
    fs.writeFileSync(damaged, copy);
    const target = await freshTarget();
    cleanups.push(() => target.drop());
    const r = await runCli(['restore', damaged], target.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`media/originals/${key}: sha256 mismatch`);
    expect(filesIn(target.dataDir)).toEqual([]);
    if (testDialect === 'postgres') expect(await count(target, 'information_schema.tables', "WHERE table_schema = 'public'")).toBe(0);

    // The database member too, and a file cut short.
    const db = members.find((m) => m.name.startsWith('database/'))!;
    const copy2 = Buffer.from(buf);
    copy2[db.offset + 100]! ^= 0x80;
    fs.writeFileSync(damaged, copy2);
    const r2 = await runCli(['restore', damaged], target.env);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain(`${db.name}: sha256 mismatch`);
    fs.writeFileSync(damaged, buf.subarray(0, db.offset + 1000));
    const r3 = await runCli(['restore', damaged], target.env);
    expect(r3.status).toBe(1);
    expect(r3.stderr).toMatch(/restore failed: the archive ends inside database\/.*incomplete/);
    expect(filesIn(target.dataDir)).toEqual([]);
  }, 60_000);

  it('says plainly why it cannot back up: no pg_dump on PATH (PostgreSQL), no database in DATA_DIR (SQLite)', async () => {
    const out = path.join(work, 'nope.tar');
    const r = testDialect === 'postgres'
      ? await runCli(['backup', out], { ...source.env, PATH: '/nonexistent' })
      : await runCli(['backup', out], { DATA_DIR: path.join(work, 'no-such-data'), DATABASE_URL: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(testDialect === 'postgres' ? /backup failed: pg_dump was not found on PATH/ : /backup failed: no database at .*no-such-data\/safemonth\.db/);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('nope.tar'))).toEqual([]);
  }, 30_000);
});

/** Resolves once `ready()` holds, checking every 20 ms; fails with `explain()` after `ms`. */
async function until(ready: () => boolean, ms: number, explain: () => string) {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms: ${explain()}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}
