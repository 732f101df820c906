import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, testDialect, type TestApp } from '../support/harness';
import { campaignCast, loginAs } from '../support/factories';
import { unitByCode } from '../support/api';
import { solidJpeg } from '../support/files';
import { multipartForm, reportFacts, solvedChallenge, submitReport } from '../support/reports';
import type { Client } from '../support/client';
import { loggerOptions } from '../../src/server/logging';
import { createBackup } from '../../src/server/backup';
import { caseFiles } from '../../src/server/features/cases/case.files';
import { rewriteFinishedDays } from '../../src/server/features/cases/reporter-file-pass';

/*
 * The promise to an anonymous reporter — no time finer than the day — tried as an attacker would.
 * A citizen reports with a photo and later answers with another, while staff work the same case
 * and other cases around it at millisecond instants. Then everything the platform keeps is
 * searched: every column of every table, the order of the ids, the data folder's file times, the
 * request log, and a backup made by the real backup code.
 */

const CODE = 'kunming-2022';
const DAY = '2022-06-08';
const MIDNIGHT = Date.parse(`${DAY}T00:00:00+08:00`);
/** The reporter's two moments on the platform's clock; no staff action comes within minutes of them. */
const REPORTED_AT = new Date(`${DAY}T10:17:23.456+08:00`);
const ANSWERED_AT = new Date(`${DAY}T15:42:11.789+08:00`);
const THREAD_TABLES = ['cases', 'case_events', 'case_messages', 'case_files'] as const;
type ThreadTable = (typeof THREAD_TABLES)[number];

/** ISO-8601 instants inside any text (JSON columns included). */
const ISO = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const isShanghaiMidnight = (ms: number) => (ms + 8 * 3600_000) % 86_400_000 === 0;

/** Every instant a value holds: ISO text, or a number that reads as epoch milliseconds or seconds. */
function instantsIn(column: string, value: unknown): number[] {
  if (typeof value === 'string') return [...value.matchAll(ISO)].map((m) => Date.parse(m[0])).filter((n) => !Number.isNaN(n));
  if (value instanceof Date) return [value.getTime()];
  const n = typeof value === 'bigint' ? Number(value) : value;
  // Ids (random, ten digits) would read as seconds; they are judged by their order below instead.
  if (typeof n !== 'number' || column === 'id' || column.endsWith('_id')) return [];
  if (n > 1e12 && n < 1e13) return [n];
  if (n > 1e9 && n < 1e10) return [n * 1000];
  return [];
}

describeDb('no time finer than the day for anything a reporter sends', () => {
  let t: TestApp;
  let admin: Client;
  let desk: Client;
  let handler: Client;
  let citizen: Client;
  let wuhuaId: number;
  let webDir: string;
  const lines: Record<string, unknown>[] = [];
  /** Log lines written while a reporter's request ran. */
  const linesDuringPublic: Record<string, unknown>[] = [];
  /** Real-clock windows of the reporter's requests: nothing may be stamped inside them. */
  const reporterWindows: [number, number][] = [];
  /** Each row as it was inserted, in order, and whether a reporter made it. */
  const inserted: { table: ThreadTable; id: number; reporter: boolean }[] = [];
  let mainId = 0;
  let receipt = '';
  let staffStep = 0;

  const cases = () => `/api/campaigns/${t.campaignId}/cases`;
  const one = (id: number) => `${cases()}/${id}`;
  const idsOf = async (table: ThreadTable) => new Set((await t.db.selectFrom(table).select('id').execute()).map((r) => r.id));

  /** Runs one action and records the rows it added, in the order of the tables. */
  async function recorded<T>(reporter: boolean, action: () => Promise<T>): Promise<T> {
    const before = await Promise.all(THREAD_TABLES.map(idsOf));
    const result = await action();
    const after = await Promise.all(THREAD_TABLES.map(idsOf));
    THREAD_TABLES.forEach((table, i) => {
      for (const id of after[i]!) if (!before[i]!.has(id)) inserted.push({ table, id, reporter });
    });
    return result;
  }

  /** A staff action at its own millisecond instant, hours away from the reporter's moments. */
  const staff = <T>(action: () => Promise<T>) => {
    staffStep++;
    t.clock.now = new Date(Date.parse(`${DAY}T08:00:00.000+08:00`) + staffStep * 60_000 + ((staffStep * 137) % 1000));
    return recorded(false, action);
  };

  /** A reporter's request at `at`: it must write no log line, and its real-clock window is kept. */
  async function asReporter<T>(at: Date, action: () => Promise<T>): Promise<T> {
    t.clock.now = at;
    const logged = lines.length;
    const start = Date.now();
    const result = await recorded(true, action);
    reporterWindows.push([start, Date.now()]);
    linesDuringPublic.push(...lines.slice(logged));
    return result;
  }

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>app</title>');
    fs.writeFileSync(path.join(webDir, 'report.html'), '<!doctype html><title>report</title><script src="/assets/report-abc.js"></script>');
    fs.writeFileSync(path.join(webDir, 'assets', 'report-abc.js'), 'console.log(1)');
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    t = await startTestApp({ webDir, sessionHours: 24 * 365 }, {
      REPORT_POW_BITS: '4', REPORT_RATE_PER_HOUR: '100000', REPORT_LOOKUPS_PER_MINUTE: '100000', PUBLIC_RATE_PER_MINUTE: '100000',
    }, { logger: loggerOptions('trace', stream) });
    ({ admin } = await campaignCast(t));
    desk = await loginAs(t, 'case_handler', '530100-AW');
    handler = await loginAs(t, 'case_handler', '530102');
    citizen = t.client();
    wuhuaId = (await unitByCode(t, '530102')).id;
  });
  afterAll(async () => {
    await t?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('a report with a photo and an answer with another, amid staff work on it and on 12 other cases, leaves no finer time anywhere', async () => {
    // The citizen opens the light page and its script from a poster, then reports with a photo.
    const photo = await solidJpeg(800, 600, '#7a3b2e');
    await asReporter(REPORTED_AT, async () => {
      for (const page of ['/report?campaign=kunming-2022&unit=530102', '/report/status', '/exposure', '/assets/report-abc.js']) {
        expect((await citizen.get(page)).status, page).toBe(200);
      }
      expect((await citizen.get(`/api/public/campaigns/${CODE}/report-form?unit=530102`)).status).toBe(200);
      const pow = await solvedChallenge(citizen);
      const form = multipartForm('report', { ...pow, ...reportFacts(wuhuaId) }, [{ data: photo, name: 'IMG_0001.jpg', type: 'image/jpeg' }]);
      const r = await t.app.inject({ method: 'POST', url: `/api/public/campaigns/${CODE}/reports`, payload: form.payload, headers: form.headers });
      expect(r.statusCode, r.body).toBe(201);
      receipt = r.json().receipt;
      mainId = Number(r.json().reference.slice(5));
    });

    const act = async (c: Client, body: Record<string, unknown>) => c.post(`${one(mainId)}/actions`, { revision: (await admin.get(one(mainId))).body.revision, ...body });
    expect((await staff(() => act(desk, { action: 'accept' }))).status).toBe(200);
    expect((await staff(() => act(admin, { action: 'assign', unitId: wuhuaId }))).status).toBe(200);
    expect((await staff(() => handler.upload(`${one(mainId)}/files?purpose=evidence`, photo, 'scene.jpg', 'image/jpeg'))).status).toBe(200);

    // Twelve rounds of mixed work: staff register hotline calls and write to the reporter; other
    // citizens report and the reporter answers.
    for (let i = 0; i < 12; i++) {
      expect((await staff(() => desk.post(cases(), { source: 'hotline', ...reportFacts(wuhuaId, { description: `热线来电 ${i}：某企业违规作业。` }) }))).status).toBe(201);
      expect((await staff(() => handler.post(`${one(mainId)}/messages`, { kind: i % 2 ? 'internal' : 'to_reporter', body: `第 ${i} 次询问` }))).status).toBe(200);
      const at = new Date(REPORTED_AT.getTime() + (i + 1) * 3_600_000 / 5);
      await asReporter(at, async () => expect((await submitReport(citizen, CODE, reportFacts(wuhuaId, { description: `另一位市民的举报 ${i}。` }))).status).toBe(201));
      await asReporter(at, async () => expect((await citizen.post('/api/public/report-messages', { receipt, body: `补充说明 ${i}` })).status).toBe(201));
    }

    // Last of all the reporter answers with a second photo: the last file placed in the data folder.
    await asReporter(ANSWERED_AT, async () => {
      const form = multipartForm('message', { receipt, body: '钢瓶在后门楼梯下，见照片。' }, [{ data: photo, name: 'IMG_0002.jpg', type: 'image/jpeg' }]);
      const r = await t.app.inject({ method: 'POST', url: '/api/public/report-messages', payload: form.payload, headers: form.headers });
      expect(r.statusCode, r.body).toBe(201);
      expect((await citizen.post('/api/public/report-status', { receipt })).status).toBe(200);
    });

    expect(inserted.filter((r) => r.reporter).length).toBeGreaterThan(30);
    expect(inserted.filter((r) => !r.reporter).length).toBeGreaterThan(30);
  });

  it('the database: no column of any table holds an instant near the reporter\'s, and the reporter\'s rows hold days only', async () => {
    const tables = testDialect === 'postgres'
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db)).rows;
    expect(tables.length).toBeGreaterThan(20);
    const near: string[] = [];
    let seen = 0;
    for (const { name } of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.db)).rows;
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          for (const at of instantsIn(column, value)) {
            seen++;
            const onClock = [REPORTED_AT, ANSWERED_AT].some((r) => Math.abs(at - r.getTime()) < 120_000);
            const onWall = reporterWindows.some(([a, b]) => at >= a - 5 && at <= b + 5);
            if (onClock || onWall) near.push(`${name}.${column} = ${String(value)}`);
          }
        }
      }
    }
    expect(seen, 'staff rows with instants exist to be told apart').toBeGreaterThan(50);
    expect(near).toEqual([]);

    // The reporter's own rows: every instant they hold is a Shanghai midnight (a day).
    const reporterRows = [
      ...(await t.db.selectFrom('cases').selectAll().where('source', '=', 'public').execute()),
      ...(await t.db.selectFrom('case_events').selectAll().where('actor_id', 'is', null).execute()),
      ...(await t.db.selectFrom('case_messages').selectAll().where('kind', '=', 'from_reporter').execute()),
      ...(await t.db.selectFrom('case_files').selectAll().where('added_by', '=', 'reporter').execute()),
    ];
    expect(reporterRows.length).toBeGreaterThan(40);
    const timed = reporterRows.flatMap((row) => Object.entries(row).flatMap(([column, value]) => {
      const instants = instantsIn(column, value).filter((at) => !isShanghaiMidnight(at));
      return instants.length ? [`${column} = ${String(value)}`] : [];
    }));
    expect(timed).toEqual([]);
  });

  it('the ids: no sequence orders reporters\' rows among staff\'s timed ones', async () => {
    for (const table of THREAD_TABLES) {
      const rows = inserted.filter((r) => r.table === table);
      expect(rows.some((r) => r.reporter) && rows.some((r) => !r.reporter), table).toBe(true);
      // Every new row's id is drawn at random, staff's too.
      expect(rows.filter((r) => r.id < 2 ** 30), `${table}: small (sequential) ids`).toEqual([]);
      if (rows.length >= 20) {
        const ids = rows.map((r) => r.id);
        const rising = ids.every((id, i) => i === 0 || id > ids[i - 1]!);
        expect(rising, `${table}: ids rise with the order of insertion (${rows.length} rows)`).toBe(false);
      }
    }
    if (testDialect === 'postgres') {
      const defaults = (await sql<{ t: string; d: string | null }>`select table_name as t, column_default as d from information_schema.columns
        where table_schema = current_schema() and column_name = 'id' and table_name in ('cases', 'case_events', 'case_messages', 'case_files')`.execute(t.db)).rows;
      expect(defaults).toHaveLength(4);
      expect(defaults.filter((r) => r.d !== null)).toEqual([]);
    }
  });

  it('the data folder: the reporter\'s files and their folders carry the day, not the instant', async () => {
    const files = await t.db.selectFrom('case_files').select(['storage_key', 'thumb_key', 'display_key']).where('added_by', '=', 'reporter').execute();
    expect(files).toHaveLength(2);
    const media = t.config.media.dir;
    const paths = files.flatMap((f) => [path.join(media, 'originals', f.storage_key), path.join(media, 'derived', f.thumb_key!), path.join(media, 'derived', f.display_key!)]);
    for (const p of [...paths, path.join(media, 'originals'), path.join(media, 'derived')]) {
      const st = fs.statSync(p);
      expect({ p, atime: st.atimeMs, mtime: st.mtimeMs }).toEqual({ p, atime: MIDNIGHT, mtime: MIDNIGHT });
    }
    // What utimes cannot reach: the inode's change time is still the moment of placement, until
    // the day's pass (below) rewrites the files.
    const inWindow = (ms: number) => reporterWindows.some(([a, b]) => ms >= a - 20 && ms <= b + 20);
    expect(paths.filter((p) => inWindow(fs.statSync(p).ctimeMs)).length).toBeGreaterThan(0);
  });

  it('the log: staff\'s API is logged with random request ids; no line for any public request, page or script', async () => {
    expect((await admin.get(cases())).status).toBe(200);
    expect(linesDuringPublic, 'lines written by public requests').toEqual([]);
    const requests = lines.filter((l) => l.req);
    expect(requests.length).toBeGreaterThan(20);
    const urls = requests.map((l) => (l.req as { url: string }).url);
    expect(urls.filter((u) => !u.startsWith('/api/') || u.startsWith('/api/public/'))).toEqual([]);
    expect(urls.filter((u) => u.includes('?'))).toEqual([]);
    // Fastify's default ids (req-1, req-2 …) count every request, the unlogged ones too.
    expect(lines.filter((l) => typeof l.reqId === 'string' && /^req-\d+$/.test(l.reqId))).toEqual([]);
    for (const l of lines) if (l.day !== undefined) expect(l.time).toBeUndefined();
  });

  it('a backup made by the real backup code dates every member to one midnight', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-backup-'));
    try {
      const file = path.join(dir, 'b.tar');
      await createBackup({ ...t.config, databaseUrl: t.database.url ?? t.config.databaseUrl }, file);
      const buf = fs.readFileSync(file);
      const members: { name: string; mtime: number }[] = [];
      for (let at = 0; at + 512 <= buf.length && buf[at] !== 0;) {
        const name = buf.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
        const size = parseInt(buf.toString('latin1', at + 124, at + 136).replace(/\0.*$/s, '').trim(), 8);
        const mtime = parseInt(buf.toString('latin1', at + 136, at + 148).replace(/\0.*$/s, '').trim(), 8);
        members.push({ name, mtime });
        at += 512 + Math.ceil(size / 512) * 512;
      }
      expect(members.filter((m) => m.name.startsWith('media/')).length).toBeGreaterThanOrEqual(9);
      const times = new Set(members.map((m) => m.mtime));
      expect(times.size, JSON.stringify(members)).toBe(1);
      expect(isShanghaiMidnight([...times][0]! * 1000)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('once the day is over, its reporter files are rewritten: their change and birth times become the pass\'s', async () => {
    const rows = await t.db.selectFrom('case_files').select(['storage_key', 'thumb_key', 'display_key']).where('added_by', '=', 'reporter').execute();
    const media = t.config.media.dir;
    const paths = rows.flatMap((f) => [path.join(media, 'originals', f.storage_key), path.join(media, 'derived', f.thumb_key!), path.join(media, 'derived', f.display_key!)]);
    const bytes = paths.map((p) => fs.readFileSync(p));
    const files = caseFiles(t.config.media);

    // Not while the day lasts.
    expect(await rewriteFinishedDays(t.db, files, new Date(`${DAY}T23:59:59+08:00`))).toBe(0);
    const passStart = Date.now();
    expect(await rewriteFinishedDays(t.db, files, new Date('2022-06-09T00:30:00+08:00'))).toBe(paths.length);
    for (const [i, p] of paths.entries()) {
      const st = fs.statSync(p);
      expect(fs.readFileSync(p).equals(bytes[i]!), p).toBe(true);
      expect(st.mtimeMs).toBe(MIDNIGHT);
      expect(st.ctimeMs).toBeGreaterThanOrEqual(passStart - 20);
      if (st.birthtimeMs > 0) expect(st.birthtimeMs).toBeGreaterThanOrEqual(passStart - 20);
    }
    expect(fs.readdirSync(path.join(media, 'originals')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(await t.db.selectFrom('reporter_file_days').selectAll().execute()).toEqual([{ day: DAY }]);
    // A day is done once.
    expect(await rewriteFinishedDays(t.db, files, new Date('2022-06-10T00:30:00+08:00'))).toBe(0);
  });

  it('a public route that fails writes one line with its route and the day: no time, no request id', async () => {
    const before = lines.length;
    await sql`alter table campaigns rename to campaigns_away`.execute(t.db);
    try {
      expect((await citizen.get('/api/public/campaigns/current')).status).toBe(500);
    } finally {
      await sql`alter table campaigns_away rename to campaigns`.execute(t.db);
    }
    const written = lines.slice(before);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ level: 50, msg: 'public request failed', route: '/api/public/campaigns/current' });
    expect(written[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(written[0]!).filter((k) => ['time', 'reqId', 'req', 'res', 'responseTime'].includes(k))).toEqual([]);
    expect((await citizen.get('/api/public/campaigns/current')).status).toBe(200);
  });
});
