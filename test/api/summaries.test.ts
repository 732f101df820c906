import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import unzipper from 'unzipper';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeDb, type TestApp } from '../support/harness';
import { loginAs, startCampaignApp } from '../support/factories';
import type { Client } from '../support/client';
import { auditRows, expectError, expectFieldError, expectGarbageRefused } from '../support/api';
import { formLookups } from '../support/forms';
import { solidJpeg } from '../support/files';
import { docxToPdf, documentTools, pdfPages, pdfText } from '../support/documents';
import { packageRunner } from '../../src/server/features/packages/package.runner';
import { packageService } from '../../src/server/features/packages/package.service';

const START = new Date('2022-06-20T10:00:00+08:00');
const LAST_SECOND = new Date('2022-07-01T23:59:59+08:00');
const AFTER_DUE = new Date('2022-07-02T00:00:00+08:00');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TITLE = '昆明市2022年“安全生产月”及“安全生产万里行”活动情况总结报告';
const CITY_TITLE = '昆明市2022年“安全生产月”及“安全生产万里行”活动总结';
const DRILLS = '全领域应急演练';

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const MALICIOUS = [
  '<p onclick="steal()">全区开展<strong>应急演练12场</strong><script>fetch("/api/accounts")</script></p>',
  '<img src=x onerror="alert(document.cookie)">',
  '<p><a href="javascript:alert(1)">演练视频</a>已发布</p>',
  '<iframe src="https://evil.example/"></iframe>',
].join('');

describeDb('summaries: 总结报告 written in the campaign\'s sections, sanitised, decided, exported as Word and packaged with the media', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let panlong: Client;
  let base: string;
  let photo: Buffer;
  let photoId: number;
  let videoLikeDocId: number;
  let panlongPhotoId: number;
  const { unitId, unitUrl, rowOf, fulfilments, submit } = formLookups(() => t, {
    path: 'summaries', table: 'summaries', obligationKey: 'summary_report',
  });

  async function upload(c: Client, data: Buffer, name: string, fields: Record<string, string>) {
    const r = await c.uploadForm(`/api/campaigns/${t.campaignId}/media`, fields, data, name);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  }

  beforeAll(async () => {
    ({ t, admin, leader, wuhua, panlong } = await startCampaignApp());
    base = `/api/campaigns/${t.campaignId}/summaries`;
    photo = await solidJpeg(1200, 800, '#2a7f62');
    photoId = await upload(wuhua, photo, '演练.jpg', { category: 'drills', takenOn: '2022-06-16' });
    videoLikeDocId = await upload(wuhua, PDF, '方案.pdf', { category: 'drills' });
    panlongPhotoId = await upload(panlong, await solidJpeg(1200, 800, '#aa3333'), '盘龙.jpg', { category: 'law' });
  });
  beforeEach(() => { t.clock.now = START; });
  afterAll(async () => t?.close());

  it('gives a unit the campaign\'s six sections with their hints, nothing written yet, and what it may do', async () => {
    const r = await wuhua.get(await unitUrl('530102'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.sections.map((s: { name: { zh: string } }) => s.name.zh)).toEqual(['开展情况', '经验做法', '特色亮点', '重要事项', '存在问题', '下步打算']);
    expect(r.body.sections[0]).toMatchObject({ key: 'overview', hint: { zh: expect.stringContaining('活动情况') } });
    expect(r.body).toMatchObject({ unit: { code: '530102' }, summary: null, events: [], due: '2022-07-01T16:00:00.000Z', obligationKey: 'summary_report' });
    expect(r.body.can).toEqual({ edit: true, decide: false, reopen: false, export: false });
    expectError(await panlong.get(await unitUrl('530102')), 404, 'request.not_found');
    expectError(await admin.get(await unitUrl('530100-AW')), 400, 'summary.not_applicable');
  });

  it('saves a draft with its HTML sanitised and its picks shown with thumbnails; a stale revision is refused', async () => {
    const url = await unitUrl('530102');
    const r = await wuhua.put(url, {
      sections: { overview: MALICIOUS, problems: '<p>宣传覆盖面<em>不够广</em></p>', experience: '<p> </p>' },
      media: [{ id: photoId, caption: '  演练现场  ' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.summary.sections).toEqual({
      overview: '<p>全区开展<strong>应急演练12场</strong></p><p>演练视频已发布</p>',
      problems: '<p>宣传覆盖面<em>不够广</em></p>',
    });
    expect(r.body.summary).toMatchObject({ status: 'draft', revision: 1, firstSubmittedAt: null });
    expect(r.body.summary.media).toEqual([expect.objectContaining({
      id: photoId, caption: '演练现场', kind: 'image', thumbUrl: `/api/media/${photoId}/thumb`, displayUrl: `/api/media/${photoId}/display`, category: 'drills',
    })]);
    const stored = (await rowOf('530102'))!.sections_json;
    for (const bad of ['<script', 'onerror', 'onclick', 'javascript:', '<img', '<iframe', 'href', 'src=']) expect(stored).not.toContain(bad);

    const again = await wuhua.put(url, { sections: { overview: '<p>全区开展应急演练12场</p>', problems: '<p>宣传覆盖面不够广</p>' }, media: [{ id: photoId, caption: '演练现场' }], revision: 1 });
    expect(again.body.summary.revision).toBe(2);
    expectError(await wuhua.put(url, { sections: {}, revision: 1, media: [] }), 409, 'summary.conflict');
    expect(await fulfilments('530102')).toHaveLength(0);
    const a = await auditRows(t, { action: 'summary.save' });
    expect(a).toHaveLength(2);
    expect(a[0]!.after).toMatchObject({ status: 'draft', media: [photoId], sectionChars: { overview: expect.any(Number) } });
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const url = await unitUrl('530102');
    const before = await rowOf('530102');
    const ok = { overview: '<p>x</p>' };
    expectFieldError(await wuhua.put(url, { sections: { ...ok, shoe_size: '<p>42</p>' }, media: [] }), 'sections.shoe_size');
    const long = await wuhua.put(url, { sections: { overview: `<p>${'字'.repeat(30_001)}</p>` }, media: [] });
    expectFieldError(long, 'sections.overview');
    expect(long.body.fields[0].message).toContain('30000');
    expectFieldError(await wuhua.put(url, { sections: { overview: 'x'.repeat(200_001) }, media: [] }), 'sections.overview');
    const other = await wuhua.put(url, { sections: ok, media: [{ id: panlongPhotoId }] });
    expectFieldError(other, 'media.0.id');
    expect(other.body.fields[0].message).toContain('不属于本单位');
    expectFieldError(await wuhua.put(url, { sections: ok, media: [{ id: 99_999 }] }), 'media.0.id');
    const doc = await wuhua.put(url, { sections: ok, media: [{ id: videoLikeDocId }] });
    expectFieldError(doc, 'media.0.id');
    expect(doc.body.fields[0].messageEn).toBe('only photos and videos can be picked');
    expectFieldError(await wuhua.put(url, { sections: ok, media: [{ id: photoId }, { id: photoId }] }), 'media.1.id');
    expectFieldError(await wuhua.put(url, { sections: ok, media: [{ id: photoId, caption: '长'.repeat(101) }] }), 'media.0.caption');
    expectFieldError(await wuhua.put(url, { sections: ok, media: Array.from({ length: 31 }, (_, i) => ({ id: i + 1 })) }), 'media');
    expectFieldError(await wuhua.post(`${url}/submit`, { sections: { overview: '<p><img src=x></p>' }, media: [] }), 'sections', 'request.invalid');
    expect((await wuhua.post(`${url}/submit`, { sections: {}, media: [] })).body.fields[0].messageEn).toContain('empty');
    expect(await rowOf('530102')).toEqual(before);
    await expectGarbageRefused(wuhua, 'put', url);
    await expectGarbageRefused(wuhua, 'post', `${url}/submit`);
  });

  it('refuses the wrong people: another county 404, the leading group 403 on writes, a reporter cannot decide', async () => {
    const url = await unitUrl('530102');
    expectError(await panlong.put(url, { sections: {}, media: [] }), 404, 'request.not_found');
    expectError(await panlong.post(`${url}/submit`, { sections: { overview: '<p>x</p>' }, media: [] }), 404, 'request.not_found');
    expectError(await panlong.get(`${url}/export.docx`), 404, 'request.not_found');
    expectError(await leader.put(url, { sections: {}, media: [] }), 403, 'request.forbidden');
    expectError(await leader.post(`${url}/submit`, { sections: {}, media: [] }), 403, 'request.forbidden');
    expectError(await leader.post(`${url}/accept`, {}), 403, 'request.forbidden');
    expectError(await wuhua.post(`${url}/accept`, {}), 403, 'request.forbidden');
    expectError(await wuhua.post(`${url}/return`, { comment: '自己退回' }), 403, 'request.forbidden');
    expectError(await wuhua.post(`${url}/reopen`, { reason: '改' }), 403, 'request.forbidden');
    expectError(await wuhua.get(base), 403, 'request.forbidden');
    expectError(await wuhua.get(`/api/campaigns/${t.campaignId}/city-summary.docx`), 403, 'request.forbidden');
    expect((await leader.get(url)).status).toBe(200);
    expect((await leader.get(base)).status).toBe(200);
    // The office cannot accept what was never submitted.
    expectError(await admin.post(`${url}/accept`, {}), 409, 'summary.wrong_state');
    expectError(await admin.post(`${await unitUrl('530103')}/accept`, {}), 409, 'summary.wrong_state');
  });

  it('submits before the deadline: the obligation is fulfilled on time, once; the step is recorded and audited with the text', async () => {
    t.clock.now = LAST_SECOND;
    const body = await submit(wuhua, '530102', {
      sections: { overview: '<p>全区开展应急演练12场，参与群众3000人次。</p><h3>（一）组织领导</h3><p>区安委办统筹。</p>', problems: '<p>宣传覆盖面不够广。</p>' },
      media: [{ id: photoId, caption: '演练现场' }],
    });
    expect(body.summary).toMatchObject({ status: 'submitted', late: false, firstSubmittedAt: LAST_SECOND.toISOString(), submittedBy: { username: expect.any(String) } });
    expect(body.can).toEqual({ edit: false, decide: false, reopen: false, export: true });
    expect(body.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'save', 'save']);
    const f = await fulfilments('530102');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ source_type: 'summary', source_id: String(body.summary.id), fulfilled_at: LAST_SECOND.toISOString() });
    const todo = await wuhua.get(`/api/campaigns/${t.campaignId}/obligations/mine`);
    expect(todo.body.items.find((i: { key: string }) => i.key === 'summary_report').status).toBe('done_on_time');
    const a = await auditRows(t, { action: 'summary.submit' });
    expect(a).toHaveLength(1);
    expect(a[0]!.after).toMatchObject({ status: 'submitted', late: false, sections: { problems: '<p>宣传覆盖面不够广。</p>' } });
    expectError(await wuhua.put(await unitUrl('530102'), { sections: {}, media: [] }), 409, 'summary.not_editable');
  });

  it('the office returns it; corrected after the deadline it is not late; accepted it locks; reopening is audited', async () => {
    const url = await unitUrl('530102');
    expect((await admin.get(url)).body.can).toMatchObject({ decide: true, reopen: false });
    expectFieldError(await admin.post(`${url}/return`, { comment: ' ' }), 'comment');
    const returned = await admin.post(`${url}/return`, { comment: '请补充特色亮点' });
    expect(returned.body.summary).toMatchObject({ status: 'returned', returnComment: '请补充特色亮点' });
    const seen = await wuhua.get(url);
    expect(seen.body.can.edit).toBe(true);

    t.clock.now = AFTER_DUE;
    const again = await submit(wuhua, '530102', {
      sections: {
        ...seen.body.summary.sections,
        highlights: '<p>首创“安全生产夜市”宣传。</p>',
      },
      media: [{ id: photoId, caption: '演练现场' }],
      revision: seen.body.summary.revision,
    });
    expect(again.summary).toMatchObject({ status: 'submitted', late: false, returnComment: null, firstSubmittedAt: LAST_SECOND.toISOString() });
    expect(await fulfilments('530102')).toHaveLength(1);

    const accepted = await admin.post(`${url}/accept`, { comment: '已阅' });
    expect(accepted.body.summary.status).toBe('accepted');
    expect(accepted.body.can).toMatchObject({ decide: false, reopen: true });
    expectError(await wuhua.put(url, { sections: {}, media: [] }), 409, 'summary.locked');
    expectError(await wuhua.post(`${url}/submit`, { sections: { overview: '<p>x</p>' }, media: [] }), 409, 'summary.locked');
    expectError(await admin.put(url, { sections: {}, media: [] }), 409, 'summary.locked');
    expectError(await admin.post(`${url}/accept`, {}), 409, 'summary.locked');
    expectError(await admin.post(`${url}/return`, { comment: '再改' }), 409, 'summary.locked');
    expectFieldError(await admin.post(`${url}/reopen`, {}), 'reason');
    const reopened = await admin.post(`${url}/reopen`, { reason: '照片说明有误' });
    expect(reopened.body.summary).toMatchObject({ status: 'returned', returnComment: '照片说明有误' });
    expect(reopened.body.events.slice(0, 4).map((e: { action: string }) => e.action)).toEqual(['reopen', 'accept', 'submit', 'return']);
    expect((await auditRows(t, { action: 'summary.reopen' }))[0]!.after).toMatchObject({ status: 'returned', comment: '照片说明有误' });
    await submit(wuhua, '530102', { sections: reopened.body.summary.sections, media: [{ id: photoId, caption: '应急演练现场' }] });
    expect((await admin.post(`${url}/accept`, {})).body.summary.status).toBe('accepted');
  });

  it('a first submission after the deadline is marked late', async () => {
    t.clock.now = AFTER_DUE;
    const body = await submit(panlong, '530103', { sections: { overview: '<p>盘龙区开展活动。</p>' }, media: [{ id: panlongPhotoId }] });
    expect(body.summary).toMatchObject({ status: 'submitted', late: true });
    expect(body.summary.media[0]).toMatchObject({ id: panlongPhotoId, caption: null });
    const todo = await panlong.get(`/api/campaigns/${t.campaignId}/obligations/mine`);
    expect(todo.body.items.find((i: { key: string }) => i.key === 'summary_report').status).toBe('done_late');
  });

  it('the office sees every owing unit\'s status, completeness and timeliness, and who is missing', async () => {
    const r = await admin.get(base);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows).toHaveLength(54);
    expect(r.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530102')).toMatchObject({ status: 'accepted', late: false, media: 1 });
    expect(r.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530103')).toMatchObject({ status: 'submitted', late: true });
    expect(r.body.rows.find((x: { unit: { code: string } }) => x.unit.code === '530111')).toMatchObject({ status: 'missing', media: 0 });
    expect(r.body.completeness.byType.find((c: { type: string }) => c.type === 'county')).toEqual({
      type: 'county', units: 14, submitted: 2, onTime: 1, completeness: 2 / 14, timeliness: 1 / 14,
    });
    expect(r.body.completeness.overall).toMatchObject({ units: 54, submitted: 2, onTime: 1 });
    expect(r.body.missing).toHaveLength(52);
    expect((await admin.get(`${base}?unitType=enterprise`)).body.rows).toHaveLength(5);
    expectFieldError(await admin.get(`${base}?unitType=planet`), 'query.unitType');
  });

  it('五华 files its statistics table and the office features its photo: what the city draft and the packages are made of', async () => {
    const stats = `/api/campaigns/${t.campaignId}/statistics/units/${await unitId('530102')}/submit`;
    const filed = await wuhua.post(stats, { values: { drills_held: 7, drill_participants: 350, study_sessions: 2, study_participants: 60 } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    expect((await admin.patch(`/api/media/${photoId}`, { featured: true })).body.featured).toBe(true);
  });

  it.runIf(documentTools)('a unit\'s summary as .docx opens in LibreOffice: the title, the unit, its numbered sections and the photo\'s caption', { timeout: 240_000 }, async () => {
    const r = await wuhua.get(`${await unitUrl('530102')}/export.docx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(DOCX);
    expect(String(r.headers['content-disposition'])).toContain('attachment; filename="summary-kunming-2022-530102.docx"');
    const docx = r.raw.rawPayload;
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const { pdfs, dispose } = await docxToPdf({ unit: docx });
    try {
      const text = pdfText(pdfs.unit!);
      expect(text).toContain(TITLE);
      expect(text).toContain('五华区');
      expect(text).toContain('一、开展情况');
      expect(text).toContain('二、特色亮点');
      expect(text).toContain('三、存在问题');
      expect(text).toContain('全区开展应急演练12场');
      expect(text).toContain('应急演练现场');
      expect(text).toContain('2022年7月2日');
      expect(pdfPages(pdfs.unit!)).toBeGreaterThanOrEqual(2);
    } finally {
      dispose();
    }
  });

  it('a summary not written yet has no document', async () => {
    const c = await loginAs(t, 'unit_reporter', '530111');
    expectError(await c.get(`${await unitUrl('530111')}/export.docx`), 409, 'summary.missing');
  });

  it.runIf(documentTools)('the city summary draft opens in LibreOffice: identity, theme, a consolidated figure, the highlight, the completeness table; no violation passage without data', { timeout: 240_000 }, async () => {
    const r = await leader.get(`/api/campaigns/${t.campaignId}/city-summary.docx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(DOCX);
    const { pdfs, dispose } = await docxToPdf({ city: r.raw.rawPayload });
    try {
      const text = pdfText(pdfs.city!);
      expect(text).toContain(CITY_TITLE);
      expect(text).toContain('遵守安全生产法当好第一责任人');
      expect(text).toContain('昆安办〔2022〕35号');
      expect(text).toContain('一、总体情况');
      expect(text).toContain(`${DRILLS}方面，开展应急演练7场，应急演练参与350人次。`);
      expect(text).toContain('二、主要做法');
      expect(text).toContain(`（六）${DRILLS}`);
      expect(text).toContain('1.五华区：应急演练现场');
      expect(text).toContain('三、完成情况');
      expect(text).toContain('县（市）区安委会');
      expect(text).toContain('未报送单位：');
      expect(text).not.toContain('违法线索和典型案例曝光');
      expect(pdfPages(pdfs.city!)).toBeGreaterThanOrEqual(2);
    } finally {
      dispose();
    }
  });

  async function finished(jobUrl: string) {
    for (let i = 0; i < 600; i++) {
      const r = await admin.get(jobUrl);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('package did not finish');
  }

  async function entriesOf(zip: Buffer) {
    const dir = await unzipper.Open.buffer(zip);
    return new Map(dir.files.filter((f) => f.type === 'File').map((f) => [f.path, f]));
  }

  it('packs one unit: its summary, its table and its media sorted by task category; only the office may start or download it', { timeout: 120_000 }, async () => {
    const packages = `/api/campaigns/${t.campaignId}/packages`;
    const wuhuaId = await unitId('530102');
    expectError(await wuhua.post(packages, { unitId: wuhuaId }), 403, 'request.forbidden');
    expectError(await leader.post(packages, {}), 403, 'request.forbidden');
    expectFieldError(await admin.post(packages, { unitId: 99_999 }), 'unitId', 'unit.missing');
    expectFieldError(await admin.post(packages, { unitId: 'all' }), 'unitId');

    const started = await admin.post(packages, { unitId: wuhuaId });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ scope: 'unit', unit: { code: '530102' }, status: expect.stringMatching(/queued|running|done/), downloadUrl: null });
    const job = await finished(`${packages}/${started.body.id}`);
    expect(job).toMatchObject({ status: 'done', total: 4, done: 4, error: null });
    expect(job.downloadUrl).toBe(`${packages}/${job.id}/download`);

    expectError(await wuhua.get(job.downloadUrl), 403, 'request.forbidden');
    expectError(await wuhua.get(`${packages}/${job.id}`), 403, 'request.forbidden');
    expectError(await admin.get(`/api/campaigns/${t.campaignId + 1}/packages/${job.id}`), 404, 'request.not_found');
    const r = await admin.get(job.downloadUrl);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    const zip = r.raw.rawPayload;
    expect(zip.length).toBe(job.bytes);
    const entries = await entriesOf(zip);
    const folder = '530102 五华区';
    expect([...entries.keys()].sort()).toEqual([
      `${folder}/总结报告.docx`,
      `${folder}/活动进展情况统计表.xlsx`,
      `${folder}/媒体资料/${DRILLS}/方案.pdf`,
      `${folder}/媒体资料/${DRILLS}/演练.jpg`,
    ].sort());
    // The original as uploaded, byte for byte.
    expect(sha256(await entries.get(`${folder}/媒体资料/${DRILLS}/演练.jpg`)!.buffer())).toBe(sha256(photo));
    expect((await entries.get(`${folder}/总结报告.docx`)!.buffer()).subarray(0, 2).toString()).toBe('PK');
    expect((await auditRows(t, { action: 'package.create' }))[0]!.after).toMatchObject({ scope: 'unit', unitId: wuhuaId });
  });

  it('packs every unit that owes a summary, each unit\'s media in its own folder, nothing twice', { timeout: 120_000 }, async () => {
    const packages = `/api/campaigns/${t.campaignId}/packages`;
    const started = await admin.post(packages, {});
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ scope: 'all', unit: null });
    const job = await finished(`${packages}/${started.body.id}`);
    expect(job.status).toBe('done');
    const entries = [...(await entriesOf((await admin.get(job.downloadUrl)).raw.rawPayload)).keys()];
    expect(entries.length).toBe(job.total);
    // 五华: summary, table, 2 media; 盘龙: summary, 1 media; nobody else wrote or uploaded anything.
    expect(job.total).toBe(6);
    expect(entries).toContain('530103 盘龙区/总结报告.docx');
    expect(entries).toContain('530103 盘龙区/媒体资料/深入宣传贯彻《安全生产法》/盘龙.jpg');
    expect(entries.filter((e) => e.endsWith('盘龙.jpg'))).toHaveLength(1);
    expect(entries.filter((e) => e.endsWith('演练.jpg'))).toEqual([`530102 五华区/媒体资料/${DRILLS}/演练.jpg`]);
    expect(entries.some((e) => e.startsWith('530111 官渡区/'))).toBe(false);

    const list = await admin.get(packages);
    expect(list.body.jobs.map((j: { id: number }) => j.id).slice(0, 2)).toEqual([job.id, job.id - 1]);
  });

  it('at start, a job a stopped process left unfinished is failed, day-old jobs go with their files, temp files are removed', async () => {
    const deps = { db: t.db, now: () => t.clock.now, config: t.config };
    const runner = packageRunner(deps);
    fs.mkdirSync(runner.dir, { recursive: true });
    const at = (d: Date) => d.toISOString();
    const insert = async (status: string, createdAt: Date, fileKey: string | null) => (await t.db.insertInto('package_jobs').values({
      campaign_id: t.campaignId, scope: 'all', unit_id: null, status, total: 3, done_count: 1, file_key: fileKey, bytes: null, error: null,
      created_by: null, created_at: at(createdAt), finished_at: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    t.clock.now = new Date('2022-07-10T10:00:00+08:00');
    const running = await insert('running', new Date('2022-07-10T09:00:00+08:00'), null);
    fs.writeFileSync(path.join(runner.dir, 'old.zip'), 'x');
    const old = await insert('done', new Date('2022-07-09T09:00:00+08:00'), 'old.zip');
    fs.writeFileSync(path.join(runner.dir, 'abandoned.zip.tmp'), 'x');

    const r = await packageService(deps, runner).recover();
    expect(r.failed).toBe(1);
    expect(r.deleted).toBeGreaterThanOrEqual(1);
    const job = await t.db.selectFrom('package_jobs').selectAll().where('id', '=', running).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', error: 'package.interrupted' });
    expect(await t.db.selectFrom('package_jobs').selectAll().where('id', '=', old).executeTakeFirst()).toBeUndefined();
    expect(fs.existsSync(path.join(runner.dir, 'old.zip'))).toBe(false);
    expect(fs.existsSync(path.join(runner.dir, 'abandoned.zip.tmp'))).toBe(false);
    const shown = await admin.get(`/api/campaigns/${t.campaignId}/packages/${running}`);
    expect(shown.body.error).toMatchObject({ code: 'package.interrupted', message: expect.stringContaining('重新生成') });
  });
});
