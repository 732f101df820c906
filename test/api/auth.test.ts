import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildAccount, loginAs, TEST_PASSWORD } from '../support/factories';

describeDb('auth: login, sessions, lockout, CSRF', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ login: { maxFailures: 3, sourceMaxFailures: 50, accountMaxFailures: 200, maxBackoffMinutes: 60, perMinutePerSource: 1000 } }); });
  afterAll(async () => t?.close());

  it('logs in, reads itself, logs out; the session is gone afterwards', async () => {
    const c = t.client();
    const r = await c.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.account).toMatchObject({ username: 'admin', roles: ['city_admin'], unit: { type: 'city_office' } });
    expect(r.body.account).not.toHaveProperty('passwordHash');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/sm_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect((await c.get('/api/auth/me')).body.username).toBe('admin');
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a wrong password with a bilingual message and no session', async () => {
    const c = t.client();
    const r = await c.post('/api/auth/login', { username: 'admin', password: 'wrong-password' });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'auth.invalid_credentials', message: '用户名或密码错误', messageEn: 'Wrong user name or password' });
    expect((await c.get('/api/auth/me')).status).toBe(401);
    // The failure reset the counter for admin only after a success; keep admin usable for other tests.
    await t.client().login('admin', ADMIN_PASSWORD);
  });

  it('an unknown user name answers exactly like a wrong password', async () => {
    const r = await t.client().post('/api/auth/login', { username: 'nobody-here', password: 'whatever-1234' });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.invalid_credentials');
  });

  it('makes a source wait after repeated failures for one name, even with the right password, and audits the failures', async () => {
    const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    for (let i = 0; i < 3; i++) expect((await t.client().post('/api/auth/login', { username: a.username, password: 'bad-guess-000' })).status).toBe(401);
    const waiting = await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD });
    expect(waiting.status).toBe(401);
    expect(waiting.body.code).toBe('auth.invalid_credentials');
    // After the first wait (one minute) the right password works again.
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    expect((await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD })).status).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(a.id)).execute();
    expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.login']));
  });

  it('throttles a password-guessing loop from one source', async () => {
    const strict = await startTestApp({ login: { maxFailures: 1000, sourceMaxFailures: 50, accountMaxFailures: 200, maxBackoffMinutes: 60, perMinutePerSource: 5 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await strict.client().post('/api/auth/login', { username: 'admin', password: `guess-${i}` })).status);
      expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
      expect(codes.slice(5)).toEqual([429, 429]);
    } finally {
      await strict.close();
    }
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const c = await t.admin();
    c.sendCsrf = false;
    const r = await c.post('/api/units', { code: 'X1', name: '无令牌', type: 'township', parentId: 1 });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('request.csrf');
    const count = await t.db.selectFrom('units').select('id').where('code', '=', 'X1').execute();
    expect(count).toHaveLength(0);
  });

  it('refuses a login body that is not JSON-shaped, naming the field', async () => {
    const r = await t.client().post('/api/auth/login', { username: 'admin' });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([expect.objectContaining({ field: 'password' })]);
    expect(r.body.message).toMatch(/^password：/);
    expect(r.body.messageEn).toMatch(/^password: /);
  });

  it('changes the own password: the old one stops working and other sessions end', async () => {
    const a = await buildAccount(t, { unitCode: '530103', roles: ['unit_reporter'] });
    const first = await t.client().login(a.username, TEST_PASSWORD);
    const second = await t.client().login(a.username, TEST_PASSWORD);
    const weak = await first.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.fields[0]).toMatchObject({ field: 'newPassword', message: '密码至少 10 个字符' });
    const wrong = await first.post('/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'a-much-better-one' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].field).toBe('currentPassword');
    expect((await first.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-much-better-one' })).status).toBe(204);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect((await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD })).status).toBe(401);
    await t.client().login(a.username, 'a-much-better-one');
  });

  it('health answers without a session; other API routes need one', async () => {
    const c = t.client();
    expect((await c.get('/api/health')).body).toEqual({ status: 'ok' });
    expect((await c.get('/api/units')).status).toBe(401);
    const reporter = await loginAs(t, 'unit_reporter', '530102');
    expect((await reporter.get('/api/units')).status).toBe(200);
  });
});
