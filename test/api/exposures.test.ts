import path from 'node:path';
import sharp from 'sharp';
import unzipper from 'unzipper';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { campaignCast, loginAs } from '../support/factories';
import { auditRows, expectError, expectFieldError, unitByCode } from '../support/api';
import { multipartForm, reportFacts, solvedChallenge } from '../support/reports';
import type { Client } from '../support/client';

const CODE = 'kunming-2022';
const NAME = '李举报';
const PHONE = '13912345678';

/** A photo with a face-like high-contrast block in its top-left quarter and GPS in its EXIF. */
async function evidencePhoto() {
  const stripes = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">${Array.from({ length: 20 }, (_, i) => `<rect x="${i * 10}" y="0" width="5" height="150" fill="#000"/>`).join('')}</svg>`);
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#f0f0f0' } })
    .composite([{ input: await sharp(stripes).png().toBuffer(), left: 0, top: 0 }])
    .jpeg({ quality: 92 })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 42/1 0/1' } })
    .toBuffer();
}

async function raw(buf: Buffer) {
  const { data, info } = await sharp(buf).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference of two same-size images inside a pixel rectangle. */
function meanDiff(a: Awaited<ReturnType<typeof raw>>, b: Awaited<ReturnType<typeof raw>>, x0: number, y0: number, x1: number, y1: number) {
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        sum += Math.abs(a.data[i]! - b.data[i]!);
        n++;
      }
    }
  }
  return sum / n;
}

describeDb('typical cases: drafted, redacted, reviewed, published, exposed and reported to the province', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let reviewer: Client;
  let media: Client;
  let receipt = '';
  let caseId = 0;
  let openCaseId = 0;
  let typicalId = 0;
  let photo: Buffer;

  beforeAll(async () => {
    t = await startTestApp({ sessionHours: 24 * 365 }, { REPORT_POW_BITS: '4' });
    ({ admin, leader, wuhua } = await campaignCast(t));
    reviewer = await loginAs(t, 'reviewer', '530100-AW');
    media = await loginAs(t, 'media_partner', '530100-AW');
    t.clock.now = new Date('2022-06-08T10:00:00+08:00');
    const wuhuaId = (await unitByCode(t, '530102')).id;
    // A citizen's report with a photo, a name and a phone: none of it may ever reach the media.
    photo = await evidencePhoto();
    const pow = await solvedChallenge(t.client());
    const form = multipartForm('report', { ...pow, ...reportFacts(wuhuaId, { reporterName: NAME, reporterPhone: PHONE }) }, [{ data: photo, name: 'a.jpg', type: 'image/jpeg' }]);
    const r = await t.app.inject({ method: 'POST', url: `/api/public/campaigns/${CODE}/reports`, payload: form.payload, headers: form.headers });
    expect(r.statusCode, r.body).toBe(201);
    receipt = r.json().receipt;
    caseId = Number(r.json().reference.slice(5));
    const cases = `/api/campaigns/${t.campaignId}/cases/${caseId}`;
    for (const step of [
      { action: 'accept' }, { action: 'assign', unitId: wuhuaId }, { action: 'verify', founded: true, findings: '属实' },
      { action: 'order_rectification', requirement: '整改' }, { action: 'rectify', report: '已整改' }, { action: 'close', reply: '已办结' },
    ]) {
      const cur = (await admin.get(cases)).body;
      expect((await admin.post(`${cases}/actions`, { revision: cur.revision, ...step })).status).toBe(200);
    }
    const open = await t.app.inject({ method: 'POST', url: `/api/public/campaigns/${CODE}/reports`, payload: { ...(await solvedChallenge(t.client())), ...reportFacts(wuhuaId) } });
    openCaseId = Number(open.json().reference.slice(5));
    t.clock.now = new Date('2022-06-20T10:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const base = () => `/api/campaigns/${t.campaignId}/typical-cases`;
  const one = () => `${base()}/${typicalId}`;
  const act = async (c: Client, action: string, comment?: string) => {
    const cur = await admin.get(one());
    return c.post(`${one()}/actions`, { action, revision: cur.body.revision, ...(comment !== undefined && { comment }) });
  };
  const body = (caseIds: number[]) => ({
    title: '某燃气经营部违规存放液化石油气钢瓶案', subject: '某燃气经营部', sector: '燃气', facts: '群众举报后，执法人员现场检查发现……',
    violations: '违规存放液化石油气钢瓶 6 个，未配置消防器材。', handling: '责令停业整顿，罚款 5 万元，对负责人罚款 1 万元。',
    dualPenalty: true, criminalTransfer: false, lesson: '经营单位必须落实安全生产主体责任。', caseIds,
  });

  it('the office drafts from verified cases only; others may not draft; media partners see no draft', async () => {
    expectError(await reviewer.post(base(), body([caseId])), 403);
    expectError(await wuhua.post(base(), body([caseId])), 403);
    expectFieldError(await admin.post(base(), body([openCaseId])), 'caseIds.0');
    expectFieldError(await admin.post(base(), { ...body([caseId]), title: '' }), 'title');
    const r = await admin.post(base(), body([caseId]));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'draft', canEdit: true, actions: ['submit'], sources: [{ id: caseId }] });
    typicalId = r.body.id;
    expectError(await media.get(one()), 404);
    expect((await media.get(base())).body.items).toEqual([]);
    expect((await reviewer.get(base())).body.items.map((i: { id: number }) => i.id)).toEqual([typicalId]);
  });

  it('redacts a photo from the evidence: the blurred copy differs from the original in the box and nowhere else', async () => {
    const evidence = await admin.get(`${one()}/evidence`);
    expect(evidence.body.items).toHaveLength(1);
    const caseFileId = evidence.body.items[0].caseFileId;
    expectError(await reviewer.get(`${one()}/evidence`), 403);
    expectFieldError(await admin.post(`${one()}/images`, { caseFileId, boxes: [{ x: 0.8, y: 0, w: 0.5, h: 0.2 }] }), 'boxes');
    const added = await admin.post(`${one()}/images`, { caseFileId, boxes: [{ x: 0, y: 0, w: 0.5, h: 0.5 }], caption: '现场（已打码）' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const image = added.body.images[0];
    expect(image).toMatchObject({ caseFileId, width: 800, height: 600, blurredUrl: `/api/typical-images/${image.id}` });
    const blurred = (await admin.get(image.blurredUrl)).raw.rawPayload;
    const stored = await t.db.selectFrom('case_files').selectAll().where('id', '=', caseFileId).executeTakeFirstOrThrow();
    const original = await sharp(path.join(t.config.media.dir, 'originals', stored.storage_key)).toBuffer();
    const [a, b] = [await raw(original), await raw(blurred)];
    expect([b.width, b.height]).toEqual([800, 600]);
    // The striped block (0–200 × 0–150) inside the box is flattened; the rest of the photo is as it was.
    expect(meanDiff(a, b, 10, 10, 190, 140)).toBeGreaterThan(60);
    expect(meanDiff(a, b, 420, 320, 790, 590)).toBeLessThan(3);
    expect((await sharp(blurred).metadata()).exif).toBeUndefined();
    // Not published: the public cannot fetch it.
    expectError(await t.client().get(`/api/public/exposure-images/${image.id}`), 404);
  });

  it('goes through the review chain: screened by the publicity staff, approved by the leader, published by the office; returns need a comment', async () => {
    expect((await act(admin, 'submit')).body).toMatchObject({ status: 'in_review', stage: { index: 0, key: 'screen', role: 'reviewer' } });
    expectError(await admin.put(one(), { ...body([caseId]), revision: (await admin.get(one())).body.revision }), 409, 'exposure.locked');
    expectError(await act(leader, 'pass'), 403);
    expectFieldError(await act(reviewer, 'return'), 'comment');
    expect((await act(reviewer, 'return', '请补充处罚文书编号')).body).toMatchObject({ status: 'draft', returnComment: '请补充处罚文书编号' });
    const again = await admin.get(one());
    expect((await admin.put(one(), { ...body([caseId]), handling: '责令停业整顿，罚款 5 万元（昆应急罚〔2022〕12号）。', revision: again.body.revision })).status).toBe(200);
    await act(admin, 'submit');
    expect((await act(reviewer, 'pass')).body).toMatchObject({ status: 'in_review', stage: { index: 1, key: 'approve', role: 'leader' } });
    expectError(await act(reviewer, 'pass'), 403);
    expectError(await act(admin, 'publish'), 409, 'exposure.wrong_state');
    expect((await act(leader, 'pass')).body.status).toBe('approved');
    expectError(await act(reviewer, 'publish'), 403);
    const published = await act(admin, 'publish');
    expect(published.body).toMatchObject({ status: 'published', canEdit: false, canRecordRun: true });
    expect(published.body.events.map((e: { action: string }) => e.action)).toEqual(['draft', 'submit', 'return', 'submit', 'pass', 'pass', 'publish']);
    expect((await auditRows(t, { action: 'typical.publish' }))).toHaveLength(1);
  });

  it('shows on the public page and to media partners, who download the package, record the run and read the feed with their token only', async () => {
    const pub = await t.client().get(`/api/public/campaigns/${CODE}/exposures`);
    expect(pub.status).toBe(200);
    expect(pub.body.items).toHaveLength(1);
    expect(pub.body.items[0]).toMatchObject({ id: typicalId, publishedOn: '2022-06-20', dualPenalty: true });
    const img = await t.client().get(pub.body.items[0].images[0].url);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');

    expect((await media.get(base())).body.items.map((i: { id: number }) => i.id)).toEqual([typicalId]);
    expectFieldError(await media.post(`${one()}/runs`, { outlet: '昆明日报', ranOn: '2022-06-21', link: 'javascript:alert(1)' }), 'link');
    const ran = await media.post(`${one()}/runs`, { outlet: '昆明日报', ranOn: '2022-06-21', link: 'https://example.org/news/1' });
    expect(ran.body.runs).toMatchObject([{ outlet: '昆明日报', ranOn: '2022-06-21' }]);
    expectError(await wuhua.post(`${one()}/runs`, { outlet: 'x', ranOn: '2022-06-21' }), 403);

    const pkg = await media.get(`${one()}/package`);
    expect(pkg.status).toBe(200);
    const dir = await unzipper.Open.buffer(pkg.raw.rawPayload);
    expect(dir.files.map((f) => f.path).sort()).toEqual(['典型案例.docx', '图片/1.jpg']);

    expectError(await wuhua.post('/api/feed-token'), 403);
    const token = await media.post('/api/feed-token');
    expect(token.status).toBe(200);
    expectError(await t.client().get('/api/feeds/exposures.json?token=wrong-token'), 401, 'exposure.feed_token');
    const feed = await t.client().get(`/api/feeds/exposures.json?token=${token.body.token}`);
    expect(feed.status).toBe(200);
    const items = JSON.parse(feed.raw.body).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: '某燃气经营部违规存放液化石油气钢瓶案', tags: ['一案双罚'] });
    // A new token replaces the old one.
    await media.post('/api/feed-token');
    expectError(await t.client().get(`/api/feeds/exposures.json?token=${token.body.token}`), 401);
  });

  it('no reporter name, phone or receipt appears anywhere in a published case, its package or the feed', async () => {
    const needles = [NAME, PHONE, receipt, receipt.replace(/-/g, '')];
    const token = (await media.post('/api/feed-token')).body.token;
    const texts = [
      JSON.stringify((await t.client().get(`/api/public/campaigns/${CODE}/exposures`)).body),
      JSON.stringify((await media.get(one())).body),
      JSON.stringify((await admin.get(one())).body),
      (await t.client().get(`/api/feeds/exposures.json?token=${token}`)).raw.body,
    ];
    const dir = await unzipper.Open.buffer((await media.get(`${one()}/package`)).raw.rawPayload);
    const docx = await unzipper.Open.buffer(await dir.files.find((f) => f.path === '典型案例.docx')!.buffer());
    for (const f of docx.files) texts.push((await f.buffer()).toString('utf8'));
    for (const text of texts) for (const n of needles) expect(text).not.toContain(n);
    // The typical case's photo carries no metadata either.
    const img = (await dir.files.find((f) => f.path === '图片/1.jpg')!.buffer());
    expect((await sharp(img).metadata()).exif).toBeUndefined();
  });

  it('counts toward the month\'s quota and the office\'s obligation; a withdrawal (with a reason) takes it back', async () => {
    const quota = async () => (await admin.get(`/api/campaigns/${t.campaignId}/exposure-quota`)).body;
    const june = (q: { months: { month: string }[] }) => q.months.find((m) => m.month === '2022-06');
    expect(june(await quota())).toMatchObject({ count: 1, status: 'met' });
    expect((await quota()).months.map((m: { month: string }) => m.month)).toEqual(['2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12']);
    expectError(await wuhua.get(`/api/campaigns/${t.campaignId}/exposure-quota`), 403);
    const fulfilled = await t.db.selectFrom('obligation_fulfilments').selectAll().where('source_type', '=', 'typical_case').execute();
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]!.obligation_key).toBe('exposure_monthly');

    expectFieldError(await act(admin, 'withdraw'), 'comment');
    expect((await act(admin, 'withdraw', '当事单位提出异议，待复核')).body).toMatchObject({ status: 'withdrawn', withdrawReason: '当事单位提出异议，待复核' });
    expect(june(await quota())).toMatchObject({ count: 0 });
    expect(await t.db.selectFrom('obligation_fulfilments').selectAll().where('source_type', '=', 'typical_case').execute()).toEqual([]);
    expect((await t.client().get(`/api/public/campaigns/${CODE}/exposures`)).body.items).toEqual([]);
    expectError(await media.get(one()), 404);
  });

  it('makes the monthly report to the province as xlsx and docx; once marked sent it is frozen', async () => {
    // A second case published in June, for the report.
    const second = await admin.post(base(), { ...body([caseId]), title: '某工地违法分包案', dualPenalty: false, criminalTransfer: true });
    typicalId = second.body.id;
    for (const [c, a] of [[admin, 'submit'], [reviewer, 'pass'], [leader, 'pass'], [admin, 'publish']] as const) expect((await act(c, a)).status).toBe(200);
    await admin.post(`${one()}/runs`, { outlet: '云南广播电视台新媒体', ranOn: '2022-06-22', link: 'https://example.org/v/2' });

    const reports = `/api/campaigns/${t.campaignId}/province-reports`;
    expectError(await wuhua.get(reports), 403);
    expect((await leader.get(reports)).body.months[0]).toEqual({ month: '2022-06', cases: 1, sent: null });
    const june = await admin.get(`${reports}/2022-06`);
    expect(june.body.rows).toMatchObject([{ title: '某工地违法分包案', criminalTransfer: true, outlets: [{ outlet: '云南广播电视台新媒体' }] }]);
    expectError(await admin.get(`${reports}/2023-01`), 404);
    expectFieldError(await admin.get(`${reports}/2022-13`), 'params.month');
    const xlsx = await admin.get(`${reports}/2022-06/report.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const docx = await leader.get(`${reports}/2022-06/report.docx`);
    expect(docx.status).toBe(200);

    expectError(await leader.post(`${reports}/2022-06/send`, { sentTo: '云南省安委办' }), 403);
    expectFieldError(await admin.post(`${reports}/2022-06/send`, { sentTo: '' }), 'sentTo');
    const sent = await admin.post(`${reports}/2022-06/send`, { sentTo: '云南省安委办', sentOn: '2022-07-05' });
    expect(sent.body.sent).toMatchObject({ to: '云南省安委办' });
    expectError(await admin.post(`${reports}/2022-06/send`, { sentTo: '云南省安委办' }), 409, 'exposure.report_sent');
    // A run recorded later does not change what was sent.
    await admin.post(`${one()}/runs`, { outlet: '昆明日报', ranOn: '2022-07-10' });
    expect((await admin.get(`${reports}/2022-06`)).body.rows[0].outlets).toHaveLength(1);
  });
});
