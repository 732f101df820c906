import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { passwordChecks } from '../../src/server/auth/password';
import { ADMIN_PASSWORD, describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildAccount, loginAs, TEST_PASSWORD } from '../support/factories';
import { auditRows, expectError, expectFieldError } from '../support/api';
import { Client } from '../support/client';

/** A POST /api/auth/login from a given source address. */
const loginFrom = (t: TestApp, ip: string, username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password } });

describeDb('staff accounts: uniform refusals, backoff, restrictions, two-factor, sessions, password list', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestApp({ sessionIdleMinutes: 30 });
    admin = await t.admin();
  });
  afterAll(async () => t?.close());

  describe('one answer for every failed sign-in', () => {
    it('answers unknown name, wrong password, deactivated account and a waiting source byte for byte alike, each after one argon2 check', async () => {
      const real = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      const off = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      await t.db.updateTable('accounts').set({ active: 0 }).where('id', '=', off.id).execute();
      const waiting = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      for (let i = 0; i < t.config.login.maxFailures; i++) await loginFrom(t, '192.0.2.50', waiting.username, `wrong-${i}-password`);

      const cases = {
        unknown: () => loginFrom(t, '192.0.2.1', 'no-such-person', TEST_PASSWORD),
        wrongPassword: () => loginFrom(t, '192.0.2.1', real.username, 'not-the-password'),
        deactivatedRightPassword: () => loginFrom(t, '192.0.2.1', off.username, TEST_PASSWORD),
        waitingRightPassword: () => loginFrom(t, '192.0.2.50', waiting.username, TEST_PASSWORD),
      };
      const answers: Record<string, { status: number; body: string; checks: number; cookie: unknown }> = {};
      for (const [name, send] of Object.entries(cases)) {
        const before = passwordChecks.count;
        const r = await send();
        answers[name] = { status: r.statusCode, body: r.body, checks: passwordChecks.count - before, cookie: r.headers['set-cookie'] };
      }
      const first = answers.unknown!;
      expect(first.status).toBe(401);
      expect(JSON.parse(first.body).code).toBe('auth.invalid_credentials');
      for (const [name, a] of Object.entries(answers)) {
        expect({ name, ...a }).toEqual({ name, status: 401, body: first.body, checks: 1, cookie: undefined });
      }
    });
  });

  describe('backoff per name and source, per source, per name', () => {
    it('makes one source wait 1, then 2 minutes for one name, while another source signs in; the counts are rows in the database', async () => {
      const a = await buildAccount(t, { unitCode: '530103', roles: ['unit_reporter'] });
      for (let i = 0; i < 5; i++) expect((await loginFrom(t, '198.51.100.1', a.username, `guess-${i}-guess`)).statusCode).toBe(401);
      expect((await loginFrom(t, '198.51.100.1', a.username, TEST_PASSWORD)).statusCode).toBe(401);
      expect((await loginFrom(t, '203.0.113.1', a.username, TEST_PASSWORD)).statusCode).toBe(200);
      const rows = await t.db.selectFrom('login_throttle').selectAll().where('username', '=', a.username).execute();
      expect(rows.find((r) => r.scope === 'name_source')).toMatchObject({ failures: 5, blocked_until: new Date(t.clock.now.getTime() + 60_000).toISOString() });

      t.clock.now = new Date(t.clock.now.getTime() + 61_000);
      expect((await loginFrom(t, '198.51.100.1', a.username, 'guess-again-x')).statusCode).toBe(401);
      // The sixth failure doubles the wait.
      t.clock.now = new Date(t.clock.now.getTime() + 61_000);
      expect((await loginFrom(t, '198.51.100.1', a.username, TEST_PASSWORD)).statusCode).toBe(401);
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      expect((await loginFrom(t, '198.51.100.1', a.username, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('slows a name guessed from many sources, and a source spraying many names, with the same answer', async () => {
      const strict = await startTestApp({ login: { maxFailures: 5, sourceMaxFailures: 4, accountMaxFailures: 6, maxBackoffMinutes: 60, perMinutePerSource: 1000 } });
      try {
        const a = await buildAccount(strict, { unitCode: '530102', roles: ['unit_reporter'] });
        for (let i = 0; i < 6; i++) await loginFrom(strict, `10.0.0.${i + 1}`, a.username, `guess-${i}-guess`);
        const everyone = await loginFrom(strict, '10.9.9.9', a.username, TEST_PASSWORD);
        expect([everyone.statusCode, everyone.json().code]).toEqual([401, 'auth.invalid_credentials']);

        const b = await buildAccount(strict, { unitCode: '530102', roles: ['unit_reporter'] });
        for (let i = 0; i < 4; i++) await loginFrom(strict, '10.8.8.8', `sprayed-${i}`, 'summer-2022-pass');
        expect((await loginFrom(strict, '10.8.8.8', b.username, TEST_PASSWORD)).statusCode).toBe(401);
        expect((await loginFrom(strict, '10.7.7.7', b.username, TEST_PASSWORD)).statusCode).toBe(200);

        // The office unlocks the name: its counts from every source are gone, audited.
        const office = await strict.admin();
        const listed = (await office.get('/api/accounts')).body.find((x: { id: number }) => x.id === a.id);
        expect(listed.lockedUntil).not.toBeNull();
        expect((await office.post(`/api/accounts/${a.id}/unlock`)).status).toBe(204);
        expect((await loginFrom(strict, '10.9.9.9', a.username, TEST_PASSWORD)).statusCode).toBe(200);
        expect(await auditRows(strict, { action: 'account.unlock', entityId: a.id })).toHaveLength(1);
        expect(await strict.db.selectFrom('login_throttle').select('scope').where('username', '=', a.username.toLowerCase()).execute()).toEqual([]);
      } finally {
        await strict.close();
      }
    });
  });

  describe('restricted sessions', () => {
    it('enforces must-change-password in the API: 403 everywhere but me, password and logout', async () => {
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      await t.db.updateTable('accounts').set({ must_change_password: 1 }).where('id', '=', a.id).execute();
      const c = await t.client().login(a.username, TEST_PASSWORD);
      expectError(await c.get('/api/units'), 403, 'auth.must_change_password');
      expectError(await c.get(`/api/campaigns/${t.campaignId}/obligations/mine`), 403, 'auth.must_change_password');
      const me = await c.get('/api/auth/me');
      expect(me.body).toMatchObject({ mustChangePassword: true, restriction: 'must_change_password' });
      expect((await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Kunming-Safety-2022' })).status).toBe(204);
      expect((await c.get('/api/units')).status).toBe(200);
    });

    it('limits a required-but-not-enrolled account to enrolment; the admin, the city case desk and the leading group are required, a county handler is not', async () => {
      const desk = await buildAccount(t, { unitCode: '530100-AW', roles: ['case_handler'] });
      const raw = t.client();
      const r = await raw.post('/api/auth/login', { username: desk.username, password: TEST_PASSWORD });
      expect(r.body.account).toMatchObject({ twoFactor: { enabled: false, required: true }, restriction: 'two_factor_enrolment' });
      expectError(await raw.get(`/api/campaigns/${t.campaignId}/cases?queue=all`), 403, 'auth.two_factor_enrolment_required');
      expect((await raw.get('/api/auth/two-factor')).body).toMatchObject({ enabled: false, required: true });
      const leader = await t.client().post('/api/auth/login', { username: (await buildAccount(t, { unitCode: '530100-AW', roles: ['leader'] })).username, password: TEST_PASSWORD });
      expect(leader.body.account.restriction).toBe('two_factor_enrolment');
      const county = await t.client().post('/api/auth/login', { username: (await buildAccount(t, { unitCode: '530102', roles: ['case_handler'] })).username, password: TEST_PASSWORD });
      expect(county.body.account).toMatchObject({ twoFactor: { enabled: false, required: false }, restriction: null });
    });
  });

  describe('two-factor', () => {
    it('enrols with a QR code and a code, signs in in two steps, refuses a replayed code, spends recovery codes once', async () => {
      const a = await buildAccount(t, { unitCode: '530100-AW', roles: ['city_admin'] });
      const c = t.client();
      const first = await c.post('/api/auth/login', { username: a.username, password: TEST_PASSWORD });
      expect(first.body.account.restriction).toBe('two_factor_enrolment');
      const setup = await c.post('/api/auth/two-factor/setup');
      expect(setup.status).toBe(200);
      expect(setup.body.uri).toContain(`secret=${setup.body.secret}`);
      expect(setup.body.qr).toMatch(/^data:image\/png;base64,/);
      expectFieldError(await c.post('/api/auth/two-factor/enable', { code: '000000' }), 'code');
      const enabled = await c.post('/api/auth/two-factor/enable', { code: await generate({ secret: setup.body.secret }) });
      expect(enabled.body.recoveryCodes).toHaveLength(10);
      expect((await c.get('/api/units')).status).toBe(200);
      // The secret is never stored in clear, and never shown again.
      const row = await t.db.selectFrom('accounts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(row.totp_secret).not.toContain(setup.body.secret);
      expect(JSON.stringify((await c.get('/api/auth/two-factor')).body)).not.toContain(setup.body.secret);
      expectError(await c.post('/api/auth/two-factor/setup'), 409, 'two_factor.already_enabled');
      const stored = await t.db.selectFrom('recovery_codes').select('code_hash').where('account_id', '=', a.id).execute();
      expect(stored).toHaveLength(10);
      expect(stored.map((s) => s.code_hash)).not.toContain(enabled.body.recoveryCodes[0]);

      // Password, then code: the first step gives no session.
      const step1 = await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD });
      expect(Object.keys(step1.body)).toEqual(['pendingToken']);
      expect(step1.headers['set-cookie']).toBeUndefined();
      // The code of the step used at enrolment is refused (replay), as is a made-up token.
      const replay = await t.client().post('/api/auth/login/code', { pendingToken: step1.body.pendingToken, code: await generate({ secret: setup.body.secret }) });
      expectError(replay, 401, 'auth.invalid_code');
      expectError(await t.client().post('/api/auth/login/code', { pendingToken: `${a.id}.9999999999999.x`, code: '123456' }), 401, 'auth.two_factor_pending_expired');

      const recovery = enabled.body.recoveryCodes[0];
      const viaRecovery = t.client();
      const ok = await viaRecovery.post('/api/auth/login/code', { pendingToken: step1.body.pendingToken, code: recovery.toUpperCase() });
      expect(ok.status).toBe(200);
      expect((await viaRecovery.get('/api/units')).status).toBe(200);
      const again = await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD });
      expectError(await t.client().post('/api/auth/login/code', { pendingToken: again.body.pendingToken, code: recovery }), 401, 'auth.invalid_code');
      expect((await viaRecovery.get('/api/auth/two-factor')).body.recoveryCodesLeft).toBe(9);
      const logins = await auditRows(t, { action: 'auth.login', entityId: a.id });
      expect(logins.map((l) => l.after.via)).toEqual(['password', 'recovery_code']);

      // A pending token expires after five minutes.
      const late = await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD });
      t.clock.now = new Date(t.clock.now.getTime() + 6 * 60_000);
      expectError(await t.client().post('/api/auth/login/code', { pendingToken: late.body.pendingToken, code: enabled.body.recoveryCodes[1] }), 401, 'auth.two_factor_pending_expired');
    });

    it('the owner turns it off with password and code; the office resets it, ending every session; both audited', async () => {
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      const c = await t.client().login(a.username, TEST_PASSWORD);
      const codes = await c.enrolTwoFactor(a.username);
      expectFieldError(await c.post('/api/auth/two-factor/disable', { password: 'wrong-password-x', code: codes[0] }), 'password');
      expectFieldError(await c.post('/api/auth/two-factor/disable', { password: TEST_PASSWORD, code: '12345' }), 'code');
      expect((await c.post('/api/auth/two-factor/disable', { password: TEST_PASSWORD, code: codes[0] })).status).toBe(204);
      expect((await c.get('/api/auth/two-factor')).body.enabled).toBe(false);
      expect((await t.client().post('/api/auth/login', { username: a.username, password: TEST_PASSWORD })).body.account).toBeTruthy();

      await c.enrolTwoFactor(a.username);
      expect((await admin.post(`/api/accounts/${a.id}/reset-two-factor`)).status).toBe(204);
      expect((await c.get('/api/auth/me')).status).toBe(401);
      expect((await admin.get('/api/accounts')).body.find((x: { id: number }) => x.id === a.id).twoFactorEnabled).toBe(false);
      expect((await auditRows(t, { entityId: a.id })).map((r) => r.action)).toEqual(expect.arrayContaining(['account.two_factor_enabled', 'account.two_factor_disabled', 'account.two_factor_reset']));
    });
  });

  describe('sessions', () => {
    it('ends a session unused for SESSION_IDLE_MINUTES, and writes last-seen at most once a minute', async () => {
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      const c = await t.client().login(a.username, TEST_PASSWORD);
      const seen = async () => (await t.db.selectFrom('sessions').select('last_seen_at').where('account_id', '=', a.id).executeTakeFirstOrThrow()).last_seen_at;
      const start = await seen();
      t.clock.now = new Date(t.clock.now.getTime() + 30_000);
      expect((await c.get('/api/auth/me')).status).toBe(200);
      expect(await seen()).toBe(start);
      t.clock.now = new Date(t.clock.now.getTime() + 40_000);
      expect((await c.get('/api/auth/me')).status).toBe(200);
      expect(await seen()).toBe(t.clock.now.toISOString());
      t.clock.now = new Date(t.clock.now.getTime() + 29 * 60_000);
      expect((await c.get('/api/auth/me')).status).toBe(200);
      t.clock.now = new Date(t.clock.now.getTime() + 31 * 60_000);
      expectError(await c.get('/api/auth/me'), 401, 'auth.required');
    });

    it('ends a session at its absolute end however busy it is', async () => {
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      const c = await t.client().login(a.username, TEST_PASSWORD);
      for (let h = 0; h < t.config.sessionHours * 3; h++) {
        t.clock.now = new Date(t.clock.now.getTime() + 20 * 60_000);
        if ((await c.get('/api/auth/me')).status !== 200) break;
      }
      expect((await c.get('/api/auth/me')).status).toBe(401);
      const created = Date.parse((await auditRows(t, { action: 'auth.login', entityId: a.id }))[0]!.at);
      expect(t.clock.now.getTime() - created).toBeGreaterThanOrEqual(t.config.sessionHours * 3_600_000);
      expect(t.clock.now.getTime() - created).toBeLessThan(t.config.sessionHours * 3_600_000 + 20 * 60_000);
    });

    it('lists the own sessions with a coarse browser and ends one; the office lists and ends an account\'s; audited', async () => {
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      const phone = t.client();
      await phone.raw('POST', '/api/auth/login', { username: a.username, password: TEST_PASSWORD }, {
        'user-agent': 'Mozilla/5.0 (Linux; Android 13; SM-S9180) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
      });
      const desk = await t.client().login(a.username, TEST_PASSWORD);
      const mine = await desk.get('/api/auth/sessions');
      expect(mine.body).toHaveLength(2);
      const phoneRow = mine.body.find((s: { current: boolean }) => !s.current);
      expect(phoneRow.agent).toBe('Chrome · Android');
      expect(Object.keys(phoneRow).sort()).toEqual(['agent', 'createdAt', 'current', 'expiresAt', 'id', 'lastSeenAt']);
      expect((await desk.delete(`/api/auth/sessions/${phoneRow.id}`)).status).toBe(204);
      expect((await phone.get('/api/auth/me')).status).toBe(401);

      const office = await t.admin();
      const listed = await office.get(`/api/accounts/${a.id}/sessions`);
      expect(listed.body).toHaveLength(1);
      expect((await office.delete(`/api/accounts/${a.id}/sessions/${listed.body[0].id}`)).status).toBe(204);
      expect((await desk.get('/api/auth/me')).status).toBe(401);
      expect(await auditRows(t, { action: 'auth.session_revoked', entityId: a.id })).toHaveLength(2);
      // Another account's session cannot be ended through one's own list.
      const other = await t.client().login(a.username, TEST_PASSWORD);
      const otherId = (await other.get('/api/auth/sessions')).body[0].id;
      const stranger = await loginAs(t, 'unit_reporter', '530102');
      expect((await stranger.delete(`/api/auth/sessions/${otherId}`)).status).toBe(204);
      expect((await other.get('/api/auth/me')).status).toBe(200);
    });
  });

  describe('new passwords', () => {
    it.each(['woaini1314', 'qq123456789', '1234567890', 'Password123!', 'Zhangwei19870615', 'admin-2022'])('refuses the common or guessable %s, naming the new-password field in both languages', async (pw) => {
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'], username: `admin_${Math.random().toString(16).slice(2, 8)}` });
      const c = await t.client().login(a.username, TEST_PASSWORD);
      const guess = pw === 'admin-2022' ? `${a.username}2022` : pw;
      const r = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: guess });
      expectFieldError(r, 'newPassword');
      expect(r.body.fields[0].message).toMatch(/新密码/);
      expect(r.body.fields[0].messageEn).toMatch(/new password/);
    });

    it('refuses a listed password when the office sets one, and one built from the unit code', async () => {
      const admin = await t.admin();
      const unit = (await admin.get('/api/units')).body.find((u: { code: string }) => u.code === '530102');
      expectFieldError(await admin.post('/api/accounts', { username: 'common_pw', displayName: '弱密码', unitId: unit.id, roles: ['unit_reporter'], password: 'a123456789' }), 'password');
      const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
      expectFieldError(await admin.post(`/api/accounts/${a.id}/reset-password`, { password: '530102530102' }), 'password');
      expect((await admin.post(`/api/accounts/${a.id}/reset-password`, { password: 'Dianchi-lake-ferry-7' })).status).toBe(200);
    });
  });

  it('forgets failure counts a day old, so made-up names do not pile up in the database', async () => {
    const rowsOf = (name: string) => t.db.selectFrom('login_throttle').select('scope').where('username', '=', name).execute();
    await loginFrom(t, '192.0.2.99', 'made-up-name-xyz', 'whatever-password');
    expect(await rowsOf('made-up-name-xyz')).toHaveLength(2);
    t.clock.now = new Date(t.clock.now.getTime() + 25 * 3_600_000);
    const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    expect((await loginFrom(t, '192.0.2.98', a.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await rowsOf('made-up-name-xyz')).toEqual([]);
  });

  it('keeps the bootstrap administrator signed in through the helpers', async () => {
    expect((await (await t.admin()).get('/api/auth/me')).body).toMatchObject({ username: 'admin', twoFactor: { enabled: true, required: true }, restriction: null });
    expect(ADMIN_PASSWORD).toBeTruthy();
  });
});
