import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, describeDb, startTestApp, type TestApp } from '../support/harness';
import { buildAccount, buildUnit, loginAs, TEST_PASSWORD } from '../support/factories';
import type { Answer, Client } from '../support/client';
import { auditRows, countRows, expectError, expectFieldError, expectGarbageRefused, unitByCode } from '../support/api';

/** Nothing that looks like a stored password may leave the server. */
function expectNoSecrets(r: Answer) {
  const text = JSON.stringify(r.body);
  expect(text).not.toMatch(/password_?hash/i);
  expect(text).not.toContain('$argon2');
}

describeDb('accounts: issued by the city office', () => {
  let t: TestApp;
  let admin: Client;
  let adminId: number;
  let wuhuaId: number;
  let cityId: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
    adminId = (await t.db.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    wuhuaId = (await unitByCode(t, '530102')).id;
    cityId = (await unitByCode(t, '530100-AW')).id;
  });
  afterAll(async () => t?.close());

  const login = (username: string, password: string) => t.client().post('/api/auth/login', { username, password });

  it('creates an account whose owner must change the password at first login; audited, no hash anywhere', async () => {
    const r = await admin.post('/api/accounts', {
      username: 'wuhua.liaison', displayName: '五华区联络员', unitId: wuhuaId, roles: ['unit_reporter'], password: 'initial-pass-2022',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username: 'wuhua.liaison', displayName: '五华区联络员', unit: { id: wuhuaId, code: '530102', name: '五华区' },
      roles: ['unit_reporter'], active: true, lockedUntil: null, lastLoginAt: null,
    });
    expectNoSecrets(r);
    const row = await t.db.selectFrom('accounts').selectAll().where('username', '=', 'wuhua.liaison').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.must_change_password).toBe(1);

    const c = t.client();
    const first = await c.post('/api/auth/login', { username: 'wuhua.liaison', password: 'initial-pass-2022' });
    expect(first.status).toBe(200);
    expect(first.body.account.mustChangePassword).toBe(true);
    const me = await c.get('/api/auth/me');
    expect(me.body).toMatchObject({ username: 'wuhua.liaison', mustChangePassword: true, unit: { code: '530102', type: 'county' } });
    expectNoSecrets(me);

    const [a, ...more] = await auditRows(t, { action: 'account.create', entityId: row.id });
    expect(more).toHaveLength(0);
    expect(a!.actor_id).toBe(adminId);
    expect(a!.after).toMatchObject({ username: 'wuhua.liaison', roles: ['unit_reporter'] });
    expect(a!.after_json).not.toContain('argon2');
    expect(a!.after_json).not.toContain('initial-pass-2022');
  });

  it('refuses a user name already taken: 409, still one account', async () => {
    await buildAccount(t, { unitCode: '530103', roles: ['unit_reporter'], username: 'panlong.one' });
    const r = await admin.post('/api/accounts', { username: 'panlong.one', displayName: '重名', unitId: wuhuaId, roles: ['unit_reporter'], password: 'another-pass-2022' });
    expectError(r, 409, 'account.username_taken');
    expect(r.body.fields).toEqual([{ field: 'username', message: '用户名 panlong.one 已存在', messageEn: 'User name panlong.one already exists' }]);
    expect(await t.db.selectFrom('accounts').select('id').where('username', '=', 'panlong.one').execute()).toHaveLength(1);
  });

  it('refuses weak passwords and malformed user names, naming the field', async () => {
    const before = await countRows(t, 'accounts');
    const body = { username: 'good_name', displayName: '某人', unitId: wuhuaId, roles: ['unit_reporter'] };
    const short = await admin.post('/api/accounts', { ...body, password: 'short' });
    expectFieldError(short, 'password');
    expect(short.body.fields[0]).toMatchObject({ message: '密码至少 10 个字符', messageEn: 'A password has at least 10 characters' });
    const same = await admin.post('/api/accounts', { ...body, username: 'samesame_name', password: 'SameSame_Name' });
    expectFieldError(same, 'password');
    expect(same.body.fields[0].message).toBe('密码不能与用户名相同');

    for (const username of ['a b', 'ab', '张三', 'x'.repeat(33), 'bad/name']) {
      const r = await admin.post('/api/accounts', { ...body, username, password: 'long-enough-2022' });
      expectFieldError(r, 'username');
      expect(r.body.fields[0]).toMatchObject({
        message: '用户名为 3–32 位字母、数字、下划线、点或连字符', messageEn: 'A user name has 3–32 letters, digits, underscores, dots or hyphens',
      });
    }
    expectFieldError(await admin.post('/api/accounts', { ...body, roles: [], password: 'long-enough-2022' }), 'roles');
    expectFieldError(await admin.post('/api/accounts', { ...body, roles: ['superuser'], password: 'long-enough-2022' }), 'roles.0');
    expect(await countRows(t, 'accounts')).toBe(before);
  });

  it('keeps city-wide roles to the city office, and accounts to units that exist and are active', async () => {
    const before = await countRows(t, 'accounts');
    const base = { displayName: '某人', password: 'long-enough-2022' };
    const r = await admin.post('/api/accounts', { ...base, username: 'county_admin', unitId: wuhuaId, roles: ['city_admin'] });
    expectFieldError(r, 'roles', 'account.role_outside_unit');
    expect(r.body.fields[0].message).toBe('角色 city_admin 不能授予 county 类型单位的账号');
    expect(r.body.fields[0].messageEn).toBe('Role city_admin cannot be given to an account of a county unit');
    expectFieldError(await admin.post('/api/accounts', { ...base, username: 'county_leader', unitId: wuhuaId, roles: ['unit_reporter', 'leader'] }), 'roles', 'account.role_outside_unit');

    const missing = await admin.post('/api/accounts', { ...base, username: 'nowhere', unitId: 987654, roles: ['unit_reporter'] });
    expectFieldError(missing, 'unitId', 'unit.missing');
    expect(missing.body.fields[0].message).toBe('单位不存在');
    const closed = await buildUnit(t, { parentCode: '530102' });
    await admin.post(`/api/units/${closed.id}/deactivate`);
    expectFieldError(await admin.post('/api/accounts', { ...base, username: 'closed_unit', unitId: closed.id, roles: ['unit_reporter'] }), 'unitId', 'unit.inactive');
    expect(await countRows(t, 'accounts')).toBe(before);

    // The same rule holds when an existing account is edited.
    const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    expectFieldError(await admin.patch(`/api/accounts/${a.id}`, { roles: ['city_admin'] }), 'roles', 'account.role_outside_unit');
    const boss = await buildAccount(t, { unitCode: '530100-AW', roles: ['leader'] });
    expectFieldError(await admin.patch(`/api/accounts/${boss.id}`, { unitId: wuhuaId }), 'roles', 'account.role_outside_unit');
    const roles = await t.db.selectFrom('account_roles').select('role').where('account_id', '=', a.id).execute();
    expect(roles.map((x) => x.role)).toEqual(['unit_reporter']);
    expect((await t.db.selectFrom('accounts').select('unit_id').where('id', '=', boss.id).executeTakeFirstOrThrow()).unit_id).toBe(cityId);
  });

  it('refuses leaders and reporters every account operation, and writes nothing', async () => {
    const target = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    const leader = await loginAs(t, 'leader', '530100-AW');
    const reporter = await loginAs(t, 'unit_reporter', '530102');
    const approver = await loginAs(t, ['unit_reporter', 'unit_approver'], '530102');
    const accounts = await countRows(t, 'accounts');
    const audits = await countRows(t, 'audit_log');
    for (const c of [leader, reporter, approver]) {
      expectError(await c.get('/api/accounts'), 403, 'request.forbidden');
      expectError(await c.post('/api/accounts', { username: 'sneaky1', displayName: 'x', unitId: wuhuaId, roles: ['city_admin'], password: 'long-enough-2022' }), 403, 'request.forbidden');
      expectError(await c.patch(`/api/accounts/${target.id}`, { roles: ['city_admin'] }), 403, 'request.forbidden');
      expectError(await c.post(`/api/accounts/${target.id}/reset-password`, { password: 'taken-over-2022' }), 403, 'request.forbidden');
    }
    expect(await countRows(t, 'accounts')).toBe(accounts);
    expect((await countRows(t, 'audit_log')) - audits).toBe(0);
    // The target's password still works: no reset happened.
    expect((await login(target.username, TEST_PASSWORD)).status).toBe(200);
  });

  it('lists accounts, filtered by unit, without any password material', async () => {
    const a = await buildAccount(t, { unitCode: '530111', roles: ['unit_reporter'] });
    const all = await admin.get('/api/accounts');
    expect(all.status).toBe(200);
    expect(all.body.map((x: { username: string }) => x.username)).toEqual(expect.arrayContaining(['admin', a.username]));
    expectNoSecrets(all);
    for (const x of all.body) expect(Object.keys(x).sort()).toEqual(['active', 'createdAt', 'displayName', 'id', 'lastLoginAt', 'lockedUntil', 'roles', 'twoFactorEnabled', 'unit', 'username']);
    const guandu = await admin.get(`/api/accounts?unitId=${a.unit.id}`);
    expect(guandu.body.map((x: { username: string }) => x.username)).toEqual([a.username]);
    expectFieldError(await admin.get('/api/accounts?unitId=abc'), 'query.unitId');
  });

  it('ends the sessions of an account whose roles or unit change; a name change does not', async () => {
    const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    const session = await t.client().login(a.username, TEST_PASSWORD);
    const renamed = await admin.patch(`/api/accounts/${a.id}`, { displayName: '新名字' });
    expect(renamed.body.displayName).toBe('新名字');
    expect((await session.get('/api/auth/me')).status).toBe(200);

    const r = await admin.patch(`/api/accounts/${a.id}`, { roles: ['unit_reporter', 'unit_approver'] });
    expect(r.status).toBe(200);
    expect(r.body.roles).toEqual(['unit_approver', 'unit_reporter']);
    expectNoSecrets(r);
    expectError(await session.get('/api/auth/me'), 401, 'auth.required');
    const again = await t.client().login(a.username, TEST_PASSWORD);
    expect((await again.get('/api/auth/me')).body.roles).toEqual(['unit_approver', 'unit_reporter']);

    const moved = await admin.patch(`/api/accounts/${a.id}`, { unitId: (await unitByCode(t, '530103')).id });
    expect(moved.body.unit.code).toBe('530103');
    expect((await again.get('/api/auth/me')).status).toBe(401);

    const updates = await auditRows(t, { action: 'account.update', entityId: a.id });
    expect(updates).toHaveLength(3);
    expect(updates[1]!.before.roles).toEqual(['unit_reporter']);
    expect(updates[1]!.after.roles).toEqual(['unit_approver', 'unit_reporter']);
    expect(updates[2]!.before.unit.code).toBe('530102');
    expect(updates[2]!.after.unit.code).toBe('530103');
    expectError(await admin.patch('/api/accounts/987654', { displayName: 'x' }), 404, 'request.not_found');
  });

  it('takes a role given twice as given once', async () => {
    const r = await admin.post('/api/accounts', {
      username: 'twice_roles', displayName: '重复角色', unitId: wuhuaId, roles: ['unit_reporter', 'unit_reporter'], password: 'long-enough-2022',
    });
    expect(r.status).toBe(201);
    expect(r.body.roles).toEqual(['unit_reporter']);
    const p = await admin.patch(`/api/accounts/${r.body.id}`, { roles: ['case_handler', 'case_handler', 'unit_reporter'] });
    expect(p.status).toBe(200);
    expect(p.body.roles).toEqual(['case_handler', 'unit_reporter']);
  });

  it('deactivates an account: its session ends and it cannot log in until reactivated', async () => {
    const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    const session = await t.client().login(a.username, TEST_PASSWORD);
    const r = await admin.patch(`/api/accounts/${a.id}`, { active: false });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const refused = await login(a.username, TEST_PASSWORD);
    // The right password of a deactivated account is not confirmed: the answer of a wrong one.
    expectError(refused, 401, 'auth.invalid_credentials');
    expect(await t.db.selectFrom('sessions').select('token_hash').where('account_id', '=', a.id).execute()).toHaveLength(0);

    expect((await admin.patch(`/api/accounts/${a.id}`, { active: true })).body.active).toBe(true);
    expect((await login(a.username, TEST_PASSWORD)).status).toBe(200);
    const [off] = await auditRows(t, { action: 'account.update', entityId: a.id });
    expect(off!.before.active).toBe(true);
    expect(off!.after.active).toBe(false);
  });

  it('does not let the administrator deactivate itself', async () => {
    const r = await admin.patch(`/api/accounts/${adminId}`, { active: false });
    expectFieldError(r, 'active', 'account.cannot_deactivate_self');
    expect(r.body.fields[0].message).toBe('不能停用自己的账号');
    expect((await t.db.selectFrom('accounts').select('active').where('id', '=', adminId).executeTakeFirstOrThrow()).active).toBe(1);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    expect((await auditRows(t, { action: 'account.update', entityId: adminId }))).toHaveLength(0);
  });

  it('resets a password: a generated one that works once shown, the old one stops, sessions end', async () => {
    const a = await buildAccount(t, { unitCode: '530112', roles: ['unit_reporter'] });
    const session = await t.client().login(a.username, TEST_PASSWORD);
    const r = await admin.post(`/api/accounts/${a.id}/reset-password`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['password']);
    expect(r.body.password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{14}$/);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expectError(await login(a.username, TEST_PASSWORD), 401, 'auth.invalid_credentials');
    const fresh = t.client();
    const ok = await fresh.post('/api/auth/login', { username: a.username, password: r.body.password });
    expect(ok.status).toBe(200);
    expect(ok.body.account.mustChangePassword).toBe(true);

    // The office may dictate one, but not a weak one.
    expectFieldError(await admin.post(`/api/accounts/${a.id}/reset-password`, { password: 'short' }), 'password');
    expect((await admin.post(`/api/accounts/${a.id}/reset-password`, { password: 'dictated-pass-2022' })).body).toEqual({ password: 'dictated-pass-2022' });
    expect((await login(a.username, 'dictated-pass-2022')).status).toBe(200);
    expectError(await admin.post('/api/accounts/987654/reset-password'), 404, 'request.not_found');

    const resets = await auditRows(t, { action: 'account.password_reset', entityId: a.id });
    expect(resets).toHaveLength(2);
    expect(resets.every((x) => x.actor_id === adminId && x.before === null && x.after === null)).toBe(true);
  });

  it('audits every account write and never shows a password through the audit log', async () => {
    const log = await admin.get('/api/audit?entityType=account&pageSize=200');
    expect(log.status).toBe(200);
    const actions = new Set(log.body.items.map((x: { action: string }) => x.action));
    for (const a of ['account.create', 'account.update', 'account.password_reset']) expect(actions).toContain(a);
    expectNoSecrets(log);
    expect(JSON.stringify(log.body)).not.toContain('dictated-pass-2022');
    expect(JSON.stringify(log.body)).not.toContain(ADMIN_PASSWORD);
  });

  it('never answers garbage with a server error', async () => {
    const before = await countRows(t, 'accounts');
    const a = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    await expectGarbageRefused(admin, 'post', '/api/accounts');
    await expectGarbageRefused(admin, 'patch', `/api/accounts/${a.id}`);
    await expectGarbageRefused(admin, 'post', `/api/accounts/${a.id}/reset-password`);
    for (const q of ['unitId=99999999999', 'unitId=-3', 'unitId=x1', 'unitId=1e999']) {
      const r = await admin.get(`/api/accounts?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect(await countRows(t, 'accounts')).toBe(before + 1);
    expect((await login(a.username, TEST_PASSWORD)).status).toBe(200);
  });
});
