import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp } from '../support/harness';
import { multipartForm, reportFacts, solvedChallenge } from '../support/reports';
import { unitByCode } from '../support/api';
import {
  freshTarget, HttpClient, killAllServers, PROCESS_ADMIN_PASSWORD, proofOfWork, reportForm, runCli, startServerProcess, type ServerProcess, type Target,
} from '../support/server-process';

/*
 * The data folder is the platform's alone: after a start, a public report with a photo, an upload to
 * the media library, a case file and a backup, every file under DATA_DIR is 0600 and every folder
 * 0700, the SQLite database and its journals included; what an older version left more open is
 * tightened at start.
 */

const CODE = 'kunming-2022';
const mode = (p: string) => fs.lstatSync(p).mode & 0o777;

/** Every file and folder under a folder, with its mode. */
function modesUnder(dir: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    out.push({ path: p, dir: entry.isDirectory(), mode: mode(p) });
    if (entry.isDirectory()) out.push(...modesUnder(p));
  }
  return out;
}

describeDb('data files are owner-only: 0600 files, 0700 folders', () => {
  let target: Target;
  let server: ServerProcess;
  const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-modes-backup-'));

  beforeAll(async () => {
    target = await freshTarget();
    // What an older version left: an open data folder, an open media folder and an open file in it.
    fs.chmodSync(target.dataDir, 0o755);
    fs.mkdirSync(path.join(target.dataDir, 'media/originals'), { recursive: true, mode: 0o755 });
    fs.chmodSync(path.join(target.dataDir, 'media'), 0o755);
    fs.chmodSync(path.join(target.dataDir, 'media/originals'), 0o755);
    fs.writeFileSync(path.join(target.dataDir, 'media/originals/left-behind.jpg'), 'x', { mode: 0o644 });
    fs.chmodSync(path.join(target.dataDir, 'media/originals/left-behind.jpg'), 0o644);
    server = await startServerProcess({ ...target.env, REPORT_POW_BITS: '4' });
  }, 120_000);
  afterAll(async () => {
    await killAllServers();
    await target?.drop();
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  it('after a report with a photo, a media upload, a case file and a backup, nothing under DATA_DIR is open to others', async () => {
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a5f7d' } }).jpeg().toBuffer();
    const citizen = new HttpClient(server.baseUrl);
    const form = (await citizen.get(`/api/public/campaigns/${CODE}/report-form`)).body as { counties: { id: number; code: string }[] };
    const countyId = form.counties.find((c) => c.code === '530102')!.id;
    const facts = { category: 'gas_safety', countyId, address: '五华区某街道 12 号', description: '门店内违规存放多个液化石油气钢瓶。', whistleblower: false };
    const report = await citizen.post(`/api/public/campaigns/${CODE}/reports`, reportForm({ ...(await proofOfWork(citizen)), ...facts }, [{ data: photo, name: 'IMG.jpg' }]));
    expect(report.status, JSON.stringify(report.body)).toBe(201);

    const admin = await new HttpClient(server.baseUrl).login('admin', PROCESS_ADMIN_PASSWORD);
    const campaignId = ((await admin.get('/api/campaigns')).body as { id: number; code: string }[]).find((c) => c.code === CODE)!.id;
    const upload = (url: string) => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'site.jpg');
      return admin.send('POST', url, body);
    };
    const media = await upload(`/api/campaigns/${campaignId}/media`);
    expect(media.status, JSON.stringify(media.body)).toBe(201);
    const caseId = Number(report.body.reference.slice(5));
    const caseFile = await upload(`/api/campaigns/${campaignId}/cases/${caseId}/files`);
    expect(caseFile.status, JSON.stringify(caseFile.body)).toBe(200);

    const backupFile = path.join(backupDir, 'data.smbak');
    const backup = await runCli(['backup', backupFile], target.env);
    expect(backup.status, backup.stderr).toBe(0);
    expect(mode(backupFile)).toBe(0o600);

    const all = modesUnder(target.dataDir);
    const files = all.filter((e) => !e.dir);
    // The evidence and its derivatives, the keys; and SQLite's file with its journals while it serves.
    expect(files.filter((f) => f.path.includes(`${path.sep}originals${path.sep}`)).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.path.includes(`${path.sep}derived${path.sep}`)).length).toBeGreaterThanOrEqual(6);
    expect(files.some((f) => f.path.endsWith('receipt.key'))).toBe(true);
    if (!target.url) {
      for (const name of ['safemonth.db', 'safemonth.db-wal', 'safemonth.db-shm']) expect(fs.existsSync(path.join(target.dataDir, name)), name).toBe(true);
    }
    expect(mode(target.dataDir)).toBe(0o700);
    const open = all.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(open).toEqual([]);
  }, 120_000);
});

describeDb('data files are owner-only even in a process that keeps a lax umask', () => {
  it('writes the database, its journals, the evidence and its derivatives 0600 in 0700 folders by their own modes', async () => {
    const before = process.umask(0o022);
    const t = await startTestApp({}, { REPORT_POW_BITS: '4' });
    try {
      t.clock.now = new Date('2022-06-08T10:00:00+08:00');
      const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#5d3a7d' } }).jpeg().toBuffer();
      const citizen = t.client();
      const form = multipartForm('report', { ...(await solvedChallenge(citizen)), ...reportFacts((await unitByCode(t, '530102')).id) }, [{ data: photo, name: 'a.jpg', type: 'image/jpeg' }]);
      const report = await citizen.raw('POST', `/api/public/campaigns/${CODE}/reports`, form.payload, form.headers);
      expect(report.status, JSON.stringify(report.body)).toBe(201);
      const admin = await t.admin();
      const caseId = Number(report.body.reference.slice(5));
      expect((await admin.upload(`/api/campaigns/${t.campaignId}/cases/${caseId}/files`, photo, 'b.jpg', 'image/jpeg')).status).toBe(200);

      const all = modesUnder(t.database.dataDir);
      expect(all.filter((e) => !e.dir && e.path.includes('derived')).length).toBeGreaterThanOrEqual(4);
      const open = all.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
      expect(open).toEqual([]);
    } finally {
      process.umask(before);
      await t.close();
    }
  }, 60_000);
});
