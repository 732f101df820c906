import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { expectError, unitByCode } from '../support/api';
import type { Client } from '../support/client';
import { reportFacts, solvedChallenge, submitReport } from '../support/reports';
import { filesUnder, hugePng, multipartBody, postHoldingRest, type FormPart } from '../support/intake';
import { solidJpeg } from '../support/files';

/*
 * The order of work at the public doors: a report's proof of work (a message's receipt) and its
 * small fields are judged before a byte of its files is read, files are stored raw, and an image
 * is decoded only for a form already admitted — never past the reporters' pixel limit.
 */

const CODE = 'kunming-2022';
const REPORTS = `/api/public/campaigns/${CODE}/reports`;

describeDb('order of work at the public intake', () => {
  let t: TestApp;
  let port: number;
  let citizen: Client;
  let wuhuaId: number;
  let png100: Buffer;
  let mediaDir: string;

  const caseCount = async () => Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /** The form cut after the first KB of its first file: what the server has when it must decide. */
  function cutInFirstFile(parts: FormPart[]) {
    const { payload, contentType } = multipartBody(parts);
    const at = payload.indexOf(Buffer.from('\r\n\r\n', 'latin1'), payload.indexOf(Buffer.from('filename='))) + 4 + 1024;
    return { contentType, head: payload.subarray(0, at), rest: payload.subarray(at) };
  }

  beforeAll(async () => {
    t = await startTestApp({}, { REPORT_POW_BITS: '4', REPORT_RATE_PER_HOUR: '1000', REPORT_LOOKUPS_PER_MINUTE: '1000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
    t.clock.now = new Date('2022-06-08T10:00:00+08:00');
    citizen = t.client();
    wuhuaId = (await unitByCode(t, '530102')).id;
    mediaDir = path.join(t.config.dataDir, 'media');
    png100 = await hugePng(100);
  }, 60_000);

  afterAll(async () => { await t?.close(); });

  const sixHugePngs = (): FormPart[] => Array.from({ length: 6 }, (_, i) => ({ name: 'file', file: { data: png100, filename: `site-${i}.png`, type: 'image/png' } }));

  it('refuses a made-up proof of work with six 100-MP images before the first image has arrived', async () => {
    const before = { cases: await caseCount(), files: filesUnder(mediaDir) };
    const { challenge } = await solvedChallenge(citizen);
    const form = cutInFirstFile([{ name: 'report', value: JSON.stringify({ challenge, nonce: 'made-up', ...reportFacts(wuhuaId) }) }, ...sixHugePngs()]);
    const a = await postHoldingRest(port, REPORTS, form.contentType, form.head, form.rest);
    expect(a.status, JSON.stringify(a.body)).toBe(400);
    expect(a.body).toMatchObject({ code: 'report.pow_invalid', fields: [{ field: 'nonce' }] });
    expect(a.body.message).toMatch(/安全校验/);
    // Answered while most of the body was still held back: no image was received, let alone decoded.
    expect(a.bodyComplete).toBe(false);
    expect(a.bytesSent).toBeLessThan(form.head.length + form.rest.length);
    expect(await caseCount()).toBe(before.cases);
    expect(filesUnder(mediaDir)).toEqual(before.files);
  }, 60_000);

  it('refuses a report for another campaign or with a bad field the same way, before any file', async () => {
    const pow = await solvedChallenge(citizen);
    const bad = cutInFirstFile([{ name: 'report', value: JSON.stringify({ ...pow, ...reportFacts(wuhuaId), category: 'arson' }) }, ...sixHugePngs()]);
    const a = await postHoldingRest(port, REPORTS, bad.contentType, bad.head, bad.rest);
    expect(a.status).toBe(400);
    expect(a.body.fields.map((f: { field: string }) => f.field)).toContain('category');
    expect(a.bodyComplete).toBe(false);
    // A report refused for its facts keeps its proof: the corrected one goes through.
    expect((await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId) })).status).toBe(201);
  }, 60_000);

  it('checks a message\'s receipt before its files', async () => {
    const files = filesUnder(mediaDir);
    const form = cutInFirstFile([{ name: 'message', value: JSON.stringify({ receipt: '0000-0000-0000-0000-0000', body: '补充照片' }) }, ...sixHugePngs()]);
    const a = await postHoldingRest(port, '/api/public/report-messages', form.contentType, form.head, form.rest);
    expect(a.status).toBe(404);
    expect(a.body.code).toBe('report.receipt_unknown');
    expect(a.bodyComplete).toBe(false);
    expect(filesUnder(mediaDir)).toEqual(files);
  }, 60_000);

  it('refuses a reporter\'s image past the pixel limit from its header, quickly, leaving nothing', async () => {
    const before = { cases: await caseCount(), files: filesUnder(mediaDir) };
    const pow = await solvedChallenge(citizen);
    const { payload, contentType } = multipartBody([{ name: 'report', value: JSON.stringify({ ...pow, ...reportFacts(wuhuaId) }) }, ...sixHugePngs()]);
    const started = performance.now();
    const r = await citizen.raw('POST', REPORTS, payload, { 'content-type': contentType });
    const ms = performance.now() - started;
    expectError(r, 413, 'media.too_many_pixels');
    expect(r.body.fields).toEqual([expect.objectContaining({ field: 'file', messageEn: 'the image has too many pixels: at most 40 megapixels' })]);
    // Decoding one of these takes seconds (six: about a minute); reading six headers takes milliseconds.
    expect(ms).toBeLessThan(5_000);
    expect(await caseCount()).toBe(before.cases);
    expect(filesUnder(mediaDir)).toEqual(before.files);
  });

  it('stores nothing when a later file of an admitted report is refused', async () => {
    const before = { cases: await caseCount(), files: filesUnder(mediaDir) };
    const pow = await solvedChallenge(citizen);
    const { payload, contentType } = multipartBody([
      { name: 'report', value: JSON.stringify({ ...pow, ...reportFacts(wuhuaId) }) },
      { name: 'file', file: { data: await solidJpeg(800, 600), filename: 'ok.jpg', type: 'image/jpeg' } },
      { name: 'file', file: { data: Buffer.from('#!/bin/sh\necho not a photo\n'), filename: 'photo.jpg', type: 'image/jpeg' } },
    ]);
    const r = await citizen.raw('POST', REPORTS, payload, { 'content-type': contentType });
    expect(r.status).toBe(415);
    expect(await caseCount()).toBe(before.cases);
    expect(filesUnder(mediaDir)).toEqual(before.files);
    // A good photo under the limit still goes all the way (cleaned, with its derivatives).
    const again = await solvedChallenge(citizen);
    const good = multipartBody([
      { name: 'report', value: JSON.stringify({ ...again, ...reportFacts(wuhuaId) }) },
      { name: 'file', file: { data: await solidJpeg(800, 600), filename: 'ok.jpg', type: 'image/jpeg' } },
    ]);
    const ok = await citizen.raw('POST', REPORTS, good.payload, { 'content-type': good.contentType });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(filesUnder(mediaDir).length).toBe(before.files.length + 3);
  });

  it('answers 400 naming the body or the form field for JSON nested 10,000 deep, on every door', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const url of ['/api/public/report-status', '/api/public/report-messages', REPORTS, '/api/public/report-challenge', '/api/auth/login']) {
      const r = await citizen.raw('POST', url, deep, { 'content-type': 'application/json' });
      expectError(r, 400, 'request.too_deep');
      expect(r.body.fields, url).toEqual([expect.objectContaining({ field: '(body)' })]);
      expect(r.body.message).toMatch(/嵌套层数过多/);
    }
    const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    expectError(await citizen.raw('POST', '/api/public/report-status', deepObject, { 'content-type': 'application/json' }), 400, 'request.too_deep');
    const form = multipartBody([{ name: 'report', value: deep }]);
    const r = await citizen.raw('POST', REPORTS, form.payload, { 'content-type': form.contentType });
    expectError(r, 400, 'request.too_deep');
    expect(r.body.fields).toEqual([expect.objectContaining({ field: 'report' })]);
    // 32 levels are fine as far as depth goes (the schema then says what is wrong).
    const fine = await citizen.raw('POST', '/api/public/report-status', `${'['.repeat(32)}${']'.repeat(32)}`, { 'content-type': 'application/json' });
    expectError(fine, 400, 'request.invalid');
    expect((await submitReport(citizen, CODE, reportFacts(wuhuaId))).status).toBe(201);
  });
});
