import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, testDialect, type TestApp } from '../support/harness';
import { buildAccount, loginAs, TEST_PASSWORD } from '../support/factories';
import type { Client } from '../support/client';
import { countRows, expectError, expectFieldError, expectGarbageRefused, unitByCode } from '../support/api';

type Item = {
  id: number; at: string; action: string; entityType: string; entityId: string | null;
  actor: { id: number; username: string } | null; unit: { id: number; name: string } | null;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null;
};

describeDb('audit: an append-only record of every write', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let reporter: Client;
  let unitId: number;
  let accountId: number;
  let reporterName: string;

  beforeAll(async () => {
    t = await startTestApp({ sessionHours: 24 * 365 });
    admin = await t.admin();
    leader = await loginAs(t, 'leader', '530100-AW');
    const r = await buildAccount(t, { unitCode: '530102', roles: ['unit_reporter'] });
    reporterName = r.username;
    reporter = await t.client().login(r.username, TEST_PASSWORD);

    // Three writes on three days (Shanghai time).
    const wuhua = await unitByCode(t, '530102');
    t.clock.now = new Date('2022-06-01T20:00:00+08:00');
    unitId = (await admin.post('/api/units', { code: 'AUD-1', name: '审计街道', type: 'township', parentId: wuhua.id })).body.id;
    t.clock.now = new Date('2022-06-02T10:00:00+08:00');
    await admin.patch(`/api/units/${unitId}`, { name: '审计街道（改）' });
    t.clock.now = new Date('2022-06-03T10:00:00+08:00');
    accountId = (await admin.post('/api/accounts', { username: 'audit.target', displayName: '审计对象', unitId: wuhua.id, roles: ['unit_reporter'], password: 'long-enough-2022' })).body.id;
  });
  afterAll(async () => t?.close());

  const page = async (c: Client, query = '') => {
    const r = await c.get(`/api/audit${query ? `?${query}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { items: Item[]; total: number };
  };

  it('lists the writes newest first, with who, from which unit, and what changed', async () => {
    const { items, total } = await page(admin, 'pageSize=200');
    expect(total).toBe(await countRows(t, 'audit_log'));
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
    const [create, update, account] = [
      items.find((i) => i.action === 'unit.create' && i.entityId === String(unitId))!,
      items.find((i) => i.action === 'unit.update' && i.entityId === String(unitId))!,
      items.find((i) => i.action === 'account.create' && i.entityId === String(accountId))!,
    ];
    expect(items.indexOf(account)).toBeLessThan(items.indexOf(update));
    expect(items.indexOf(update)).toBeLessThan(items.indexOf(create));
    const city = await unitByCode(t, '530100-AW');
    expect(update).toMatchObject({
      at: '2022-06-02T02:00:00.000Z', entityType: 'unit',
      actor: { username: 'admin' }, unit: { id: city.id, name: '昆明市安全生产委员会办公室' },
      before: { name: '审计街道' }, after: { name: '审计街道（改）' },
    });
    expect(create).toMatchObject({ before: null, after: { code: 'AUD-1', name: '审计街道' } });
    expect(account.after).toMatchObject({ username: 'audit.target', roles: ['unit_reporter'] });
    // The first start's records have no actor: the system wrote them.
    expect(items.find((i) => i.action === 'campaign.import')).toMatchObject({ actor: null, unit: null });

    expect((await page(leader, 'pageSize=200')).total).toBe(total);
  });

  it('filters by action, entity type, entity, actor and time window', async () => {
    const updates = await page(admin, 'action=unit.update');
    expect(updates.items.length).toBeGreaterThanOrEqual(1);
    expect(updates.items.every((i) => i.action === 'unit.update')).toBe(true);
    expect(updates.total).toBe(updates.items.length);

    const accounts = await page(admin, 'entityType=account&pageSize=200');
    expect(accounts.items.every((i) => i.entityType === 'account')).toBe(true);
    expect(accounts.items.map((i) => i.action)).toEqual(expect.arrayContaining(['account.create', 'auth.login']));

    const one = await page(admin, `entityType=unit&entityId=${unitId}`);
    expect(one.items.map((i) => i.action)).toEqual(['unit.update', 'unit.create']);

    const byReporter = await page(admin, `actor=${reporterName}`);
    expect(byReporter.items.map((i) => i.action)).toEqual(['auth.login']);
    expect(byReporter.items[0]!.unit!.name).toBe('五华区');
    const byAdmin = await page(admin, 'actor=admin&pageSize=200');
    expect(byAdmin.items.every((i) => i.actor?.username === 'admin')).toBe(true);
    expect(byAdmin.items.map((i) => i.action)).toEqual(expect.arrayContaining(['unit.create', 'unit.update', 'account.create']));
    expect((await page(admin, 'actor=nobody-at-all')).total).toBe(0);

    // 2 June, Shanghai: the edit only. 20:00 on 1 June Shanghai is 12:00 UTC, still outside.
    const day = await page(admin, `from=${encodeURIComponent('2022-06-02T00:00:00+08:00')}&to=${encodeURIComponent('2022-06-03T00:00:00+08:00')}`);
    expect(day.items.map((i) => [i.action, i.entityId])).toEqual([['unit.update', String(unitId)]]);
    const from = await page(admin, `from=${encodeURIComponent('2022-06-01T12:00:00Z')}&to=2022-06-04T00:00:00Z`);
    expect(from.items.map((i) => i.action)).toEqual(['account.create', 'unit.update', 'unit.create']);
    const combined = await page(admin, `action=unit.create&from=2022-06-01T00:00:00Z&to=2022-06-02T00:00:00Z`);
    expect(combined.items.map((i) => i.entityId)).toEqual([String(unitId)]);
  });

  it('pages through the log', async () => {
    const all = await page(admin, 'pageSize=200');
    const p1 = await page(admin, 'page=1&pageSize=2');
    const p2 = await page(admin, 'page=2&pageSize=2');
    expect(p1.total).toBe(all.total);
    expect(p1.items).toHaveLength(2);
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual(all.items.slice(0, 4).map((i) => i.id));
    const last = await page(admin, `page=${all.total + 1}&pageSize=1`);
    expect(last.items).toEqual([]);
    expect(last.total).toBe(all.total);
    expect((await page(admin)).items).toHaveLength(Math.min(20, all.total));
    expectFieldError(await admin.get('/api/audit?pageSize=201'), 'query.pageSize');
    expectFieldError(await admin.get('/api/audit?page=0'), 'query.page');
    expectFieldError(await admin.get('/api/audit?from=yesterday'), 'query.from');
    expectFieldError(await admin.get('/api/audit?to=2022-06-01'), 'query.to');
  });

  it('is read by the office and the leaders only', async () => {
    expectError(await reporter.get('/api/audit'), 403, 'request.forbidden');
    const approver = await loginAs(t, ['unit_reporter', 'unit_approver', 'reviewer'], '530103');
    expectError(await approver.get('/api/audit'), 403, 'request.forbidden');
    expectError(await t.client().get('/api/audit'), 401, 'auth.required');
  });

  it('cannot be rewritten: the database refuses UPDATE and DELETE on audit_log', async () => {
    const before = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    await expect(sql`UPDATE audit_log SET action = 'tampered'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_log SET after_json = NULL WHERE id = ${before[0]!.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${before[before.length - 1]!.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(t.db.updateTable('audit_log').set({ actor_id: null }).execute()).rejects.toThrow();
    await expect(t.db.deleteFrom('audit_log').where('action', '=', 'unit.update').execute()).rejects.toThrow();
    if (testDialect === 'postgres') {
      await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    }
    expect(await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
    // Appending still works.
    await admin.patch(`/api/units/${unitId}`, { shortName: '审计' });
    expect(await countRows(t, 'audit_log')).toBe(before.length + 1);
  });

  it('has no route that changes it', async () => {
    const before = await countRows(t, 'audit_log');
    for (const [method, url] of [
      ['PUT', '/api/audit'], ['DELETE', '/api/audit'], ['POST', '/api/audit'], ['PATCH', '/api/audit'],
      ['PUT', '/api/audit/1'], ['DELETE', '/api/audit/1'], ['PATCH', '/api/audit/1'],
    ] as const) {
      const r = await admin.raw(method, url, method === 'DELETE' ? undefined : { action: 'x' });
      expectError(r, 404, 'request.not_found');
    }
    expect(await countRows(t, 'audit_log')).toBe(before);
  });

  it('never answers garbage with a server error', async () => {
    for (const q of [
      'pageSize=abc', 'page=-1', 'page=1e9', 'from=2022-02-30T00:00:00Z', 'to=%00', `actor=${'x'.repeat(5000)}`,
      `action=${encodeURIComponent("' OR 1=1 --")}`, 'entityId=1&entityId=2', 'from=275760-09-13T00:00:00Z',
    ]) {
      const r = await admin.get(`/api/audit?${q}`);
      expect(r.status, `${q} → ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
      expect([200, 400]).toContain(r.status);
    }
    expect((await page(admin, `action=${encodeURIComponent("' OR 1=1 --")}`)).total).toBe(0);
    await expectGarbageRefused(admin, 'put', '/api/audit');
    await expectGarbageRefused(admin, 'post', '/api/audit');
  });
});
