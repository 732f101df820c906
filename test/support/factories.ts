import crypto from 'node:crypto';
import type { Role } from '../../src/server/auth/actor';
import { hashPassword } from '../../src/server/auth/password';
import { findUnitByCode, insertUnit } from '../../src/server/features/orgs/unit.store';
import { insertAccount, replaceRoles } from '../../src/server/features/accounts/account.store';
import { startTestApp, type TestApp } from './harness';
import type { Client } from './client';

export const TEST_PASSWORD = 'unit-password-2022';
let hashed: Promise<string> | undefined;

/** A unit under an existing one (by code), written straight through the store. */
export async function buildUnit(t: TestApp, opts: { parentCode: string; type?: string; code?: string; name?: string }) {
  const parent = await findUnitByCode(t.db, opts.parentCode);
  if (!parent) throw new Error(`no unit ${opts.parentCode}`);
  const code = opts.code ?? `T${crypto.randomBytes(3).toString('hex')}`;
  return insertUnit(t.db, {
    code, name: opts.name ?? `测试单位${code}`, shortName: code, type: opts.type ?? 'township', parent, sortOrder: 0, now: new Date(),
  });
}

/** An account with the given roles at the unit with this code; the password is TEST_PASSWORD. */
export async function buildAccount(t: TestApp, opts: { unitCode: string; roles: Role[]; username?: string }) {
  const unit = await findUnitByCode(t.db, opts.unitCode);
  if (!unit) throw new Error(`no unit ${opts.unitCode}`);
  const username = opts.username ?? `u_${crypto.randomBytes(4).toString('hex')}`;
  hashed ??= hashPassword(TEST_PASSWORD);
  const id = await insertAccount(t.db, { username, displayName: username, unitId: unit.id, passwordHash: await hashed, mustChangePassword: false, now: new Date() });
  await replaceRoles(t.db, id, opts.roles);
  return { id, username, unit };
}

/** A signed-in client for a fresh account with these roles at this unit. */
export async function loginAs(t: TestApp, roles: Role | Role[], unitCode: string): Promise<Client> {
  const a = await buildAccount(t, { unitCode, roles: Array.isArray(roles) ? roles : [roles] });
  return t.client().login(a.username, TEST_PASSWORD);
}

/** The people most campaign tests need: the office's admin, the leading group, reporters of 五华区 and 盘龙区. */
export async function campaignCast(t: TestApp) {
  return {
    admin: await t.admin(),
    leader: await loginAs(t, 'leader', '530100-AW'),
    wuhua: await loginAs(t, 'unit_reporter', '530102'),
    panlong: await loginAs(t, 'unit_reporter', '530103'),
  };
}

/** An app for a campaign's tests, its sessions outliving their clock moves (days, not hours), with the cast signed in. */
export async function startCampaignApp() {
  const t = await startTestApp({ sessionHours: 24 * 365 });
  return { t, ...(await campaignCast(t)) };
}
