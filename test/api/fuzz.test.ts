import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, testDialect, type TestApp } from '../support/harness';
import { buildAccount, TEST_PASSWORD } from '../support/factories';
import { unitByCode } from '../support/api';
import { solidJpeg } from '../support/files';
import { Client, type Answer } from '../support/client';
import { MAX_ROW_ID } from '../../src/server/http/ids';

/*
 * Every operation of the OpenAPI document that takes a body, a query or path parameters, called
 * with values fast-check derives from its JSON schema: mostly valid ones (real ids of real
 * records, days, enums, bounded strings), mixed at every level with boundaries and garbage (empty and
 * huge strings, -1, 0, 2^31, "NaN", lone unicode, nested objects, arrays where objects belong).
 * The caller is a city_admin, who passes every role gate the office has, so validation and the
 * services are what is exercised. Two properties: no answer is a 5xx, and a refused request (4xx)
 * writes nothing: the row count of every table is the same after it as before.
 * FUZZ_SEED=<n> replays another set of cases; FUZZ_RUNS=<n> changes the cases per operation;
 * FUZZ_ONLY=<regex> fuzzes the matching operations only ("POST /api/campaigns/{id}/cases$"); FUZZ_DEBUG=1 prints every answer.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = Number(process.env.FUZZ_SEED ?? 20220616);
const HTTP = ['get', 'put', 'post', 'delete', 'patch'];

type Schema = {
  type?: string; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[]; nullable?: boolean; format?: string; pattern?: string;
  minLength?: number; maxLength?: number; minimum?: number; maximum?: number; exclusiveMinimum?: boolean | number; exclusiveMaximum?: boolean | number;
  items?: Schema; minItems?: number; maxItems?: number; properties?: Record<string, Schema>; required?: string[];
  additionalProperties?: boolean | Schema; $ref?: string;
};
interface Param { in: string; name: string; required?: boolean; schema: Schema }
interface Operation { method: string; path: string; params: Param[]; body?: Schema }
interface Case { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown }

/** Records of each kind the fuzzer names by id: most generated ids are real ones. */
type Kind = 'unit' | 'account' | 'campaign' | 'activity' | 'media' | 'case' | 'caseFile' | 'typical' | 'typicalImage' | 'job';

const HUGE = 'x'.repeat(100_000);
/** Boundaries and garbage, for any position of any request. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    '', ' ', HUGE, -1, 0, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 1e308, -1e308, 0.5, -0,
    'NaN', 'Infinity', '-Infinity', '1e309', '0x1F', '-0', ' 1', '１２３', 'null', 'true', null, true, false, [], {},
    '\u0000', '\u202egpj.exe', '😀'.repeat(40), '<script>alert(1)</script>', "' OR '1'='1", '../../etc/passwd', '%00', '%', '__proto__',
    JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'), { a: { b: { c: { d: [[[[{}]]]] } } } }, [[1, 2], { x: [] }],
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 10 }).map((x) => `${x}\u0000${x}`),
  fc.constantFrom(5e-324, -1e-300, 1e-40, Number.MIN_VALUE),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.object({ maxDepth: 3, maxKeys: 4 }),
  fc.array(fc.anything({ maxDepth: 2, maxKeys: 3 }), { maxLength: 5 }),
);

describeDb('fuzzing: every operation with input, from its OpenAPI schema, as the city office\'s admin', () => {
  let t: TestApp;
  let admin: Client;
  let adminId = 0;
  let adminName = '';
  let doc: { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
  let tables: string[] = [];
  const pools = {} as Record<Kind, number[]>;

  const must = (r: Answer, status: number, what: string) => {
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ sessionHours: 24 * 365 }, {
      REPORT_POW_BITS: '4', PUBLIC_RATE_PER_MINUTE: '1000000', REPORT_RATE_PER_HOUR: '1000000', REPORT_LOOKUPS_PER_MINUTE: '1000000', LOGIN_RATE_PER_MINUTE: '1000000',
    });
    t.clock.now = new Date('2022-06-20T10:00:00+08:00');
    const b = await t.admin();
    const camp = `/api/campaigns/${t.campaignId}`;
    const wuhua = await unitByCode(t, '530102');
    // A few real records of each kind, so that generated ids find something to work on.
    const jpeg = await solidJpeg(320, 240);
    const media = must(await b.uploadForm(`${camp}/media`, { unitId: String(wuhua.id) }, jpeg, 'a.jpg', 'image/jpeg'), 201, 'media');
    const activity = must(await b.post(`${camp}/activities`, {
      unitId: wuhua.id, category: 'drills', forms: ['field_drill'], title: '演练', startsOn: '2022-06-16', endsOn: '2022-06-16', countyCode: '530102', participants: 10,
    }), 201, 'activity');
    must(await b.post(`${camp}/activities/${activity.id}/media`, { mediaId: media.id }), 200, 'attach');
    let c = must(await b.post(`${camp}/cases`, {
      source: 'hotline', category: 'gas_safety', countyId: wuhua.id, address: '某街道 12 号', description: '违规存放钢瓶。', whistleblower: false,
    }), 201, 'case');
    must(await b.upload(`${camp}/cases/${c.id}/files?purpose=evidence`, jpeg, 'scene.jpg', 'image/jpeg'), 200, 'case file');
    for (const step of [{ action: 'accept' }, { action: 'assign', unitId: wuhua.id }, { action: 'verify', founded: true, findings: '属实' }]) {
      c = must(await b.post(`${camp}/cases/${c.id}/actions`, { ...step, revision: c.revision }), 200, step.action);
    }
    const fileId = (await t.db.selectFrom('case_files').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow()).id;
    const typical = must(await b.post(`${camp}/typical-cases`, {
      title: '典型案例', subject: '某经营部', facts: '事实', violations: '违法', handling: '处理', lesson: '教训', caseIds: [c.id],
    }), 201, 'typical');
    must(await b.post(`${camp}/typical-cases/${typical.id}/images`, { caseFileId: fileId, boxes: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }), 200, 'image');
    must(await b.put(`${camp}/statistics/units/${wuhua.id}`, { values: { drills_held: 1, drill_participants: 10 } }), 200, 'statistics');
    must(await b.put(`${camp}/summaries/units/${wuhua.id}`, { sections: { overview: '<p>开展情况</p>' }, media: [] }), 200, 'summary');
    must(await b.post(`${camp}/packages`, { unitId: wuhua.id }), 202, 'package');

    const account = await buildAccount(t, { unitCode: '530100-AW', roles: ['city_admin'] });
    adminId = account.id;
    adminName = account.username;
    admin = await t.client().login(adminName, TEST_PASSWORD);
    doc = must(await admin.get('/api/docs/json'), 200, 'openapi');

    const ids = async (table: 'units' | 'accounts' | 'campaigns' | 'activities' | 'media_items' | 'cases' | 'case_files' | 'typical_cases' | 'typical_case_images' | 'package_jobs') =>
      (await t.db.selectFrom(table).select('id').orderBy('id').limit(20).execute()).map((r) => r.id);
    Object.assign(pools, {
      unit: await ids('units'), account: (await ids('accounts')).filter((id) => id !== adminId), campaign: await ids('campaigns'),
      activity: await ids('activities'), media: await ids('media_items'), case: await ids('cases'), caseFile: await ids('case_files'),
      typical: await ids('typical_cases'), typicalImage: await ids('typical_case_images'), job: await ids('package_jobs'),
    });

    const names = testDialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(t.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db);
    tables = names.rows.map((r) => r.name).sort();
  });
  afterAll(async () => t?.close());

  /** The row count of every table, in one statement. */
  async function counts(): Promise<Record<string, number>> {
    const r = await sql.raw<Record<string, number | string>>(`select ${tables.map((n) => `(select count(*) from "${n}") as "${n}"`).join(', ')}`).execute(t.db);
    return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]));
  }

  /** Which records an id names, from its field's name and the operation's path. */
  function kindOf(name: string, path: string): Kind | 'revision' | undefined {
    if (name === 'id') return path.startsWith('/api/units/') ? 'unit' : path.startsWith('/api/accounts/') ? 'account' : path.startsWith('/api/campaigns/') ? 'campaign' : undefined;
    if (/^(unitId|parentId|countyId)$/.test(name)) return 'unit';
    if (name === 'activityId') return 'activity';
    if (name === 'mediaId') return 'media';
    if (/^(caseId|targetId|caseIds)$/.test(name)) return 'case';
    if (/^(fileId|caseFileId)$/.test(name)) return 'caseFile';
    if (name === 'typicalId') return 'typical';
    if (name === 'imageId') return 'typicalImage';
    if (name === 'jobId') return 'job';
    if (name === 'revision') return 'revision';
    return undefined;
  }

  function idArb(kind: Kind, min: number, max: number): fc.Arbitrary<number> {
    const random = fc.integer({ min, max }).filter((n) => !(kind === 'account' && n === adminId));
    const pool = pools[kind];
    return pool.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: random }) : random;
  }

  /**
   * One request per edge, the same every run: every text field carrying a NUL character, every
   * number the smallest double there is (a subnormal: a float4 column cannot hold it), every
   * integer 2^31 and every text one character past its limit. The rest of the request is valid.
   */
  type Edge = 'nul' | 'tiny' | 'over';
  const EDGES: Edge[] = ['nul', 'tiny', 'over'];
  function edgeOf(s: Schema, name: string, path: string, edge: Edge, depth = 0): unknown {
    const alts = s.anyOf ?? s.oneOf;
    // The last of an enum: the first is often the narrowest choice (a unit's lead where the office registers calls).
    if (s.enum?.length) return s.enum[s.enum.length - 1];
    if (alts?.length) return edgeOf(alts[0]!, name, path, edge, depth);
    const kind = kindOf(name, path);
    switch (s.type) {
      case 'string': {
        const hinted = plainOf(s, name, path);
        if (edge === 'over' && s.maxLength !== undefined) return 'x'.repeat(Math.min(s.maxLength + 1, HUGE.length));
        // Free text only: a NUL in a day or a code is refused by its format before it could reach the database.
        if (hinted === undefined && edge === 'nul') return `文本${'x'.repeat(Math.max(0, (s.minLength ?? 0) - 4))}\u0000x`;
        return hinted ?? `文本${'x'.repeat(Math.max(0, (s.minLength ?? 0) - 2))}`;
      }
      case 'integer':
        if (edge === 'over') return 2 ** 31;
        // The second unit is 五华区, a county: the first, the city office, is no county for a case.
        if (kind && kind !== 'revision' && pools[kind].length) return pools[kind][Math.min(1, pools[kind].length - 1)];
        return Math.max(s.minimum ?? 1, 1);
      case 'number':
        return edge === 'tiny' ? 5e-324 : edge === 'over' ? 1e308 : 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 4 ? [] : Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => edgeOf(s.items ?? {}, name, path, edge, depth + 1));
      default:
        if (s.type === 'object' || s.properties) {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = depth > 4 ? null : edgeOf(v, k, path, edge, depth + 1);
          if (typeof s.additionalProperties === 'object') out.drills_held = edgeOf(s.additionalProperties, name, path, edge, depth + 1);
          return out;
        }
        return {};
    }
  }
  /** The one valid value a field with a known format takes in the edge requests; undefined for free text. */
  function plainOf(s: Schema, name: string, path: string): string | undefined {
    if (s.pattern) return fc.sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 1, seed: 1 })[0];
    if (s.format === 'date-time') return '2022-06-16T10:00:00+08:00';
    if (/On$|^(from|to|day)$/.test(name)) return '2022-06-16';
    if (name === 'month') return '2022-06';
    if (/link/i.test(name)) return 'https://www.km.gov.cn/a.html';
    if (/phone|mobile/i.test(name)) return '13888888888';
    if (/email/i.test(name)) return 'a@km.gov.cn';
    if (name === 'code') return 'kunming-2022';
    if (name === 'category') return path.includes('/cases') ? 'gas_safety' : 'drills';
    if (name === 'key') return 'liaison_form';
    if (name === 'receipt') return 'AAAA-AAAA-AAAA-AAAA-AAAA';
    return undefined;
  }

  function edgeCase(op: Operation, edge: Edge): Case {
    const path: Record<string, unknown> = {};
    for (const p of op.params.filter((x) => x.in === 'path')) path[p.name] = edge === 'nul' && p.schema.type === 'string' ? 'a\u0000b' : edgeOf(p.schema, p.name, op.path, edge === 'over' ? 'tiny' : edge);
    const query: Record<string, unknown> = {};
    for (const p of op.params.filter((x) => x.in === 'query')) query[p.name] = edgeOf(p.schema, p.name, op.path, edge);
    return { path, query, body: op.body ? edgeOf(op.body, '(body)', op.path, edge) : undefined };
  }

  function stringArb(s: Schema, name: string): fc.Arbitrary<string> {
    const min = s.minLength ?? 0;
    const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
    if (s.pattern) {
      try {
        return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
      } catch { /* a pattern JavaScript does not read: fall through */ }
    }
    if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    if (/On$|^(from|to|day)$/.test(name)) return fc.constantFrom('2022-06-16', '2022-05-20', '2022-07-01', '2022-02-29', '2022-13-01', '16/06/2022');
    if (name === 'month') return fc.constantFrom('2022-06', '2022-12', '2021-01', '2022-13');
    if (/link/i.test(name)) return fc.constantFrom('https://www.km.gov.cn/a.html', 'javascript:alert(1)', 'http://x');
    if (/phone|mobile/i.test(name)) return fc.constantFrom('13888888888', '0871-63104019', '12345');
    if (name === 'code') return fc.constantFrom('kunming-2022', '530102', 'Z01', 'nope-2099');
    if (name === 'category') return fc.constantFrom('drills', 'study', 'gas_safety', 'illegal_mining', 'arson');
    if (name === 'key') return fc.constantFrom('liaison_form', 'statistics_table', 'activity_coverage', 'violation_lead', 'exposure_monthly', 'nope');
    if (name === 'receipt') return fc.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const edges = s.maxLength !== undefined && s.maxLength <= HUGE.length ? [fc.constant('字'.repeat(s.maxLength)), fc.constant('x'.repeat(s.maxLength + 1))] : [];
    return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), ...edges);
  }

  /** A value the schema admits (bounded in size); when `dirty`, garbage may take its place at any level. */
  function valueArb(s: Schema, name: string, path: string, dirty: boolean, depth = 0): fc.Arbitrary<unknown> {
    if (depth > 4) return dirty ? garbage : fc.constant(null);
    if (!dirty) return validArb(s, name, path, false, depth);
    return fc.oneof({ weight: 4, arbitrary: validArb(s, name, path, true, depth) }, { weight: 1, arbitrary: garbage });
  }

  function validArb(s: Schema, name: string, path: string, dirty: boolean, depth: number): fc.Arbitrary<unknown> {
    let arb: fc.Arbitrary<unknown>;
    const alts = s.anyOf ?? s.oneOf;
    if (s.enum?.length) arb = fc.constantFrom(...s.enum);
    else if (alts?.length) arb = fc.oneof(...alts.map((x) => validArb(x, name, path, dirty, depth)));
    else if (s.type === 'string') arb = stringArb(s, name);
    else if (s.type === 'integer' || s.type === 'number') {
      const min = Math.max(s.minimum ?? -(2 ** 31), -(2 ** 31)) + (s.exclusiveMinimum === true ? 1 : 0);
      const max = Math.min(s.maximum ?? 2 ** 31, 2 ** 31);
      const kind = kindOf(name, path);
      if (kind === 'revision') arb = fc.integer({ min: Math.max(min, 0), max: Math.min(max, 6) });
      else if (kind) arb = idArb(kind, Math.max(min, 1), Math.min(max, MAX_ROW_ID));
      else if (s.type === 'integer') arb = fc.integer({ min, max });
      else arb = fc.double({ min, max, noNaN: true });
    } else if (s.type === 'boolean') arb = fc.boolean();
    else if (s.type === 'array') {
      const item = s.items ?? {};
      arb = fc.array(valueArb(item, name, path, dirty, depth + 1), {
        minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
      });
    } else if (s.type === 'object' || s.properties) {
      const props = s.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueArb(v, k, path, dirty, depth + 1)])),
        { requiredKeys: (s.required ?? []).filter((k) => k in props) },
      );
      const extra = typeof s.additionalProperties === 'object'
        ? fc.dictionary(fc.oneof(fc.constantFrom('drills_held', 'overview', 'liaison_name', 'study_sessions'), fc.string({ maxLength: 12 })), valueArb(s.additionalProperties, name, path, dirty, depth + 1), { maxKeys: 4 })
        : fc.constant({});
      arb = fc.tuple(extra, record).map(([a, b]) => ({ ...a, ...b }));
    } else {
      arb = fc.anything({ maxDepth: 2, maxKeys: 4 });
    }
    return s.nullable ? fc.option(arb, { nil: null, freq: 6 }) : arb;
  }

  /** A path parameter as it goes into the URL: a valid value, or text that is anything but. */
  function pathArb(p: Param, path: string): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 5, arbitrary: validArb(p.schema, p.name, path, false, 0) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('-1', '0', '2147483648', '99999999999999999999', 'NaN', '1e3', '1.5', ' 1', 'abc', '%', '%2F', '9'.repeat(300), '🙂', '..') },
    );
  }

  function operations(): Operation[] {
    const out: Operation[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!HTTP.includes(method)) continue;
        const body = op.requestBody?.content?.['application/json']?.schema;
        const params = op.parameters ?? [];
        if (!params.length && !body) continue;
        out.push({ method: method.toUpperCase(), path, params, body });
      }
    }
    // What reshapes the unit tree (a county moved or switched off makes every later case about it a 400) goes
    // late; changing the caller's own password last (refused anyway: the fuzzer does not know the current one).
    const rank = (o: Operation) => (o.path === '/api/auth/password' ? 2 : /^\/api\/units\/\{id\}/.test(o.path) && o.method !== 'GET' ? 1 : 0);
    return out.sort((a, b) => rank(a) - rank(b));
  }

  function requestOf(op: Operation, c: Case) {
    let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(text(c.path[name])));
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(c.query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) q.append(k, text(x));
      else q.append(k, text(v));
    }
    if ([...q].length) url += `?${q.toString()}`;
    return { url, body: c.body === undefined ? undefined : JSON.stringify(c.body) };
  }

  it('answers no input with a server error, and writes nothing when it refuses', async () => {
    const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;
    const ops = operations().filter((o) => !only || only.test(`${o.method} ${o.path}`));
    if (!only) expect(ops.length).toBeGreaterThanOrEqual(90);
    const errors: string[] = [];
    const writes: string[] = [];
    const sessionEnds: string[] = [];
    let cases = 0;
    let refused = 0;
    const statuses = new Map<number, number>();
    const started = Date.now();
    let before = await counts();

    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const arb = fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathArb(p, op.path)]))),
        query: fc.tuple(
          fc.record(Object.fromEntries(queryParams.map((p) => [p.name, valueArb(p.schema, p.name, op.path, true)])), { requiredKeys: [] }),
          fc.option(fc.dictionary(fc.constantFrom('unknown', 'limit', '__proto__', 'unitId[]'), garbage, { maxKeys: 2 }), { freq: 4 }),
        ).map(([a, b]) => ({ ...(b ?? {}), ...a })),
        // Whole valid bodies (the services' own checks), bodies with garbage anywhere inside, and garbage instead of a body.
        body: op.body
          ? fc.oneof(
            { weight: 3, arbitrary: validArb(op.body, '(body)', op.path, false, 0) },
            { weight: 3, arbitrary: validArb(op.body, '(body)', op.path, true, 0) },
            { weight: 1, arbitrary: garbage },
          )
          : fc.constant(undefined),
      }) as fc.Arbitrary<Case>;

      for (const c of [...EDGES.map((e) => edgeCase(op, e)), ...fc.sample(arb, { numRuns: RUNS, seed: SEED ^ hash(key) })]) {
        cases++;
        const req = requestOf(op, c);
        const headers: Record<string, string> = req.body === undefined ? {} : { 'content-type': 'application/json' };
        const r = await admin.raw(op.method, req.url, req.body, headers);
        const repro = `${op.method} ${req.url.slice(0, 160)} ${req.body?.slice(0, 300) ?? ''}`;
        if (process.env.FUZZ_DEBUG) console.log(r.status, r.body?.code ?? '', JSON.stringify(r.body?.fields?.[0] ?? '').slice(0, 100), repro.slice(0, 400));
        if (r.status >= 500) errors.push(`${key}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)} ← ${repro}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 401 && r.body?.code === 'auth.required') {
          // The admin's session must outlive everything the fuzzer does; sign in again to go on.
          sessionEnds.push(`${key}: answered 401, the admin's session ended ← ${repro}`);
          admin = await t.client().login(adminName, TEST_PASSWORD);
          before = await counts();
          continue;
        }
        const after = await counts();
        if (r.status >= 400) {
          if (r.status < 500) refused++;
          // A refusal, or a failure, leaves every table as it was (the write and its audit record roll back together).
          // A refused sign-in counts the failure (and audits it for a real account) by design: that is its throttle.
          const counted = key.startsWith('POST /api/auth/login') ? ['login_throttle', 'audit_log'] : [];
          const changed = tables.filter((n) => after[n] !== before[n] && !counted.includes(n)).map((n) => `${n} ${before[n]}→${after[n]}`);
          if (changed.length) writes.push(`${key}: ${r.status} ${r.body?.code ?? ''} yet wrote (${changed.join(', ')}) ← ${repro}`);
        }
        before = after;
      }
    }

    console.log(`[${testDialect}] fuzz: ${cases} cases over ${ops.length} operations (seed ${SEED}, ${EDGES.length} edges + ${RUNS} per operation, ${((Date.now() - started) / 1000).toFixed(1)} s): ${errors.length} answers ≥ 500, ${refused} refused, ${writes.length} refused requests that wrote`);
    console.log(`answers: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`).join(' ')}`);
    if (errors.length) console.log(`server errors:\n  ${errors.join('\n  ')}`);
    if (writes.length) console.log(`refused but wrote:\n  ${writes.join('\n  ')}`);
    if (sessionEnds.length) console.log(`the admin's session ended:\n  ${sessionEnds.join('\n  ')}`);
    expect(errors).toEqual([]);
    expect(writes).toEqual([]);
    expect(sessionEnds).toEqual([]);
  }, 180_000);
});

/** A small stable hash: each operation's cases depend on the seed and its own name only (FUZZ_ONLY replays them). */
function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return h;
}

/** A generated value as URL text. */
function text(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
