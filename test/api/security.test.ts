import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildAccount, TEST_PASSWORD } from '../support/factories';
import { guardedApiRoutes } from '../support/routes';

const WEB_DIR = path.resolve('dist/web');
const webBuilt = fs.existsSync(path.join(WEB_DIR, 'index.html'));

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    out.set(name!.toLowerCase(), values);
  }
  return out;
}

describe('the built web app is there to be served', () => {
  it('dist/web exists (npm test builds it first); under CI its absence is a failure', () => {
    if (process.env.CI) expect(webBuilt, `${WEB_DIR}/index.html`).toBe(true);
  });
});

describeDb('security: headers, CSRF on every state-changing route, session fixation, lockout and throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(webBuilt ? { webDir: WEB_DIR } : {});
  });
  afterAll(async () => t?.close());

  const pages = ['/', '/login', '/report', '/exposure'];
  const answers = [...pages, '/api/health', '/api/no-such-route', '/api/units/987654', '/assets/no-such-file.js'];

  it.each(answers)('%s carries a strict CSP, nosniff and a Referrer-Policy', async (url) => {
    if (!webBuilt && !url.startsWith('/api/')) return;
    // Signed in, so that an unknown API route is a 404 and not the 401 every anonymous API call gets.
    const r = await (url.startsWith('/api/') && url !== '/api/health' ? t.admin() : Promise.resolve(t.client())).then((c) => c.get(url));
    if (pages.includes(url)) expect(r.status, url).toBe(200);
    if (url.startsWith('/api/') && url !== '/api/health') expect(r.status, url).toBe(404);
    // A missing asset falls back to the app's page (see the report): its headers must be as strict all the same.
    if (url.startsWith('/assets/')) expect(r.status, url).toBe(404);
    const csp = String(r.headers['content-security-policy'] ?? '');
    expect(csp, url).not.toBe('');
    const d = directives(csp);
    // Scripts: only from the app's own origin (script-src, or default-src when script-src is absent).
    const scripts = d.get('script-src') ?? d.get('default-src');
    expect(scripts, `${url}: ${csp}`).toBeDefined();
    expect(scripts, `${url}: ${csp}`).toContain("'self'");
    expect(scripts, `${url}: ${csp}`).not.toContain("'unsafe-inline'");
    expect(scripts, `${url}: ${csp}`).not.toContain("'unsafe-eval'");
    expect(d.get('script-src-elem') ?? [], url).not.toContain("'unsafe-inline'");
    expect(d.get('frame-ancestors'), `${url}: ${csp}`).toEqual(["'none'"]);
    expect(d.get('object-src'), `${url}: ${csp}`).toEqual(["'none'"]);
    expect(r.headers['x-content-type-options'], url).toBe('nosniff');
    expect(r.headers['referrer-policy'], url).toBeTruthy();
  });

  it('the HTML pages load every script from a file: no inline <script> without src', async () => {
    if (!webBuilt) return;
    for (const url of pages) {
      const r = await t.client().get(url);
      expect(String(r.headers['content-type']), url).toMatch(/^text\/html/);
      const html = String(r.body);
      const tags = html.match(/<script\b[^>]*>/gi) ?? [];
      expect(tags.length, `${url}: some script`).toBeGreaterThan(0);
      for (const tag of tags) expect(tag, url).toMatch(/\bsrc\s*=/i);
      // No event-handler attributes either, which 'self' would not allow anyway.
      expect(html, url).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
    }
  });

  it('refuses every signed-in POST/PUT/PATCH/DELETE without the CSRF token: 403 request.csrf', async () => {
    const routes = guardedApiRoutes(t.app).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(routes.length).toBeGreaterThan(20);
    const admin = await t.admin();
    admin.sendCsrf = false;
    const wrong: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:\w+/g, '1').replace(/\*/g, 'x');
      const a = await admin.raw(r.method, url, r.method === 'DELETE' ? undefined : {});
      if (a.status !== 403 || a.body?.code !== 'request.csrf') wrong.push(`${r.method} ${r.url} → ${a.status} ${JSON.stringify(a.body).slice(0, 120)}`);
    }
    console.log(`CSRF: ${routes.length} state-changing signed-in routes refused without the token`);
    expect(wrong).toEqual([]);
    // The session itself is untouched: a GET still works, and with the token so does a POST.
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });

  it('does not keep a session value planted before login', async () => {
    // A value the attacker made up, and a real session of the attacker's own.
    const attacker = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    const own = await t.client().login(attacker.username, TEST_PASSWORD);
    // The victim signs in with a password alone (a two-factor sign-in ends in the same session-issuing code).
    const victimAccount = await buildAccount(t, { unitCode: '530103', roles: ['unit_reporter'] });
    const planted = own.cookie('sm_session')!;
    for (const fixed of ['attacker-chosen-session-value', planted]) {
      const victim = t.client();
      // A planted real session comes with its CSRF cookie, which the victim's page would echo.
      const headers: Record<string, string> = fixed === planted
        ? { cookie: `sm_session=${fixed}; sm_csrf=${own.csrf}`, 'x-csrf-token': own.csrf! }
        : { cookie: `sm_session=${fixed}` };
      const r = await victim.raw('POST', '/api/auth/login', { username: victimAccount.username, password: TEST_PASSWORD }, headers);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const issued = victim.cookie('sm_session');
      expect(issued).toBeTruthy();
      expect(issued).not.toBe(fixed);
      expect(String(r.headers['set-cookie'])).toMatch(/sm_session=/);
      expect((await victim.get('/api/auth/me')).body.username).toBe(victimAccount.username);
      // The planted value does not sign anyone in as the victim.
      const replay = await t.client().raw('GET', '/api/auth/me', undefined, { cookie: `sm_session=${fixed}` });
      if (fixed === planted) {
        // Still the attacker's own session, or ended by the login: never the victim's.
        if (replay.status === 200) expect(replay.body.username).toBe(attacker.username);
        else expect(replay.status).toBe(401);
        console.log(`session fixation: attacker's planted session after the victim's login → ${replay.status} ${replay.status === 200 ? replay.body.username : ''}`);
      } else expect(replay.status).toBe(401);
    }
  });

  it('slows one source after LOGIN_MAX_FAILURES (5) wrong passwords, the same generic way, while the owner elsewhere signs in', async () => {
    expect(t.config.login.maxFailures).toBe(5);
    const a = await buildAccount(t, { unitCode: '530103', roles: ['unit_reporter'] });
    const from = (ip: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: a.username, password } });
    for (let i = 0; i < 5; i++) expect((await from('198.51.100.7', `guess-${i}-xxxx`)).statusCode).toBe(401);
    const right = await from('198.51.100.7', TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('auth.invalid_credentials');
    expect(String(right.headers['set-cookie'] ?? '')).not.toMatch(/sm_session=[^;]/);
    expect((await from('203.0.113.9', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('throttles logins from one source: LOGIN_RATE_PER_MINUTE=5 answers 429', async () => {
    const strict = await startTestApp({}, { LOGIN_RATE_PER_MINUTE: '5' });
    try {
      expect(strict.config.login.perMinutePerSource).toBe(5);
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await strict.client().post('/api/auth/login', { username: 'nobody-here', password: `guess-${i}-xxxx` })).status);
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5)).toEqual([429, 429, 429]);
      // While throttled, even the right password waits.
      expect((await strict.client().post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(429);
    } finally {
      await strict.close();
    }
  });
});
