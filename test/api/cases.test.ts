import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, type TestApp } from '../support/harness';
import { startTestApp } from '../support/harness';
import { campaignCast, loginAs } from '../support/factories';
import { expectError, expectFieldError, unitByCode, auditRows } from '../support/api';
import { multipartForm, reportFacts, solvedChallenge, submitReport } from '../support/reports';
import type { Answer, Client } from '../support/client';
import { translate, type MessageKey } from '../../src/server/http/messages';

const CODE = 'kunming-2022';

/** A 400 naming this field, whose own code says what is wrong with it. */
function expectFieldCode(r: Answer, field: string, code: MessageKey) {
  expectFieldError(r, field);
  expect(r.body.fields[0].message).toBe(translate(code).zh);
}
const REPORTS = `/api/public/campaigns/${CODE}/reports`;

/** A phone photo with the place it was taken in its EXIF. */
const gpsJpeg = () => sharp({ create: { width: 1200, height: 800, channels: 3, background: '#7a3b2e' } })
  .jpeg({ quality: 85 })
  .withExif({
    IFD0: { Make: 'SafeCam', Model: 'Whistle-1' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 2/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 42/1 0/1' },
  })
  .toBuffer();

describeDb('public reports and case handling', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let wuhua: Client;
  let citizen: Client;
  let wuhuaHandler: Client;
  let panlongHandler: Client;
  let deskHandler: Client;
  let wuhuaId: number;
  let panlongId: number;
  const logFile = () => path.join(t.database.dataDir, 'server.log');
  let logStream: fs.WriteStream;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'sm-log-'));
    logStream = fs.createWriteStream(path.join(dir, 'server.log'));
    const { loggerOptions } = await import('../../src/server/logging');
    t = await startTestApp({ sessionHours: 24 * 365 }, { REPORT_POW_BITS: '6', REPORT_LOOKUPS_PER_MINUTE: '40' }, { logger: loggerOptions('trace', logStream) });
    fs.renameSync(path.join(dir, 'server.log'), logFile());
    ({ admin, leader, wuhua } = await campaignCast(t));
    citizen = t.client();
    wuhuaHandler = await loginAs(t, 'case_handler', '530102');
    panlongHandler = await loginAs(t, 'case_handler', '530103');
    deskHandler = await loginAs(t, 'case_handler', '530100-AW');
    wuhuaId = (await unitByCode(t, '530102')).id;
    panlongId = (await unitByCode(t, '530103')).id;
    t.clock.now = new Date('2022-06-08T10:00:00+08:00');
  });
  afterAll(async () => { logStream?.end(); await t?.close(); });

  const cases = () => `/api/campaigns/${t.campaignId}/cases`;
  const one = (id: number) => `${cases()}/${id}`;
  const act = async (c: Client, id: number, body: Record<string, unknown>) => {
    const cur = await admin.get(one(id));
    return c.post(`${one(id)}/actions`, { revision: cur.body.revision, ...body });
  };
  const status = (receipt: string) => citizen.post('/api/public/report-status', { receipt });
  const caseCount = async () => Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('offers the report form without an account: the campaign\'s categories, the counties, the poster\'s unit', async () => {
    const r = await citizen.get(`/api/public/campaigns/${CODE}/report-form?unit=530102`);
    expect(r.status).toBe(200);
    expect(r.body.categories.map((c: { key: string }) => c.key)).toContain('illegal_mining');
    expect(r.body.categories).toHaveLength(8);
    expect(r.body.counties.some((u: { code: string }) => u.code === '530102')).toBe(true);
    expect(r.body.posterUnit).toEqual({ code: '530102', name: '五华区' });
    expect((await citizen.get('/api/public/campaigns/current')).body).toEqual({ code: CODE });
    expectError(await citizen.get('/api/public/campaigns/nope-2099/report-form'), 404, 'report.campaign_unknown');
  });

  let receipt = '';
  let caseId = 0;

  it('takes an anonymous report and answers with a receipt kept only as a keyed hash; the row keeps the day, not the time', async () => {
    const before = await caseCount();
    const r = await submitReport(citizen, CODE, { ...reportFacts(wuhuaId), posterUnit: '530102' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(r.body.reference).toMatch(/^2022-\d{10}$/);
    receipt = r.body.receipt;
    caseId = Number(r.body.reference.slice(5));
    expect(await caseCount()).toBe(before + 1);
    const row = await t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'public', status: 'received', received_on: '2022-06-08', reporter_name: null, created_by: null, poster_unit_id: wuhuaId });
    expect(row.receipt_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(receipt.replace(/-/g, ''));
    // Accept within 5 working days counted from the next day: Thu 9, Fri 10, Mon 13, Tue 14, Wed 15 → ends at midnight.
    expect(row.deadline_at).toBe(new Date('2022-06-16T00:00:00+08:00').toISOString());
    const events = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).execute();
    expect(events.map((e) => e.at)).toEqual(['2022-06-08']);
    // No audit entry keeps the instant a citizen reported.
    expect(await auditRows(t, { entityType: 'case', entityId: caseId })).toEqual([]);
  });

  it('refuses bad reports with the field named, and stores nothing', async () => {
    const before = await caseCount();
    const pow = await solvedChallenge(citizen);
    const bad = await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId), description: '  ', category: 'arson' });
    expectFieldError(bad, 'description');
    expectFieldError(await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId), category: 'arson' }), 'category', 'request.invalid');
    expectFieldError(await citizen.post(REPORTS, { ...pow, ...reportFacts(999_999) }), 'countyId', 'request.invalid');
    expectFieldError(await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId), reporterPhone: '12345' }), 'reporterPhone');
    // PostgreSQL cannot store a NUL character; nobody types one: a 400 naming the field, on both databases.
    expectFieldError(await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId), description: '钢瓶\u0000' }), 'description');
    // A coordinate too small for a real column is 0, not a server error.
    expect((await citizen.post(REPORTS, { ...(await solvedChallenge(citizen)), ...reportFacts(wuhuaId), latitude: 5e-324 })).status).toBe(201);
    expectFieldError(await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId), occurredOn: '2022-07-01' }), 'occurredOn', 'request.invalid');
    // A wrong nonce, a forged challenge, a spent one.
    expectFieldError(await citizen.post(REPORTS, { ...pow, nonce: 'x', ...reportFacts(wuhuaId) }), 'nonce', 'report.pow_invalid');
    expectFieldError(await citizen.post(REPORTS, { ...pow, challenge: `${pow.challenge}x`, ...reportFacts(wuhuaId) }), 'challenge', 'report.pow_invalid');
    expect((await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId) })).status).toBe(201);
    expectFieldError(await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId) }), 'challenge', 'report.pow_expired');
    expect(await caseCount()).toBe(before + 2);
    const msg = (await citizen.post(REPORTS, { ...pow, ...reportFacts(wuhuaId), description: '' })).body;
    expect(msg.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('keeps a photo only after its EXIF and GPS are gone, the "original" included', async () => {
    const pow = await solvedChallenge(citizen);
    const photo = await gpsJpeg();
    expect(await exifr.gps(photo)).toBeTruthy();
    const form = multipartForm('report', { ...pow, ...reportFacts(wuhuaId) }, [{ data: photo, name: 'IMG_0001.jpg', type: 'image/jpeg' }]);
    const r = await t.app.inject({ method: 'POST', url: REPORTS, payload: form.payload, headers: form.headers });
    expect(r.statusCode, r.body).toBe(201);
    const id = Number(r.json().reference.slice(5));
    const files = await t.db.selectFrom('case_files').selectAll().where('case_id', '=', id).execute();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ added_by: 'reporter', kind: 'image', mime: 'image/jpeg', uploaded_by: null, added_on: '2022-06-08' });
    for (const dir of ['originals', 'derived']) {
      for (const key of [files[0]!.storage_key, files[0]!.thumb_key, files[0]!.display_key]) {
        const file = path.join(t.config.media.dir, dir, key!);
        if (!fs.existsSync(file)) continue;
        const data = fs.readFileSync(file);
        expect(await exifr.gps(data).catch(() => undefined), `${dir}/${key}`).toBeFalsy();
        expect((await sharp(data).metadata()).exif, `${dir}/${key}`).toBeUndefined();
        expect(data.includes(Buffer.from('SafeCam'))).toBe(false);
      }
    }
    // A document from a citizen is refused, and nothing of it stays.
    const pow2 = await solvedChallenge(citizen);
    const pdf = multipartForm('report', { ...pow2, ...reportFacts(wuhuaId) }, [{ data: Buffer.from('%PDF-1.4\n%%EOF\n'), name: 'a.pdf', type: 'application/pdf' }]);
    const refused = await t.app.inject({ method: 'POST', url: REPORTS, payload: pdf.payload, headers: pdf.headers });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().code).toBe('report.file_type');
    const leftovers = fs.readdirSync(path.join(t.config.media.dir, 'originals')).filter((n) => n.startsWith('.tmp-'));
    expect(leftovers).toEqual([]);
  });

  it('keeps no address, user agent or time of a citizen in the database or the log', async () => {
    const ip = '203.0.113.77';
    const agent = 'WhistleAgent/7.7 (unique-agent-marker)';
    const pow = await solvedChallenge(citizen);
    const r = await t.app.inject({
      method: 'POST', url: REPORTS, remoteAddress: ip, headers: { 'user-agent': agent, 'x-forwarded-for': '198.51.100.23' },
      payload: { ...pow, ...reportFacts(wuhuaId) },
    });
    expect(r.statusCode).toBe(201);
    const st = await t.app.inject({ method: 'POST', url: '/api/public/report-status', remoteAddress: ip, headers: { 'user-agent': agent }, payload: { receipt: r.json().receipt } });
    expect(st.statusCode).toBe(200);
    // Every row of every table, as text.
    const tables = ['cases', 'case_events', 'case_messages', 'case_files', 'audit_log', 'sessions', 'obligation_fulfilments'] as const;
    let dump = '';
    for (const table of tables) dump += JSON.stringify(await t.db.selectFrom(table).selectAll().execute());
    for (const needle of [ip, '198.51.100.23', 'unique-agent-marker']) expect(dump).not.toContain(needle);
    if (t.database.handle.dialect === 'sqlite') {
      for (const f of fs.readdirSync(t.database.dataDir).filter((n) => n.startsWith('safemonth.db'))) {
        const bytes = fs.readFileSync(path.join(t.database.dataDir, f));
        for (const needle of [ip, 'unique-agent-marker']) expect(bytes.includes(Buffer.from(needle)), `${f} holds ${needle}`).toBe(false);
      }
    }
    await new Promise<void>((resolve) => logStream.write('', () => resolve()));
    const log = fs.readFileSync(logFile(), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const needle of [ip, '198.51.100.23', 'unique-agent-marker', '/report']) expect(log).not.toContain(needle);
  });

  it('a wrong receipt reveals nothing and is rate limited per source; a right one opens only its own case', async () => {
    expectError(await status('0000-0000-0000-0000-0000'), 404, 'report.receipt_unknown');
    expectError(await status('not a receipt'), 404, 'report.receipt_unknown');
    const mine = await status(receipt.toLowerCase().replace(/-/g, ' '));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ reference: `2022-${String(caseId).padStart(6, '0')}`, status: 'received', receivedOn: '2022-06-08', merged: false, canReply: true });
    expect(JSON.stringify(mine.body)).not.toContain('某燃气经营部');
    let last = 0;
    for (let i = 0; i < 45 && last !== 429; i++) {
      last = (await t.app.inject({ method: 'POST', url: '/api/public/report-status', remoteAddress: '192.0.2.50', payload: { receipt: `ZZZZ-ZZZZ-ZZZZ-ZZZZ-${String(i).padStart(4, '0')}` } })).statusCode;
    }
    expect(last).toBe(429);
    // Another source is not held back by it.
    expect((await status(receipt)).status).toBe(200);
  });

  it('goes the whole way: accepted, assigned, verified, rectified, closed with a reply the reporter reads, and a question answered', async () => {
    expectError(await wuhuaHandler.get(one(caseId)), 404, 'request.not_found');
    const seen = await admin.get(one(caseId));
    expect(seen.body).toMatchObject({ status: 'received', hasReceipt: true, reporterHidden: false, actions: expect.arrayContaining(['accept', 'reject', 'merge']) });
    expectError(await act(leader, caseId, { action: 'accept' }), 403);
    expect((await act(deskHandler, caseId, { action: 'accept' })).body.status).toBe('accepted');
    expectFieldCode(await act(admin, caseId, { action: 'assign' }), 'unitId', 'case.unit_required');
    expectFieldCode(await act(admin, caseId, { action: 'assign', unitId: (await unitByCode(t, '530100-AW')).id }), 'unitId', 'case.unit_not_handler');
    const assigned = await act(admin, caseId, { action: 'assign', unitId: wuhuaId });
    expect(assigned.body).toMatchObject({ status: 'assigned', assignedUnit: { code: '530102' } });
    // 15 working days from Wed 8 June: 9,10 | 13–17 | 20–24 | 27,28,29 → the end of 29 June.
    expect(assigned.body.deadlineAt).toBe(new Date('2022-06-30T00:00:00+08:00').toISOString());

    // The county's handler now sees it, without the reporter; 盘龙's does not.
    const county = await wuhuaHandler.get(one(caseId));
    expect(county.body).toMatchObject({ reporterHidden: true, reporter: null, actions: ['verify'] });
    expectError(await panlongHandler.get(one(caseId)), 404);
    expectError(await act(panlongHandler, caseId, { action: 'verify', founded: true, findings: 'x' }), 404);
    expectError(await act(wuhua, caseId, { action: 'verify', founded: true, findings: 'x' }), 403);
    expectError(await act(wuhuaHandler, caseId, { action: 'close', reply: 'x' }), 409, 'case.wrong_state');
    expectFieldCode(await act(wuhuaHandler, caseId, { action: 'verify', findings: '现场核查' }), 'founded', 'case.founded_required');

    // A question to the reporter, and an internal note the reporter never sees.
    expect((await wuhuaHandler.post(`${one(caseId)}/messages`, { kind: 'to_reporter', body: '请问钢瓶存放在门店哪个位置？' })).status).toBe(200);
    expect((await wuhuaHandler.post(`${one(caseId)}/messages`, { kind: 'internal', body: '内部：该店去年曾被处罚' })).status).toBe(200);
    expectError(await panlongHandler.post(`${one(caseId)}/messages`, { kind: 'internal', body: 'x' }), 404);
    const asked = await status(receipt);
    expect(asked.body.messages).toEqual([expect.objectContaining({ from: 'handler', body: '请问钢瓶存放在门店哪个位置？', on: '2022-06-08' })]);
    expect(JSON.stringify(asked.body)).not.toContain('内部');
    const answered = await citizen.post('/api/public/report-messages', { receipt, body: '在后门楼梯下面。' });
    expect(answered.status).toBe(201);
    expect(answered.body.messages.map((m: { from: string }) => m.from)).toEqual(['handler', 'reporter']);
    expectError(await citizen.post('/api/public/report-messages', { receipt: '0000-0000-0000-0000-0000', body: 'x' }), 404, 'report.receipt_unknown');
    const reporterRow = await t.db.selectFrom('case_messages').selectAll().where('kind', '=', 'from_reporter').executeTakeFirstOrThrow();
    expect(reporterRow).toMatchObject({ at: '2022-06-08', author_id: null });

    t.clock.now = new Date('2022-06-10T09:00:00+08:00');
    expect((await act(wuhuaHandler, caseId, { action: 'verify', founded: true, findings: '现场存放 6 个钢瓶，情况属实' })).body.status).toBe('founded');
    const ordered = await act(wuhuaHandler, caseId, { action: 'order_rectification', requirement: '立即清除钢瓶，配置灭火器', days: 7 });
    expect(ordered.body).toMatchObject({ status: 'rectifying', deadlineAt: new Date('2022-06-18T00:00:00+08:00').toISOString() });
    expectFieldCode(await act(wuhuaHandler, caseId, { action: 'rectify' }), 'report', 'case.report_required');
    expect((await act(wuhuaHandler, caseId, { action: 'rectify', report: '已清除并配置灭火器 2 具' })).body.status).toBe('rectified');
    const closed = await act(wuhuaHandler, caseId, { action: 'close', reply: '经核查情况属实，已责令整改完毕，感谢您的举报。' });
    expect(closed.body).toMatchObject({ status: 'closed', deadlineAt: null });
    expect(closed.body.events.map((e: { action: string }) => e.action)).toEqual(['receive', 'accept', 'assign', 'verify', 'order_rectification', 'rectify', 'close']);
    expect((await auditRows(t, { action: 'case.close' })).length).toBe(1);

    const done = await status(receipt);
    expect(done.body).toMatchObject({ status: 'closed', reply: '经核查情况属实，已责令整改完毕，感谢您的举报。', canReply: true });
    expect(done.body.steps.map((s: { status: string }) => s.status)).toEqual(['received', 'accepted', 'assigned', 'founded', 'rectifying', 'rectified', 'closed']);
    expect(done.body.steps.every((s: { on: string }) => /^\d{4}-\d{2}-\d{2}$/.test(s.on))).toBe(true);
    // After the reply the reporter can still say whether they are satisfied; the desk reads it.
    expect((await citizen.post('/api/public/report-messages', { receipt, body: '满意，谢谢' })).status).toBe(201);
    expect((await admin.get(one(caseId))).body.messages.at(-1)).toMatchObject({ kind: 'from_reporter', body: '满意，谢谢', author: null });
    expectError(await act(admin, caseId, { action: 'reject', reason: 'x' }), 409, 'case.closed');
  });

  it('a stale revision is refused, a rejection reason reaches the reporter', async () => {
    const r = await submitReport(citizen, CODE, reportFacts(panlongId));
    const id = Number(r.body.reference.slice(5));
    const cur = await admin.get(one(id));
    expectFieldCode(await admin.post(`${one(id)}/actions`, { revision: cur.body.revision, action: 'reject' }), 'reason', 'case.reason_required');
    expect((await admin.post(`${one(id)}/actions`, { revision: cur.body.revision, action: 'reject', reason: '不属于安全生产监管范围' })).status).toBe(200);
    expectError(await admin.post(`${one(id)}/actions`, { revision: cur.body.revision, action: 'accept' }), 409, 'case.stale');
    expect((await status(r.body.receipt)).body).toMatchObject({ status: 'not_accepted', rejectReason: '不属于安全生产监管范围' });
  });

  it('merges a duplicate: both reporters keep their receipts and follow the surviving case', async () => {
    const a = await submitReport(citizen, CODE, reportFacts(panlongId, { description: '某矿山夜间非法开采' , category: 'illegal_mining' }));
    const b = await submitReport(citizen, CODE, reportFacts(panlongId, { description: '同一矿山晚上有人开采', category: 'illegal_mining' }));
    const aId = Number(a.body.reference.slice(5));
    const bId = Number(b.body.reference.slice(5));
    expectFieldCode(await act(admin, bId, { action: 'merge', targetId: bId }), 'targetId', 'case.merge_same_case');
    const merged = await act(admin, bId, { action: 'merge', targetId: aId });
    expect(merged.body).toMatchObject({ status: 'merged', mergedInto: { id: aId } });
    expect((await admin.get(one(aId))).body.merged).toEqual([{ id: bId, reference: b.body.reference }]);
    await act(admin, aId, { action: 'accept' });
    const followB = await status(b.body.receipt);
    expect(followB.body).toMatchObject({ reference: a.body.reference, status: 'accepted', merged: true });
    // B's reporter answers into the surviving case.
    expect((await citizen.post('/api/public/report-messages', { receipt: b.body.receipt, body: '补充：车牌云A12345' })).status).toBe(201);
    expect((await admin.get(one(aId))).body.messages.map((m: { body: string }) => m.body)).toContain('补充：车牌云A12345');
    expectFieldCode(await act(admin, aId, { action: 'merge', targetId: bId }), 'targetId', 'case.merge_target_closed');
  });

  it('units file violation leads that fulfil the county\'s Tour quota; the office registers hotline calls; roles are held to their own', async () => {
    const todo = async () => (await wuhua.get(`/api/campaigns/${t.campaignId}/obligations/mine`)).body.items.find((i: { key: string }) => i.key === 'violation_lead');
    expect((await todo()).status).not.toBe('done');
    const lead = await wuhua.post(cases(), { source: 'unit', ...reportFacts(wuhuaId, { description: '某工地违法分包', category: 'construction_subcontracting' }) });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    expect(lead.body).toMatchObject({ source: 'unit', filedByUnit: { code: '530102' }, hasReceipt: false, status: 'received' });
    expect((await todo()).status).toBe('done_on_time');
    expectError(await wuhua.post(cases(), { source: 'hotline', ...reportFacts(wuhuaId) }), 403, 'case.source_forbidden');
    expectError(await admin.post(cases(), { source: 'unit', ...reportFacts(wuhuaId) }), 403, 'case.source_forbidden');
    const call = await deskHandler.post(cases(), { source: 'hotline', ...reportFacts(panlongId, { reporterName: '张先生', reporterPhone: '13800001234' }) });
    expect(call.status).toBe(201);
    expect(call.body.reporter).toEqual({ name: '张先生', phone: '13800001234' });
    expectError(await leader.post(cases(), { source: 'hotline', ...reportFacts(wuhuaId) }), 403);
    expectFieldError(await admin.post(cases(), { source: 'hotline', ...reportFacts(wuhuaId), countyId: 'x' }), 'countyId');
    // Messages go to a reporter only where there is one.
    expectFieldCode(await admin.post(`${one(call.body.id)}/messages`, { kind: 'to_reporter', body: 'x' }), 'kind', 'case.no_reporter');
    // 五华's reporter sees its own lead, not 盘龙's hotline call.
    const list = await wuhua.get(cases());
    expect(list.body.items.map((c: { id: number }) => c.id)).toContain(lead.body.id);
    expect(list.body.items.map((c: { id: number }) => c.id)).not.toContain(call.body.id);
    expectError(await wuhua.get(one(call.body.id)), 404);
  });

  it('queues overdue cases first, filters, and escalates an overdue one once', async () => {
    t.clock.now = new Date('2022-06-08T10:00:00+08:00');
    const r = await submitReport(citizen, CODE, reportFacts(wuhuaId, { category: 'water_traffic', description: '渡船超载' }));
    const id = Number(r.body.reference.slice(5));
    expectError(await act(admin, id, { action: 'escalate', reason: '超期未受理' }), 409, 'case.not_overdue');
    t.clock.now = new Date('2022-06-20T10:00:00+08:00');
    const overdue = await admin.get(`${cases()}?overdue=true`);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true });
    expect(overdue.body.items.map((c: { id: number }) => c.id)).toContain(id);
    expect(overdue.body.counts.overdue).toBeGreaterThan(0);
    const queue = await admin.get(`${cases()}?queue=mine`);
    expect(queue.body.items[0].overdue).toBe(true);
    expect((await admin.get(`${cases()}?category=water_traffic`)).body.items.map((c: { id: number }) => c.id)).toEqual([id]);
    expect((await admin.get(one(id))).body.actions).toContain('escalate');
    expectFieldCode(await act(admin, id, { action: 'escalate' }), 'reason', 'case.reason_required');
    expect((await act(admin, id, { action: 'escalate', reason: '超期未受理' })).body.escalated).toBe(true);
    expectError(await act(admin, id, { action: 'escalate', reason: 'again' }), 409, 'case.already_escalated');
    expectFieldError(await admin.get(`${cases()}?status=lost`), 'query.status');
    expectError(await t.client().get(cases()), 401);
  });

  it('exports the register: the desk with the reporters, the leading group without, units not at all', async () => {
    const desk = await admin.get(`${cases()}.csv`);
    expect(desk.status).toBe(200);
    expect(desk.raw.body.startsWith('\uFEFF案件编号')).toBe(true);
    expect(desk.raw.body).toContain('举报人');
    expect(desk.raw.body).toContain('13800001234');
    const lead = await leader.get(`${cases()}.csv`);
    expect(lead.raw.body).not.toContain('举报人');
    expect(lead.raw.body).not.toContain('13800001234');
    const xlsx = await leader.get(`${cases()}.xlsx?source=public`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expectError(await wuhua.get(`${cases()}.xlsx`), 403);
    // A county's handler exports its own county's cases, without reporters.
    const county = await wuhuaHandler.get(`${cases()}.csv`);
    expect(county.status).toBe(200);
    const lines = county.raw.body.trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l: string) => l.includes('五华区'))).toBe(true);
    expect(county.raw.body).not.toContain('举报人');
    expectError(await panlongHandler.get(`${cases()}.csv?status=lost`), 400);
  });

  it('prints a unit\'s QR poster for its own unit only', async () => {
    const png = await wuhua.get(`/api/campaigns/${t.campaignId}/units/${wuhuaId}/poster.png`);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(await sharp(png.raw.rawPayload).metadata()).toMatchObject({ width: 1240, height: 1754 });
    expectError(await wuhua.get(`/api/campaigns/${t.campaignId}/units/${panlongId}/poster.png`), 404);
    expectError(await wuhuaHandler.get(`/api/campaigns/${t.campaignId}/units/${wuhuaId}/poster.png`), 403);
    const pdf = await admin.get(`/api/campaigns/${t.campaignId}/units/${panlongId}/poster.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the public endpoint answers anything with 2xx or 4xx and stores nothing it refused (fast-check)', async () => {
    const before = await caseCount();
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
    const body = fc.record({
      challenge: fc.oneof(fc.string(), value), nonce: fc.oneof(fc.string(), value), category: fc.oneof(fc.constantFrom('gas_safety', 'x'), value),
      countyId: fc.oneof(fc.constant(wuhuaId), fc.integer(), value), address: value, description: fc.oneof(fc.string({ maxLength: 6000 }), value),
      whistleblower: value, occurredOn: value, reporterPhone: value, posterUnit: value, latitude: value,
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(fc.oneof(body, value), async (b) => {
      const r = await t.app.inject({ method: 'POST', url: REPORTS, payload: JSON.stringify(b), headers: { 'content-type': 'application/json' }, remoteAddress: '192.0.2.99' });
      return r.statusCode >= 200 && r.statusCode < 500 && r.statusCode !== 201;
    }), { numRuns: 150 });
    const raw = fc.uint8Array({ maxLength: 400 });
    await fc.assert(fc.asyncProperty(raw, fc.constantFrom('application/json', 'multipart/form-data; boundary=xx', 'text/plain'), async (bytes, type) => {
      const r = await t.app.inject({ method: 'POST', url: REPORTS, payload: Buffer.from(bytes), headers: { 'content-type': type }, remoteAddress: '192.0.2.98' });
      return r.statusCode >= 400 && r.statusCode < 500;
    }), { numRuns: 100 });
    expect(await caseCount()).toBe(before);
  });
});
