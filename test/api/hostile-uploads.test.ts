import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import archiver from 'archiver';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { loginAs } from '../support/factories';
import type { Answer, Client } from '../support/client';
import { expectFieldError, unitByCode } from '../support/api';
import { multipartForm, reportFacts, solvedChallenge } from '../support/reports';
import { handmadeZip, zerosDocx } from '../support/files';

/*
 * Hostile files at each of the three upload doors: the media library, a case's files and a public
 * report. Each is refused (4xx with a code, and nothing written: no row, no file, no temp) or
 * neutralised (stored under a random name, served only as what its content is).
 */

const MB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

type Door = 'media' | 'case' | 'report';
interface Hostile { name: string; data: Buffer; filename: string; type: string }
interface Outcome { door: Door; file: string; status: number; code?: string; verdict: 'refused' | 'neutralised' }

/** A zip bomb dressed as a Word document: a fine [Content_Types].xml and main part, and one entry of `zeros` bytes of zeros, deflated at level 9. */
async function zipBombDocx(zeros: number): Promise<Buffer> {
  const a = archiver('zip', { zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  a.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve, reject) => { a.on('end', resolve); a.on('error', reject); });
  a.append(CONTENT_TYPES, { name: '[Content_Types].xml' });
  a.append('<Relationships/>', { name: '_rels/.rels' });
  a.append('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>', { name: 'word/document.xml' });
  const block = Buffer.alloc(4 * MB);
  let left = zeros;
  const stream = new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(block.length, left);
      left -= n;
      this.push(block.subarray(0, n));
    },
  });
  a.append(stream, { name: 'word/media/zeros.bin' });
  await a.finalize();
  await done;
  return Buffer.concat(chunks);
}

describeDb('hostile uploads: refused or neutralised at every door, nothing outside DATA_DIR/media', () => {
  let t: TestApp;
  let admin: Client;
  let reporter: Client;
  let citizen: Client;
  let mediaDir: string;
  let dataDir: string;
  let caseId: number;
  let wuhuaId: number;
  let photo: Buffer;
  const outcomes: Outcome[] = [];
  const senderNames = new Set<string>();

  const filesOnDisk = () => (fs.existsSync(mediaDir)
    ? (fs.readdirSync(mediaDir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(mediaDir, f)).isFile()).sort()
    : []);
  const count = async (table: 'media_items' | 'case_files' | 'cases') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = async () => ({ files: filesOnDisk(), media: await count('media_items'), caseFiles: await count('case_files'), cases: await count('cases') });

  async function send(door: Door, h: Hostile): Promise<Answer> {
    if (door === 'media') return reporter.upload(`/api/campaigns/${t.campaignId}/media`, h.data, h.filename, h.type);
    if (door === 'case') return admin.upload(`/api/campaigns/${t.campaignId}/cases/${caseId}/files`, h.data, h.filename, h.type);
    const pow = await solvedChallenge(citizen);
    const form = multipartForm('report', { ...pow, ...reportFacts(wuhuaId) }, [{ data: h.data, name: h.filename, type: h.type }]);
    return citizen.raw('POST', `/api/public/campaigns/${(await currentCode())}/reports`, form.payload, form.headers);
  }

  let code: string | undefined;
  const currentCode = async () => (code ??= (await t.client().get('/api/public/campaigns/current')).body.code as string);

  /** Sends one hostile file through one door and judges the answer: refused cleanly, or stored harmlessly. */
  async function attempt(door: Door, h: Hostile): Promise<Outcome> {
    senderNames.add(path.basename(h.filename.replace(/\\/g, '/')));
    const before = await snapshot();
    const r = await send(door, h);
    const label = `${door} ${h.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
    expect(r.status, label).toBeLessThan(500);
    if (r.status >= 400) {
      expect(r.body.code, label).toMatch(/^(media|report|request)\.[a-z_]+$/);
      expect(await snapshot(), label).toEqual(before);
      const o: Outcome = { door, file: h.name, status: r.status, code: r.body.code, verdict: 'refused' };
      outcomes.push(o);
      return o;
    }
    expect([200, 201], label).toContain(r.status);
    const after = await snapshot();
    const added = after.files.filter((f) => !before.files.includes(f));
    expect(added.length, label).toBeGreaterThan(0);
    for (const f of added) expect(f, label).toMatch(/^(originals\/[0-9a-f]{32}\.[a-z]+|derived\/[0-9a-f]{32}-(thumb|display)\.jpg)$/);
    expect(added.some((f) => path.basename(f).startsWith('.tmp-')), label).toBe(false);
    // Only the kinds judged by content are kept: an image (re-encoded derivatives), a real Office document.
    const row = door === 'media'
      ? await t.db.selectFrom('media_items').select(['mime', 'storage_key']).orderBy('id', 'desc').executeTakeFirstOrThrow()
      // Case files have random ids: the row is the one whose original just appeared.
      : await t.db.selectFrom('case_files').select(['mime', 'storage_key'])
        .where('storage_key', 'in', added.filter((f) => f.startsWith('originals/')).map((f) => path.basename(f))).executeTakeFirstOrThrow();
    expect(['image/jpeg', 'image/png', 'image/gif', 'image/webp', DOCX], label).toContain(row.mime);
    expect(row.mime, label).not.toMatch(/svg|html|javascript|x-msdownload/);
    const o: Outcome = { door, file: h.name, status: r.status, verdict: 'neutralised' };
    outcomes.push(o);
    return o;
  }

  beforeAll(async () => {
    t = await startTestApp({}, { MEDIA_MAX_IMAGE_MB: '1', REPORT_RATE_PER_HOUR: '1000', PUBLIC_RATE_PER_MINUTE: '1000', REPORT_POW_BITS: '8' });
    // The month itself: reports describe what happened in June.
    t.clock.now = new Date('2022-06-10T10:00:00+08:00');
    mediaDir = t.config.media.dir;
    dataDir = t.database.dataDir;
    admin = await t.admin();
    reporter = await loginAs(t, 'unit_reporter', '530102');
    citizen = t.client();
    wuhuaId = (await unitByCode(t, '530102')).id;
    let call = await admin.post(`/api/campaigns/${t.campaignId}/cases`, { source: 'hotline', ...reportFacts(wuhuaId) });
    if (call.status !== 201) {
      // The office's desk registers hotline calls when the city admin may not.
      const desk = await loginAs(t, 'case_handler', '530100-AW');
      call = await desk.post(`/api/campaigns/${t.campaignId}/cases`, { source: 'hotline', ...reportFacts(wuhuaId) });
      admin = desk;
    }
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    caseId = call.body.id;
    photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7f62' } }).jpeg().toBuffer();
  }, 120_000);

  afterAll(async () => {
    const refused = outcomes.filter((o) => o.verdict === 'refused').length;
    const neutralised = outcomes.filter((o) => o.verdict === 'neutralised').length;
    console.log(`hostile uploads tried: ${outcomes.length}, refused: ${refused}, neutralised: ${neutralised}`);
    for (const o of outcomes) console.log(`  ${o.door.padEnd(6)} ${o.file.padEnd(34)} ${o.status} ${o.verdict}${o.code ? ` (${o.code})` : ''}`);
    await t?.close();
  });

  const doors: Door[] = ['media', 'case', 'report'];

  it('refuses a Windows executable named photo.jpg at every door', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(512), Buffer.from('This program cannot be run in DOS mode.')]);
    for (const door of doors) {
      const o = await attempt(door, { name: 'exe as photo.jpg', data: exe, filename: 'photo.jpg', type: 'image/jpeg' });
      expect(o.verdict).toBe('refused');
      expect(o.status).toBe(415);
    }
  });

  it('an SVG with <script> is refused, named .jpg or sent as image/svg+xml', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>');
    for (const door of doors) {
      for (const [filename, type] of [['x.jpg', 'image/jpeg'], ['x.svg', 'image/svg+xml']] as const) {
        const o = await attempt(door, { name: `svg+script as ${filename}`, data: svg, filename, type });
        expect(o.verdict).toBe('refused');
        expect(o.status).toBe(415);
      }
    }
  });

  it('a JPEG with a ZIP or an HTML page appended is refused or kept only as a re-encoded image', async () => {
    const withZip = Buffer.concat([photo, Buffer.from('PK\x03\x04 appended archive payload', 'latin1')]);
    const withHtml = Buffer.concat([photo, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    for (const door of doors) {
      for (const [name, data] of [['jpeg+zip polyglot', withZip], ['jpeg+html polyglot', withHtml]] as const) {
        const known = new Set((await t.db.selectFrom('case_files').select('id').execute()).map((f) => f.id));
        const o = await attempt(door, { name, data, filename: 'poly.jpg', type: 'image/jpeg' });
        if (o.verdict === 'neutralised' && door !== 'media') {
          // A case's and a citizen's files: whatever was appended is not in what is kept... for a citizen.
          const row = (await t.db.selectFrom('case_files').select(['id', 'storage_key', 'added_by']).execute()).find((f) => !known.has(f.id))!;
          const kept = fs.readFileSync(path.join(mediaDir, 'originals', row.storage_key));
          if (row.added_by === 'reporter') expect(kept.includes(Buffer.from('<script>')) || kept.includes(Buffer.from('PK\x03\x04', 'latin1'))).toBe(false);
        }
        if (o.verdict === 'neutralised' && door === 'media') {
          const item = await t.db.selectFrom('media_items').select(['id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
          const served = await admin.get(`/api/media/${item.id}/original`);
          expect(served.headers['content-type']).toBe('image/jpeg');
          expect(served.headers['x-content-type-options']).toBe('nosniff');
          expect(String(served.headers['content-disposition'])).toMatch(/^attachment; /);
          const display = await admin.get(`/api/media/${item.id}/display`);
          expect(display.raw.rawPayload.includes(Buffer.from('<script>'))).toBe(false);
        }
      }
    }
  });

  it('a GIF that is also JavaScript (GIF89a/*…*/=alert(1)//) is refused or kept only as an image', async () => {
    const gifJs = Buffer.concat([Buffer.from('GIF89a/*', 'latin1'), Buffer.alloc(64, 0x20), Buffer.from('*/=alert(1)//;', 'latin1')]);
    for (const door of doors) await attempt(door, { name: 'GIF/JS polyglot', data: gifJs, filename: 'anim.gif', type: 'image/gif' });
  });

  it('a "docx" zip bomb (300 MB of zeros) is refused when inflating it passes the cap, without holding it', async () => {
    const bomb = await zipBombDocx(300 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    for (const door of doors) {
      const rss = process.memoryUsage().rss;
      const started = Date.now();
      const o = await attempt(door, { name: `docx zip bomb (${Math.round(bomb.length / 1024)} KB)`, data: bomb, filename: 'report.docx', type: DOCX });
      // Neither 300 MB in memory nor the time to inflate it.
      expect(process.memoryUsage().rss - rss).toBeLessThan(200 * MB);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(o.verdict).toBe('refused');
      // A citizen may not send a document at all: refused by its first bytes, never unpacked.
      expect(o.code).toBe(door === 'report' ? 'report.file_type' : 'media.expands');
    }
  }, 60_000);

  it('a zip bomb whose headers declare 1 KB for 300 MB is refused by what it really unpacks to, at every door that takes Office files', async () => {
    const bomb = await zerosDocx(300 * MB, 1024);
    expect(bomb.length).toBeLessThan(2 * MB);
    for (const door of ['media', 'case'] as const) {
      const o = await attempt(door, { name: `lying docx zip bomb (${Math.round(bomb.length / 1024)} KB)`, data: bomb, filename: 'report.docx', type: DOCX });
      expect(o.verdict).toBe('refused');
      expect(o.code).toBe('media.expands');
    }
    const xlsxBomb = await handmadeZip([
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: { zeros: 300 * MB }, declaredSize: 2048 },
    ]);
    const office = await t.admin();
    for (const url of ['/api/units/import/preview', `/api/campaigns/${t.campaignId}/statistics/import/preview`, `/api/campaigns/${t.campaignId}/liaisons/import/preview`]) {
      const r = await office.upload(url, xlsxBomb, 'bomb.xlsx', XLSX);
      expectFieldError(r, 'file', 'import.expands');
    }
  }, 60_000);

  it('an honest document that unpacks to 40 MB, under the cap, is kept', async () => {
    const big = await zerosDocx(40 * MB);
    for (const door of ['media', 'case'] as const) {
      const o = await attempt(door, { name: 'honest 40 MB docx', data: big, filename: 'big.docx', type: DOCX });
      expect(o.verdict).toBe('neutralised');
    }
  }, 60_000);

  it('stores under a random name whatever the file is called, and cleans the displayed name', async () => {
    for (const filename of ['../../etc/passwd\u0000.jpg', '..\\..\\x.jpg', 'a\r\nb.jpg']) {
      for (const door of doors) {
        const o = await attempt(door, { name: `name ${JSON.stringify(filename)}`, data: photo, filename, type: 'image/jpeg' });
        if (o.verdict === 'neutralised' && door === 'media') {
          const row = await t.db.selectFrom('media_items').select(['original_name', 'storage_key']).orderBy('id', 'desc').executeTakeFirstOrThrow();
          expect(row.storage_key).toMatch(/^[0-9a-f]{32}\.jpg$/);
          // eslint-disable-next-line no-control-regex
          expect(row.original_name).not.toMatch(/[\u0000-\u001f\u007f/\\]|\.\./);
        }
      }
    }
  });

  it('refuses an image over MEDIA_MAX_IMAGE_MB=1 with 413, and a truncated JPEG is refused or re-encoded', async () => {
    const big = Buffer.concat([photo.subarray(0, 64), crypto.randomBytes(1.5 * MB)]);
    const noise = await sharp(crypto.randomBytes(400 * 300 * 3), { raw: { width: 400, height: 300, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    const truncated = noise.subarray(0, Math.floor(noise.length / 2));
    for (const door of doors) {
      const o = await attempt(door, { name: 'oversized image (1.5 MB)', data: big, filename: 'big.jpg', type: 'image/jpeg' });
      expect(o.verdict).toBe('refused');
      expect(o.status).toBe(413);
      expect(o.code).toBe('media.too_large');
      await attempt(door, { name: 'truncated JPEG', data: truncated, filename: 'half.jpg', type: 'image/jpeg' });
    }
  });

  it('leaves nothing outside DATA_DIR/media/{originals,derived} but the database and keys, and no file under a sender\'s name', () => {
    const all = (fs.readdirSync(dataDir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dataDir, f)).isFile());
    const outside = all.filter((f) => !/^media\/(originals|derived)\/[^/]+$/.test(f));
    console.log(`DATA_DIR files outside media: ${JSON.stringify(outside)}`);
    for (const f of outside) expect(f).toMatch(/(\.(sqlite|db)(-wal|-shm|-journal)?$)|(^|\/)(keys?|secrets?)(\/|\.|$)|session|\.key$/i);
    for (const f of all) {
      expect(path.basename(f).startsWith('.tmp-'), f).toBe(false);
      for (const n of senderNames) expect(path.basename(f), f).not.toBe(n);
    }
    for (const f of all.filter((x) => x.startsWith('media/'))) {
      expect(f).toMatch(/^media\/(originals\/[0-9a-f]{32}\.[a-z]+|derived\/[0-9a-f]{32}-(thumb|display)\.jpg)$/);
    }
  });
});
