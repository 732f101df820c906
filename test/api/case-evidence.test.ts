import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { campaignCast, loginAs } from '../support/factories';
import { expectError, unitByCode } from '../support/api';
import { multipartForm, reportFacts, solvedChallenge } from '../support/reports';
import type { Client } from '../support/client';

/*
 * Evidence staff add to a case keeps the camera's GPS in its original. Everyone who may see the case
 * gets a copy without metadata; only the city case desk (and the office's administrators, who are
 * desk) may download the original, as evidence.
 */

const GPS_TEXT = '+25.0417+102.7100/';
const gpsJpeg = () => sharp({ create: { width: 1200, height: 800, channels: 3, background: '#4b6a2e' } })
  .jpeg({ quality: 85 })
  .withExif({
    IFD0: { Make: 'SafeCam', Model: 'Evidence-2' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 42/1 0/1' },
  })
  .toBuffer();

/** A phone video's box tree: the location under moov (©xyz) and in a vendor box inside the track. */
function gpsMp4(): Buffer {
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    return b;
  };
  const boxOf = (type: string, ...body: Buffer[]) => {
    const payload = Buffer.concat(body);
    return Buffer.concat([u32(8 + payload.length), Buffer.from(type, 'latin1'), payload]);
  };
  const mvhd = boxOf('mvhd', u32(0), u32(0xe0a1b2c3), u32(0xe0a1b2c3), u32(1000), u32(4000), Buffer.alloc(80));
  const tkhd = boxOf('tkhd', u32(3), u32(0xe0a1b2c3), u32(0xe0a1b2c3), u32(1), Buffer.alloc(68));
  const trak = Buffer.concat([tkhd, boxOf('gps0', Buffer.from(GPS_TEXT))]);
  const moov = boxOf('moov', mvhd, boxOf('trak', trak), boxOf('©xyz', u32(GPS_TEXT.length), Buffer.from(GPS_TEXT)));
  return Buffer.concat([boxOf('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isommp41')), moov, boxOf('mdat', Buffer.alloc(2048, 0x5a))]);
}

const PDF = Buffer.from(`%PDF-1.4\n1 0 obj << /Author (Inspector Li) /GPS (${GPS_TEXT}) >> endobj\ntrailer << >>\n%%EOF\n`);

interface CaseFileBody { id: number; kind: string; addedBy: string; thumbUrl: string | null; displayUrl: string | null; originalUrl: string | null }

describeDb('case evidence: copies without metadata for everyone, originals for the desk', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let desk: Client;
  let countyHandler: Client;
  let countyReporter: Client;
  let caseId: number;
  const files: Record<'photo' | 'video' | 'document' | 'citizenPhoto', number> = { photo: 0, video: 0, document: 0, citizenPhoto: 0 };

  beforeAll(async () => {
    t = await startTestApp({ sessionHours: 24 * 365 }, { REPORT_POW_BITS: '6' });
    t.clock.now = new Date('2022-06-08T10:00:00+08:00');
    ({ admin, leader, wuhua: countyReporter } = await campaignCast(t));
    desk = await loginAs(t, 'case_handler', '530100-AW');
    countyHandler = await loginAs(t, 'case_handler', '530102');
    const wuhuaId = (await unitByCode(t, '530102')).id;

    // A citizen's report with a photo: its "original" was cleaned at intake.
    const citizen = t.client();
    const form = multipartForm('report', { ...(await solvedChallenge(citizen)), ...reportFacts(wuhuaId) }, [{ data: await gpsJpeg(), name: 'IMG_1.jpg', type: 'image/jpeg' }]);
    const report = await citizen.raw('POST', `/api/public/campaigns/kunming-2022/reports`, form.payload, form.headers);
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    caseId = Number(report.body.reference.slice(5));
    const url = `/api/campaigns/${t.campaignId}/cases/${caseId}`;
    const act = async (body: Record<string, unknown>) => {
      const cur = await admin.get(url);
      const r = await desk.post(`${url}/actions`, { revision: cur.body.revision, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await act({ action: 'accept' });
    await act({ action: 'assign', unitId: wuhuaId });

    // The desk adds its own evidence, as taken: a photo and a video with their GPS, and a PDF.
    for (const [name, data, type] of [['photo', await gpsJpeg(), 'image/jpeg'], ['video', gpsMp4(), 'video/mp4'], ['document', PDF, 'application/pdf']] as const) {
      const r = await desk.upload(`${url}/files`, data, `evidence.${type.split('/')[1]}`, type);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      files[name] = (r.body.files as CaseFileBody[]).filter((f) => f.addedBy === 'staff').at(-1)!.id;
    }
    const all = (await admin.get(url)).body.files as CaseFileBody[];
    files.citizenPhoto = all.find((f) => f.addedBy === 'reporter')!.id;
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  const caseFiles = async (c: Client) => {
    const r = await c.get(`/api/campaigns/${t.campaignId}/cases/${caseId}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return new Map((r.body.files as CaseFileBody[]).map((f) => [f.id, f]));
  };
  const bytes = async (c: Client, url: string) => {
    const r = await c.get(url);
    expect(r.status, `${url}: ${r.status}`).toBe(200);
    return r.raw.rawPayload;
  };
  const hasGps = async (data: Buffer) => Boolean(await exifr.gps(data).catch(() => undefined));

  it('the desk and the office download the staff photo and video as taken, GPS and all', async () => {
    for (const c of [desk, admin]) {
      const seen = await caseFiles(c);
      const photo = seen.get(files.photo)!;
      expect(photo.originalUrl).toBe(`/api/case-files/${files.photo}/original`);
      const original = await c.get(photo.originalUrl!);
      expect(original.headers['content-disposition']).toMatch(/^attachment/);
      expect(await hasGps(original.raw.rawPayload)).toBe(true);
      expect(await exifr.gps(original.raw.rawPayload)).toMatchObject({ latitude: expect.closeTo(25.04, 2), longitude: expect.closeTo(102.7, 2) });
      expect((await bytes(c, seen.get(files.video)!.originalUrl!)).includes(GPS_TEXT)).toBe(true);
      expect((await bytes(c, seen.get(files.document)!.originalUrl!)).includes(GPS_TEXT)).toBe(true);
    }
  });

  it('county staff and the leading group get copies with no GPS, and no link to the originals', async () => {
    for (const c of [countyHandler, countyReporter, leader]) {
      const seen = await caseFiles(c);
      const photo = seen.get(files.photo)!;
      expect(photo.originalUrl).toBeNull();
      for (const url of [photo.thumbUrl!, photo.displayUrl!]) {
        const copy = await bytes(c, url);
        expect(await hasGps(copy)).toBe(false);
        expect((await sharp(copy).metadata()).exif).toBeUndefined();
        expect(copy.includes(Buffer.from('SafeCam'))).toBe(false);
      }
      expect((await sharp(await bytes(c, photo.displayUrl!)).metadata()).width).toBe(1200);

      const video = seen.get(files.video)!;
      expect(video.originalUrl).toBeNull();
      expect(video.displayUrl).toBe(`/api/case-files/${files.video}/display`);
      const copy = await c.get(video.displayUrl!);
      expect(copy.headers['content-type']).toBe('video/mp4');
      expect(copy.raw.rawPayload.includes(GPS_TEXT)).toBe(false);
      expect(copy.raw.rawPayload.subarray(4, 8).toString('latin1')).toBe('ftyp');

      // A document cannot be cleaned reliably: they learn it exists, not what it holds.
      const document = seen.get(files.document)!;
      expect(document).toMatchObject({ kind: 'document', thumbUrl: null, displayUrl: null, originalUrl: null });

      // The citizen's photo was cleaned before it was kept: its original is everyone's copy.
      const citizenPhoto = seen.get(files.citizenPhoto)!;
      expect(citizenPhoto.originalUrl).toBe(`/api/case-files/${files.citizenPhoto}/original`);
      expect(await hasGps(await bytes(c, citizenPhoto.originalUrl!))).toBe(false);
    }
  });

  it('refuses a county handler\'s request for an original, by the URL it was not given', async () => {
    for (const c of [countyHandler, countyReporter, leader]) {
      for (const id of [files.photo, files.video, files.document]) {
        expectError(await c.get(`/api/case-files/${id}/original`), 403, 'case.original_forbidden');
      }
      // A document has no copy to fall back on.
      expectError(await c.get(`/api/case-files/${files.document}/display`), 404);
    }
    // Another county does not even learn the file exists.
    const panlong = await loginAs(t, 'case_handler', '530103');
    expectError(await panlong.get(`/api/case-files/${files.photo}/original`), 404);
    expectError(await panlong.get(`/api/case-files/${files.photo}/display`), 404);
  });

  it('keeps the original and its copies on disk apart: the stored video copy has no GPS, the original still has it', async () => {
    const row = await t.db.selectFrom('case_files').selectAll().where('id', '=', files.video).executeTakeFirstOrThrow();
    expect(row.display_key).toMatch(/^[0-9a-f]{32}-display\.mp4$/);
    expect(row.storage_key).toMatch(/^[0-9a-f]{32}\.mp4$/);
    expect(fs.readFileSync(path.join(t.config.media.dir, 'originals', row.storage_key)).includes(GPS_TEXT)).toBe(true);
    expect(fs.readFileSync(path.join(t.config.media.dir, 'derived', row.display_key!)).includes(GPS_TEXT)).toBe(false);
  });
});
