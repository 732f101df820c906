import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { loginAs } from '../support/factories';
import { isDocsUrl, PUBLIC_API_ROUTES, registeredRoutes, toOpenApiPath, type RouteEntry } from '../support/routes';
import { expectGarbageRefused } from '../support/api';

/** The only API routes open to anyone (test/support/routes.ts); the API docs are excluded from the sweep (they are not data). */
const PUBLIC = PUBLIC_API_ROUTES;
const isDocs = isDocsUrl;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const concrete = (url: string) => url.replace(/:key\b/g, 'liaison_form').replace(/:\w+/g, '1');

describeDb('routes: every API route is behind a session and documented', () => {
  let t: TestApp;
  let routes: RouteEntry[];
  let guarded: RouteEntry[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = registeredRoutes(t.app);
    guarded = routes.filter((r) => r.url.startsWith('/api/') && !isDocs(r.url) && !PUBLIC.has(`${r.method} ${r.url}`));
  });
  afterAll(async () => t?.close());

  it('finds the routes of every feature', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    expect(keys).toEqual(expect.arrayContaining([
      'GET /api/health', 'POST /api/auth/login', 'GET /api/auth/me', 'GET /api/units', 'PATCH /api/units/:id',
      'POST /api/units/:id/move', 'POST /api/units/import/commit', 'GET /api/accounts', 'POST /api/accounts/:id/reset-password',
      'PUT /api/campaigns/:id/definition', 'GET /api/campaigns/:id/obligations/matrix',
      'POST /api/campaigns/:id/obligations/:key/fulfilments', 'GET /api/audit',
    ]));
    expect(guarded.filter((r) => r.method !== 'HEAD').length).toBeGreaterThanOrEqual(24);
  });

  it('answers 401 to an anonymous caller on every API route but health, login and the public campaign page', async () => {
    const anonymous = t.client();
    const wrong: string[] = [];
    for (const r of guarded) {
      const res = await anonymous.raw(r.method, concrete(r.url), r.method === 'GET' || r.method === 'HEAD' ? undefined : {});
      const ok = res.status === 401 && (r.method === 'HEAD' || res.body?.code === 'auth.required');
      if (!ok) wrong.push(`${r.method} ${r.url} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    // And the open ones really are open.
    expect((await anonymous.get('/api/health')).status).toBe(200);
    expect((await anonymous.get('/api/public/campaigns/kunming-2022/activities')).status).toBe(200);
    expect((await anonymous.post('/api/auth/login', { username: 'nobody', password: 'nothing-at-all' })).status).toBe(401);
    expect((await anonymous.post('/api/auth/login', { username: 'nobody', password: 'nothing-at-all' })).body.code).toBe('auth.invalid_credentials');
  });

  it('answers 401 to forged, tampered and ended sessions as well', async () => {
    const reporter = await loginAs(t, 'unit_reporter', '530102');
    const session = reporter.cookie('sm_session')!;
    const csrf = reporter.csrf!;
    const tampered = session.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const variants = {
      forged: 'sm_session=not-a-real-token',
      tampered: `sm_session=${tampered}; sm_csrf=${csrf}`,
    };
    await reporter.post('/api/auth/logout');
    const ended = `sm_session=${session}; sm_csrf=${csrf}`;
    for (const [name, c] of Object.entries({ ...variants, ended })) {
      for (const r of guarded.filter((x) => x.method !== 'HEAD')) {
        const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: { cookie: c, 'x-csrf-token': csrf }, payload: r.method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${name}: ${r.method} ${r.url}`).toBe(401);
      }
    }
  });

  it('publishes a valid OpenAPI 3 document that lists every route, readable without an account', async () => {
    const r = await t.client().get('/api/docs/json');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('application/json');
    const doc = r.body as {
      openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, unknown>>;
      components?: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toContain('safemonth');
    expect(doc.info.version).toMatch(/\S/);
    expect(doc.components?.securitySchemes?.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'sm_session' });

    const problems: string[] = [];
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/')) problems.push(`${path}: path must start with /`);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters' || method === 'summary' || method === 'description') continue;
        if (!HTTP_METHODS.includes(method)) { problems.push(`${path}: unknown key ${method}`); continue; }
        const o = op as { responses?: Record<string, unknown>; parameters?: { in: string; name: string; required?: boolean }[]; operationId?: string; requestBody?: { content?: Record<string, unknown> } };
        if (!o.responses || Object.keys(o.responses).length === 0) problems.push(`${method} ${path}: no responses`);
        for (const code of Object.keys(o.responses ?? {})) if (!/^([1-5](\d\d|XX)|default)$/.test(code)) problems.push(`${method} ${path}: bad status ${code}`);
        for (const name of templated) {
          const p = o.parameters?.find((x) => x.in === 'path' && x.name === name);
          if (!p || p.required !== true) problems.push(`${method} ${path}: path parameter ${name} not declared as required`);
        }
        for (const p of o.parameters ?? []) {
          if (!['query', 'header', 'path', 'cookie'].includes(p.in)) problems.push(`${method} ${path}: parameter ${p.name} in ${p.in}`);
          if (p.in === 'path' && !templated.includes(p.name)) problems.push(`${method} ${path}: path parameter ${p.name} not in the path`);
        }
        if (o.requestBody && !o.requestBody.content) problems.push(`${method} ${path}: requestBody without content`);
        if (o.operationId) {
          if (operationIds.has(o.operationId)) problems.push(`duplicate operationId ${o.operationId}`);
          operationIds.add(o.operationId);
        }
      }
    }
    // Every $ref points inside the document.
    const text = JSON.stringify(doc);
    for (const [, ref] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = ref!.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      if (!ref!.startsWith('#/') || target === undefined) problems.push(`unresolved $ref ${ref}`);
    }
    expect(problems).toEqual([]);

    const missing = routes
      .filter((x) => x.url.startsWith('/api/') && !isDocs(x.url) && x.method !== 'HEAD')
      .filter((x) => !doc.paths[toOpenApiPath(x.url)]?.[x.method.toLowerCase()])
      .map((x) => `${x.method} ${x.url}`);
    expect(missing).toEqual([]);
    expect(doc.paths['/api/units/{id}']?.patch).toMatchObject({ tags: ['units'], requestBody: expect.anything() });
  });

  it('never answers garbage with a server error, on any route, signed in', async () => {
    const admin = await t.admin();
    // Every route that reads a body (the ones that take none, like logout or activate, ignore it).
    const bodyless = /\/(logout|activate|deactivate|unlock|reset-two-factor|setup)$/;
    const withBody = routes.filter((x) => x.url.startsWith('/api/') && ['POST', 'PUT', 'PATCH'].includes(x.method) && !bodyless.test(x.url));
    expect(withBody.length).toBeGreaterThanOrEqual(12);
    for (const r of withBody) await expectGarbageRefused(admin, r.method.toLowerCase() as 'post', concrete(r.url));
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});
