import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import unzipper from 'unzipper';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, testDialect, type TestApp } from '../support/harness';
import { buildAccount, buildUnit, loginAs, TEST_PASSWORD } from '../support/factories';
import { unitByCode } from '../support/api';
import { solidJpeg } from '../support/files';
import { guardedApiRoutes, type RouteEntry } from '../support/routes';
import type { Answer, Client } from '../support/client';
import type { Role } from '../../src/server/auth/actor';
import { translate } from '../../src/server/http/messages';
import { decodeRow, EXPECTED, ROLES, SCOPES, type MatrixRole, type Scope, type Verdict } from './authz-matrix.expected';

/*
 * Every signed-in API route, called by every role on a real record of three units (see the legend in
 * authz-matrix.expected.ts), each answer compared with the reviewed table. The assertion is about
 * authorisation only: a body the role may send but that is refused (400, 409…) counts as allowed.
 * AUTHZ_RECORD=1 writes what the server answered into the table instead (then review it!).
 */

const EXPECTED_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'authz-matrix.expected.ts');
const RECORD = process.env.AUTHZ_RECORD === '1';
/** AUTHZ_DUMP=<file>: every call's status and error code, one per line, for reviewing the table. */
const DUMP = process.env.AUTHZ_DUMP;

const UNIT_CODES: Record<Scope, string> = { own: '530102', sibling: '530103', parent: '530100-AW' };
/** Where each caller's account sits (see the legend). */
const HOME: Record<Role, string> = {
  city_admin: '530100-AW', leader: '530100-AW', unit_reporter: '530102', unit_approver: '530102', case_handler: '530102',
  reviewer: '530100-AW', media_partner: '530100-AW',
};
const MONTH = '2022-06';
/** Given with every case the desk registers: only the desk (here city_admin) may ever read them back. */
const REPORTER_NAME = '王举报人';
const REPORTER_PHONE = '13900000000';
/**
 * Written into the free text of every record of a scope (titles, addresses, file names, liaison
 * names, summaries): an answer to a caller that may not read the scope's records must not hold it,
 * whatever the route (lists, calendars, exports and documents included).
 */
const MARK: Record<Scope, string> = { own: '〔五华专属〕', sibling: '〔盘龙专属〕', parent: '〔市办专属〕' };
/** Whose records each caller may read: the unit roles their own unit's; reviewer and media partner none (B1). */
const READS: Record<MatrixRole, readonly Scope[]> = {
  city_admin: SCOPES, leader: SCOPES, unit_reporter: ['own'], unit_approver: ['own'], case_handler: ['own'], reviewer: [], media_partner: [], anonymous: [],
};

/** The texts of an answer: itself, or every entry of a zip (xlsx, docx, packages), zips within included. */
async function textsOf(raw: Buffer): Promise<string[]> {
  if (raw.length < 4 || raw.readUInt32LE(0) !== 0x04034b50) return [raw.toString('utf8')];
  const dir = await unzipper.Open.buffer(raw);
  const out: string[] = [];
  for (const f of dir.files) if (f.type === 'File') out.push(...(await textsOf(await f.buffer())));
  return out;
}

type Outcome = 'ok' | 'denied' | 'hidden' | 'invalid' | 'error' | 'other';

const UNIT_MISSING = translate('unit.missing').zh;

/**
 * The outcome class of an answer. A 400 saying that a unit which exists is missing is the "hidden"
 * answer given as a field error: a body naming another county's unit is refused exactly like one
 * naming no unit at all (a lead filed for 盘龙区 by 五华区's staff, say).
 */
function classify(r: Answer): Outcome {
  const s = r.status;
  if (s >= 500) return 'error';
  if (s >= 200 && s < 300) return 'ok';
  if (s === 401 || s === 403) return 'denied';
  if (s === 404) return 'hidden';
  if (s === 400 && (r.body?.fields ?? []).some((f: { message?: string }) => f.message === UNIT_MISSING)) return 'hidden';
  if ([400, 409, 413, 415, 422].includes(s)) return 'invalid';
  return 'other';
}
const verdictOf = (o: Outcome): Verdict | undefined => (o === 'ok' || o === 'invalid' ? 'allow' : o === 'denied' || o === 'hidden' ? 'deny' : undefined);

/** The ids a route's path, query and body are built from: one scope's records. */
interface Target {
  campaignId: number;
  /** The scope's unit. */
  unitId: number;
  /** The unit that /api/units/:id names: the scope's unit, or a sub-unit made for a route that changes it. */
  unitRecordId?: number;
  countyId: number;
  accountId: number;
  activityId: number;
  mediaId: number;
  caseId: number;
  caseRevision: number;
  caseFileId: number;
  jobId: number;
  /** A published typical case and its redacted photo; a draft for the routes that edit. */
  typicalId: number;
  imageId: number;
  draftTypicalId: number;
  draftImageId: number;
  typicalRevision: number;
  activityRevision: number;
}

interface Upload { fields?: Record<string, string>; data: Buffer; filename: string; type: string }

interface Spec {
  query?: (x: Target) => string;
  body?: (x: Target, scope: Scope) => unknown;
  upload?: (x: Target) => Upload;
  /** Different ids for this route (a draft instead of the published typical case, …). */
  with?: (x: Target) => Partial<Target>;
  /** A target of the route's own, made again after every call that succeeded (it changed or removed it). */
  fresh?: (scope: Scope, x: Target) => Promise<Partial<Target>>;
  /** The call ends or changes the caller's own session: it is made by a new account with the same roles. */
  ownSession?: boolean;
  /** Run after every other route (it starts background work). */
  last?: boolean;
}

const must = (r: Answer, status: number, what: string) => {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
};

let serial = 0;
const next = () => ++serial;

describeDb('authorisation matrix: every route × every role × own, sibling and parent unit', () => {
  let t: TestApp;
  let builder: Client;
  let reviewerB: Client;
  let leaderB: Client;
  let jpeg: Buffer;
  const units = {} as Record<Scope, { id: number; code: string; path: string }>;
  const base = {} as Record<Scope, Target>;
  const clients = {} as Record<MatrixRole, Client>;
  let cid = 0;

  const camp = () => `/api/campaigns/${cid}`;

  const activityBody = (scope: Scope) => ({
    unitId: units[scope].id, category: 'drills', forms: ['field_drill'], title: `危险化学品泄漏应急演练${MARK[scope]}`, startsOn: '2022-06-16', endsOn: '2022-06-16',
    countyCode: scope === 'parent' ? null : units[scope].code, address: '普吉路 88 号', participants: 30, description: '模拟储罐泄漏', isPublic: true,
  });
  const caseFacts = (countyId: number, scope: Scope) => ({
    category: 'gas_safety', countyId, address: `某街道 12 号${MARK[scope]}`, enterprise: '某燃气经营部', description: '门店内违规存放液化石油气钢瓶，无消防器材。', whistleblower: false,
  });
  const typicalBody = (caseIds: number[]) => ({
    title: '某燃气经营部违规存放液化石油气钢瓶案', subject: '某燃气经营部', sector: '燃气', facts: '群众举报后，执法人员现场检查发现……',
    violations: '违规存放液化石油气钢瓶 6 个。', handling: '责令停业整顿，罚款 5 万元。', dualPenalty: true, criminalTransfer: false, lesson: '落实主体责任。', caseIds,
  });
  const liaison = (scope: Scope) => ({
    liaison_name: `张三${MARK[scope]}`, liaison_position: '科员', liaison_office_phone: '0871-63104019', liaison_mobile: '13888888888',
    liaison_email: 'zhangsan@km.gov.cn', leader_name: '李四', leader_position: '副局长', leader_phone: '0871-63104020',
  });

  async function media(scope: Scope) {
    const r = await builder.uploadForm(`${camp()}/media`, { unitId: String(units[scope].id), category: 'drills' }, jpeg, `scene${MARK[scope]}.jpg`, 'image/jpeg');
    return must(r, 201, 'upload media').id as number;
  }
  async function activity(scope: Scope, state: 'draft' | 'submitted') {
    let a = must(await builder.post(`${camp()}/activities`, activityBody(scope)), 201, 'create activity');
    if (state === 'submitted') a = must(await builder.post(`${camp()}/activities/${a.id}/submit`, {}), 200, 'submit activity');
    return { activityId: a.id as number, activityRevision: a.revision as number };
  }
  /** 五华区's case is assigned to 五华区, 盘龙区's to 盘龙区; the city office's is registered by its desk and waits there. */
  async function kase(scope: Scope) {
    const county = scope === 'sibling' ? units.sibling.id : units.own.id;
    let c = must(await builder.post(`${camp()}/cases`, { source: 'hotline', ...caseFacts(county, scope), reporterName: REPORTER_NAME, reporterPhone: REPORTER_PHONE }), 201, 'register case');
    if (scope !== 'parent') {
      c = must(await builder.post(`${camp()}/cases/${c.id}/actions`, { action: 'accept', revision: c.revision }), 200, 'accept case');
      c = must(await builder.post(`${camp()}/cases/${c.id}/actions`, { action: 'assign', unitId: units[scope].id, revision: c.revision }), 200, 'assign case');
    }
    return { caseId: c.id as number, caseRevision: c.revision as number };
  }
  async function caseFile(caseId: number) {
    must(await builder.upload(`${camp()}/cases/${caseId}/files?purpose=evidence`, jpeg, 'scene.jpg', 'image/jpeg'), 200, 'case file');
    return (await t.db.selectFrom('case_files').select('id').where('case_id', '=', caseId).orderBy('seq', 'desc').executeTakeFirstOrThrow()).id;
  }
  let verifiedCaseId = 0;
  let verifiedFileId = 0;
  /** A campaign of its own for archiving, so the shared one stays writable for every other route. */
  async function spareCampaign(archived: boolean) {
    const year = 2040 + next();
    const copy = must(await builder.post(`/api/campaigns/${cid}/copy`, { year, documentNumber: `测〔${year}〕1号`, issuedOn: `${year}-05-01` }), 201, 'spare campaign');
    if (archived) must(await builder.post(`/api/campaigns/${copy.id}/archive`), 200, 'archive the spare campaign');
    return { campaignId: copy.id as number };
  }

  async function typical(state: 'draft' | 'published') {
    let tc = must(await builder.post(`${camp()}/typical-cases`, typicalBody([verifiedCaseId])), 201, 'draft typical case');
    tc = must(await builder.post(`${camp()}/typical-cases/${tc.id}/images`, { caseFileId: verifiedFileId, boxes: [{ x: 0, y: 0, w: 0.5, h: 0.5 }], caption: '现场' }), 200, 'redact');
    const imageId = tc.images.at(-1).id as number;
    if (state === 'published') {
      for (const [c, action] of [[builder, 'submit'], [reviewerB, 'pass'], [leaderB, 'pass'], [builder, 'publish']] as const) {
        tc = must(await c.post(`${camp()}/typical-cases/${tc.id}/actions`, { action, revision: tc.revision }), 200, `typical ${action}`);
      }
    }
    return { typicalId: tc.id as number, imageId, typicalRevision: tc.revision as number };
  }

  /** How each route is called: sample bodies, the records it names, what it changes. */
  const SPECS: Record<string, Spec> = {
    'GET /api/accounts': { query: (x) => `unitId=${x.unitId}` },
    'POST /api/accounts': { body: (x) => ({ username: `authz_${next()}`, displayName: '测试账号', unitId: x.unitId, roles: ['unit_reporter'], password: 'long-enough-password-1' }) },
    'PATCH /api/accounts/:id': { body: () => ({ displayName: '改名的账号' }) },
    'POST /api/accounts/:id/reset-password': { body: () => ({}) },
    'PUT /api/campaigns/:id/definition': { body: () => ({ definition: definition }) },
    'POST /api/campaigns/:id/copy': { body: () => ({ year: 2030, documentNumber: '昆安办〔2030〕1号', issuedOn: '2030-05-20' }) },
    'POST /api/campaigns/:id/archive': { fresh: () => spareCampaign(false) },
    'POST /api/campaigns/:id/unarchive': { fresh: () => spareCampaign(true) },
    'GET /api/campaigns/:id/cases': { query: () => 'queue=all' },
    // A lead filed by 五华区, one by 盘龙区, and a hotline call registered by the city office's desk.
    'POST /api/campaigns/:id/cases': {
      body: (x, s) => (s === 'parent' ? { source: 'hotline', ...caseFacts(x.countyId, s) } : { source: 'unit', unitId: x.unitId, ...caseFacts(x.countyId, s) }),
    },
    'POST /api/campaigns/:id/cases/:caseId/actions': {
      body: (x) => ({ action: 'verify', founded: true, findings: '属实', revision: x.caseRevision }),
      fresh: (s) => kase(s),
    },
    'POST /api/campaigns/:id/cases/:caseId/messages': { body: () => ({ kind: 'internal', body: '请尽快核查' }) },
    'POST /api/campaigns/:id/cases/:caseId/files': { upload: () => ({ data: jpeg, filename: 'proof.jpg', type: 'image/jpeg' }) },
    'GET /api/campaigns/:id/obligations/mine': { query: (x) => `unitId=${x.unitId}` },
    'POST /api/campaigns/:id/obligations/:key/fulfilments': { body: (x) => ({ unitId: x.unitId, note: '纸质材料' }) },
    'POST /api/campaigns/:id/liaisons': { body: (x, s) => ({ unitId: x.unitId, values: liaison(s) }) },
    'GET /api/campaigns/:id/liaisons/mine': { query: (x) => `unitId=${x.unitId}` },
    'POST /api/campaigns/:id/liaisons/import': { upload: () => notASheet },
    'POST /api/campaigns/:id/liaisons/import/preview': { upload: () => notASheet },
    'PUT /api/campaigns/:id/statistics/units/:unitId': { body: () => ({ values: { drills_held: 1, drill_participants: 30 } }) },
    'POST /api/campaigns/:id/statistics/units/:unitId/submit': { body: () => ({ values: { drills_held: 1, drill_participants: 30 } }) },
    'POST /api/campaigns/:id/statistics/units/:unitId/check': { body: () => ({ values: { drills_held: 1 } }) },
    'POST /api/campaigns/:id/statistics/units/:unitId/approve': { body: () => ({}) },
    'POST /api/campaigns/:id/statistics/units/:unitId/accept': { body: () => ({}) },
    'POST /api/campaigns/:id/statistics/units/:unitId/return': { body: () => ({ comment: '请补充说明' }) },
    'POST /api/campaigns/:id/statistics/units/:unitId/reopen': { body: () => ({ reason: '数据需更正' }) },
    'POST /api/campaigns/:id/statistics/import': { upload: () => notASheet },
    'POST /api/campaigns/:id/statistics/import/preview': { upload: () => notASheet },
    'PUT /api/campaigns/:id/summaries/units/:unitId': { body: () => ({ sections: { overview: '<p>全区开展应急演练</p>' }, media: [] }) },
    'POST /api/campaigns/:id/summaries/units/:unitId/submit': { body: () => ({ sections: { overview: '<p>全区开展应急演练</p>' }, media: [] }) },
    'POST /api/campaigns/:id/summaries/units/:unitId/accept': { body: () => ({}) },
    'POST /api/campaigns/:id/summaries/units/:unitId/return': { body: () => ({ comment: '请补充' }) },
    'POST /api/campaigns/:id/summaries/units/:unitId/reopen': { body: () => ({ reason: '需更正' }) },
    'POST /api/campaigns/:id/media': { upload: (x) => ({ fields: { unitId: String(x.unitId), category: 'drills' }, data: jpeg, filename: 'drill.jpg', type: 'image/jpeg' }) },
    'GET /api/campaigns/:id/media': { query: (x) => `unitId=${x.unitId}` },
    'GET /api/campaigns/:id/activities': { query: (x) => `unitId=${x.unitId}` },
    'POST /api/campaigns/:id/activities': { body: (_x, s) => activityBody(s) },
    'GET /api/campaigns/:id/activities/calendar': { query: (x) => `month=${MONTH}&unitId=${x.unitId}` },
    'PUT /api/campaigns/:id/activities/:activityId': {
      body: (x, s) => { const { unitId: _u, ...fields } = activityBody(s); return { ...fields, title: '修改后的演练', revision: x.activityRevision }; },
      fresh: (s) => activity(s, 'draft'),
    },
    'DELETE /api/campaigns/:id/activities/:activityId': { fresh: (s) => activity(s, 'draft') },
    'POST /api/campaigns/:id/activities/:activityId/submit': { body: () => ({}), fresh: (s) => activity(s, 'draft') },
    'POST /api/campaigns/:id/activities/:activityId/accept': { body: () => ({}), fresh: (s) => activity(s, 'submitted') },
    'POST /api/campaigns/:id/activities/:activityId/return': { body: () => ({ comment: '请补充照片' }), fresh: (s) => activity(s, 'submitted') },
    'POST /api/campaigns/:id/activities/:activityId/media': {
      body: (x) => ({ mediaId: x.mediaId }),
      fresh: async (s) => ({ ...(await activity(s, 'draft')), mediaId: await media(s) }),
    },
    'DELETE /api/campaigns/:id/activities/:activityId/media/:mediaId': {
      fresh: async (s) => {
        const a = await activity(s, 'draft');
        const mediaId = await media(s);
        must(await builder.post(`${camp()}/activities/${a.activityId}/media`, { mediaId }), 200, 'attach');
        return { ...a, mediaId };
      },
    },
    'POST /api/campaigns/:id/packages': { body: (x) => ({ unitId: x.unitId }), last: true },
    'POST /api/campaigns/:id/province-reports/:month/send': { body: () => ({ sentTo: '省安委办', sentOn: '2022-07-01' }) },
    'POST /api/campaigns/:id/typical-cases': { body: () => typicalBody([verifiedCaseId]) },
    'PUT /api/campaigns/:id/typical-cases/:typicalId': { body: () => typicalBody([verifiedCaseId]), with: (x) => ({ typicalId: x.draftTypicalId }) },
    'POST /api/campaigns/:id/typical-cases/:typicalId/actions': {
      body: (x) => ({ action: 'submit', revision: x.typicalRevision }),
      fresh: () => typical('draft'),
    },
    'GET /api/campaigns/:id/typical-cases/:typicalId/evidence': { with: (x) => ({ typicalId: x.draftTypicalId }) },
    'POST /api/campaigns/:id/typical-cases/:typicalId/images': {
      body: () => ({ caseFileId: verifiedFileId, boxes: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.2 }] }),
      with: (x) => ({ typicalId: x.draftTypicalId }),
    },
    'PUT /api/campaigns/:id/typical-cases/:typicalId/images/:imageId': {
      body: () => ({ boxes: [{ x: 0, y: 0, w: 0.3, h: 0.3 }], caption: '现场' }),
      with: (x) => ({ typicalId: x.draftTypicalId, imageId: x.draftImageId }),
    },
    'DELETE /api/campaigns/:id/typical-cases/:typicalId/images/:imageId': { fresh: () => typical('draft') },
    'POST /api/campaigns/:id/typical-cases/:typicalId/runs': { body: () => ({ outlet: '昆明日报', ranOn: '2022-06-21', link: 'https://www.kmrb.cn/a.html' }) },
    'POST /api/units': {
      body: (x, s) => ({ code: `AZ${next()}`, name: `授权测试单位${serial}`, type: s === 'parent' ? 'department' : 'township', parentId: x.unitId }),
    },
    'POST /api/units/import/preview': { upload: () => notASheet },
    'POST /api/units/import/commit': { upload: () => notASheet },
    // The tree's own units are not moved or switched off: each scope gets a sub-unit of its own.
    'PATCH /api/units/:id': { body: () => ({ shortName: '改名' }), fresh: (s) => subUnit(s) },
    'POST /api/units/:id/move': { body: (x) => ({ parentId: x.unitId }), fresh: (s) => subUnit(s) },
    'POST /api/units/:id/deactivate': { fresh: (s) => subUnit(s) },
    'POST /api/units/:id/activate': { fresh: (s) => subUnit(s) },
    'PATCH /api/media/:mediaId': { body: () => ({ featured: true }) },
    'DELETE /api/media/:mediaId': { fresh: async (s) => ({ mediaId: await media(s) }) },
    'POST /api/auth/logout': { ownSession: true },
    'POST /api/auth/password': { ownSession: true, body: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password-2022' }) },
  };
  let definition: unknown;
  const notASheet: Upload = { data: Buffer.from('这不是表格 not a sheet'), filename: 'sheet.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

  async function subUnit(scope: Scope) {
    const u = await buildUnit(t, { parentCode: UNIT_CODES[scope], type: scope === 'parent' ? 'department' : 'township' });
    return { unitRecordId: u.id };
  }

  function param(url: string, name: string, x: Target): string {
    switch (name) {
      case 'id': return String(url.startsWith('/api/units/') ? x.unitRecordId ?? x.unitId : url.startsWith('/api/accounts/') ? x.accountId : x.campaignId);
      case 'unitId': return String(x.unitId);
      case 'activityId': return String(x.activityId);
      case 'mediaId': return String(x.mediaId);
      case 'caseId': return String(x.caseId);
      case 'fileId': return String(x.caseFileId);
      case 'variant': return 'display';
      case 'jobId': return String(x.jobId);
      case 'typicalId': return String(x.typicalId);
      case 'imageId': return String(x.imageId);
      case 'month': return MONTH;
      case 'format': return url.includes('poster') ? 'png' : 'xlsx';
      case 'key': return 'liaison_form';
      default: return '1';
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ sessionHours: 24 * 365 }, { REPORT_POW_BITS: '4' });
    t.clock.now = new Date('2022-06-20T10:00:00+08:00');
    cid = t.campaignId;
    jpeg = await solidJpeg(320, 240);
    builder = await t.admin();
    reviewerB = await loginAs(t, 'reviewer', '530100-AW');
    leaderB = await loginAs(t, 'leader', '530100-AW');
    definition = (await builder.get(camp())).body.definition;
    for (const s of SCOPES) units[s] = await unitByCode(t, UNIT_CODES[s]);

    // A verified case with a photo: the source of every typical case.
    const v = await kase('own');
    verifiedFileId = await caseFile(v.caseId);
    must(await builder.post(`${camp()}/cases/${v.caseId}/actions`, { action: 'verify', founded: true, findings: '属实', revision: v.caseRevision }), 200, 'verify');
    verifiedCaseId = v.caseId;
    const published = await typical('published');
    const draft = await typical('draft');

    for (const s of SCOPES) {
      const u = units[s];
      const c = await kase(s);
      const account = await buildAccount(t, { unitCode: u.code, roles: s === 'parent' ? ['reviewer'] : ['unit_reporter'] });
      if (s !== 'parent') {
        must(await builder.post(`${camp()}/liaisons`, { unitId: u.id, values: liaison(s) }), 201, 'liaison');
        must(await builder.put(`${camp()}/summaries/units/${u.id}`, { sections: { overview: `<p>开展情况${MARK[s]}</p>` }, media: [] }), 200, 'summary');
        must(await builder.put(`${camp()}/statistics/units/${u.id}`, { values: { drills_held: 1, drill_participants: 20 } }), 200, 'statistics');
      }
      const job = must(await builder.post(`${camp()}/packages`, { unitId: u.id }), 202, 'package');
      base[s] = {
        campaignId: cid, unitId: u.id, countyId: s === 'sibling' ? units.sibling.id : units.own.id, accountId: account.id,
        ...(await activity(s, 'draft')), mediaId: await media(s), ...c, caseFileId: await caseFile(c.caseId), jobId: job.id,
        ...published, draftTypicalId: draft.typicalId, draftImageId: draft.imageId,
      };
    }
    // The packages are made in the background, one at a time; their downloads need them done.
    for (const s of SCOPES) {
      for (let i = 0; ; i++) {
        const j = must(await builder.get(`${camp()}/packages/${base[s].jobId}`), 200, 'package job');
        if (j.status === 'done') break;
        if (j.status === 'failed' || i > 600) throw new Error(`package ${JSON.stringify(j)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    for (const role of ROLES) clients[role] = role === 'anonymous' ? t.client() : await loginAs(t, role, HOME[role]);
  });
  afterAll(async () => t?.close());

  it('answers every route as the reviewed table says, for every role and scope', async () => {
    const routes = guardedApiRoutes(t.app);
    const ordered = [
      ...routes.filter((r) => r.method === 'GET'),
      ...routes.filter((r) => r.method !== 'GET' && !SPECS[`${r.method} ${r.url}`]?.last),
      ...routes.filter((r) => r.method !== 'GET' && SPECS[`${r.method} ${r.url}`]?.last),
    ];
    const observed = new Map<string, Record<MatrixRole, Record<Scope, Outcome>>>();
    const details: string[] = [];
    const dump: string[] = [];
    /** Reporters' identities are the city office's desk's alone (casePolicy.seesReporter). */
    const leaks: string[] = [];
    /** Where the desk does read them: proof that the search finds what it looks for. */
    const deskSaw = new Set<string>();
    /** Records out of the caller's reach found in an answer it was given. */
    const foreign = new Set<string>();
    const started = Date.now();

    for (const route of ordered) {
      const key = `${route.method} ${route.url}`;
      const spec = SPECS[key] ?? {};
      const row = {} as Record<MatrixRole, Record<Scope, Outcome>>;
      const fresh = new Map<Scope, Partial<Target>>();
      for (const role of ROLES) {
        row[role] = {} as Record<Scope, Outcome>;
        for (const scope of SCOPES) {
          let x: Target = { ...base[scope], ...spec.with?.(base[scope]) };
          if (spec.fresh) {
            if (!fresh.has(scope)) fresh.set(scope, await spec.fresh(scope, x));
            x = { ...x, ...fresh.get(scope) };
          }
          const client = role !== 'anonymous' && spec.ownSession ? await loginAs(t, role, HOME[role]) : clients[role];
          const r = await call(client, route, spec, x, scope);
          const outcome = classify(r);
          row[role][scope] = outcome;
          if (DUMP) dump.push(`${key}\t${role}\t${scope}\t${r.status}\t${r.body?.code ?? ''}`);
          if (outcome === 'ok' && spec.fresh) fresh.delete(scope);
          if (outcome === 'ok') {
            const texts = await textsOf(r.raw.rawPayload);
            const shown = texts.some((x) => x.includes(REPORTER_NAME) || x.includes(REPORTER_PHONE));
            if (shown && role === 'city_admin') deskSaw.add(key);
            else if (shown) leaks.push(`${key} as ${role} (${scope}) shows the reporter's name or phone`);
            for (const other of SCOPES) {
              if (!READS[role].includes(other) && texts.some((x) => x.includes(MARK[other]))) foreign.add(`${key} as ${role} shows the ${other} unit's record`);
            }
          }
          if (outcome === 'error' || outcome === 'other') details.push(`${key} as ${role} (${scope}): ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        }
      }
      observed.set(key, row);
    }

    // Compare with the table: every route must be in it, and every cell must match.
    const unexpected: string[] = [];
    let cells = 0;
    for (const [key, row] of observed) {
      const line = EXPECTED[key];
      const want = line === undefined ? 'missing from the table' : decodeRow(line);
      for (const role of ROLES) {
        for (const scope of SCOPES) {
          cells++;
          const got = row[role][scope];
          const verdict = verdictOf(got);
          if (typeof want === 'string') { unexpected.push(`${key}: ${want}`); continue; }
          if (verdict !== want[role][scope]) unexpected.push(`${key} as ${role} on the ${scope} unit's record: expected ${want[role][scope]}, got ${got}`);
        }
      }
    }
    const unique = [...new Set(unexpected)];
    for (const key of Object.keys(EXPECTED)) if (!observed.has(key)) unique.push(`${key}: in the table but no longer a route`);

    console.log(`[${testDialect}] ${observed.size} routes × ${ROLES.length} roles × ${SCOPES.length} scopes (${cells} calls, ${((Date.now() - started) / 1000).toFixed(1)} s), ${unique.length} unexpected`);
    if (details.length) console.log(`server errors and odd answers:\n  ${details.join('\n  ')}`);
    if (DUMP) fs.writeFileSync(DUMP, `${dump.join('\n')}\n`);
    if (RECORD) {
      writeTable(observed);
      console.log(`recorded ${observed.size} routes into ${EXPECTED_FILE}: review every entry`);
      return;
    }
    if (leaks.length) console.log(`reporter identities outside the desk:\n  ${leaks.join('\n  ')}`);
    expect(details, 'no 5xx, no answer outside the classes').toEqual([]);
    expect(leaks, "no reporter's name or phone outside the desk").toEqual([]);
    if (foreign.size) console.log(`records out of reach in answers:\n  ${[...foreign].join('\n  ')}`);
    expect([...deskSaw]).toEqual(expect.arrayContaining(['GET /api/campaigns/:id/cases/:caseId', 'GET /api/campaigns/:id/cases.xlsx', 'GET /api/campaigns/:id/cases.csv']));
    expect(unique).toEqual([]);
    expect([...foreign], 'no answer holds a record out of the caller\'s reach').toEqual([]);
  }, 300_000);

  it('shows media partners published typical cases only: not a draft, one in review, nor a withdrawn one', async () => {
    const media = clients.media_partner;
    const draft = await typical('draft');
    let inReview = must(await builder.post(`${camp()}/typical-cases/${draft.typicalId}/actions`, { action: 'submit', revision: draft.typicalRevision }), 200, 'submit');
    inReview = { typicalId: inReview.id, imageId: inReview.images[0].id };
    const gone = await typical('published');
    must(await builder.post(`${camp()}/typical-cases/${gone.typicalId}/actions`, { action: 'withdraw', revision: gone.typicalRevision, comment: '撤回' }), 200, 'withdraw');
    const unpublished = { draft: await typical('draft'), inReview, withdrawn: gone };
    const answers: Record<string, number[]> = {};
    for (const [name, x] of Object.entries(unpublished)) {
      const one = `${camp()}/typical-cases/${x.typicalId}`;
      answers[name] = [
        (await media.get(one)).status, (await media.get(`${one}/package`)).status, (await media.get(`/api/typical-images/${x.imageId}`)).status,
        (await media.post(`${one}/runs`, { outlet: '昆明日报', ranOn: '2022-06-21' })).status,
      ];
    }
    expect(answers).toEqual({ draft: [404, 404, 404, 404], inReview: [404, 404, 404, 404], withdrawn: [404, 404, 404, 404] });
    const listed = (await media.get(`${camp()}/typical-cases`)).body.items.map((i: { id: number }) => i.id);
    expect(listed).toEqual([base.own.typicalId]);
    // The office's reviewers read them all.
    expect((await clients.reviewer.get(`${camp()}/typical-cases/${inReview.typicalId}`)).status).toBe(200);
  });

  async function call(c: Client, route: RouteEntry, spec: Spec, x: Target, scope: Scope): Promise<Answer> {
    let url = route.url.replace(/:(\w+)/g, (_m, name: string) => param(route.url, name, x));
    const q = spec.query?.(x);
    if (q) url += `?${q}`;
    if (spec.upload) {
      const u = spec.upload(x);
      return u.fields ? c.uploadForm(url, u.fields, u.data, u.filename, u.type) : c.upload(url, u.data, u.filename, u.type);
    }
    if (route.method === 'GET' || route.method === 'DELETE') return c.raw(route.method, url);
    return c.raw(route.method, url, (spec.body?.(x, scope) ?? {}) as object);
  }
});

/** Rewrites the table with what was observed; lines marked REVIEWED keep their expected value. */
function writeTable(observed: Map<string, Record<MatrixRole, Record<Scope, Outcome>>>) {
  const text = fs.readFileSync(EXPECTED_FILE, 'utf8');
  const start = text.indexOf('// <table>');
  const end = text.indexOf('// </table>');
  const kept = new Map<string, { value: string; comment: string }>();
  for (const m of text.slice(start, end).matchAll(/^\s*'([^']+)':\s*'([^']*)',\s*(\/\/.*)?$/gm)) kept.set(m[1]!, { value: m[2]!, comment: m[3] ?? '' });
  const width = Math.max(...[...observed.keys()].map((k) => k.length)) + 4;
  const lines = [...observed].map(([key, row]) => {
    const recorded = ROLES.map((role) => SCOPES.map((s) => (verdictOf(row[role][s]) === 'allow' ? 'A' : verdictOf(row[role][s]) === 'deny' ? 'D' : '?')).join('')).join('   ');
    const old = kept.get(key);
    const value = old && /REVIEWED/.test(old.comment) ? old.value : recorded;
    return `  ${`'${key}':`.padEnd(width)}'${value}',${old?.comment ? ` ${old.comment}` : ''}`;
  });
  const labels = ['admin', 'lead', 'rep', 'appr', 'hndl', 'revw', 'media', 'anon'].map((l) => l.padEnd(6)).join('').trimEnd();
  const header = `// <table>\n//${' '.repeat(width + 1)}${labels}\nexport const EXPECTED: Record<string, string> = {\n${lines.join('\n')}\n};\n`;
  fs.writeFileSync(EXPECTED_FILE, text.slice(0, start) + header + text.slice(end));
}
