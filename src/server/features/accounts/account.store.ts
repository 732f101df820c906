import type { Queryable } from '../../db';
import type { Role } from '../../auth/actor';

export interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  unit_id: number;
  password_hash: string;
  active: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
}

export interface AccountWithUnit extends AccountRow {
  unit_code: string;
  unit_name: string;
  unit_type: string;
  unit_path: string;
  roles: Role[];
}

function baseQuery(db: Queryable) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .select(['u.code as unit_code', 'u.name as unit_name', 'u.type as unit_type', 'u.path as unit_path']);
}

async function withRoles(db: Queryable, rows: Omit<AccountWithUnit, 'roles'>[]): Promise<AccountWithUnit[]> {
  if (rows.length === 0) return [];
  const roleRows = await db
    .selectFrom('account_roles')
    .select(['account_id', 'role'])
    .where('account_id', 'in', rows.map((r) => r.id))
    .orderBy('role')
    .execute();
  const byAccount = new Map<number, Role[]>();
  for (const r of roleRows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r.role as Role]);
  return rows.map((r) => ({ ...r, roles: byAccount.get(r.id) ?? [] }));
}

export async function findAccountByUsername(db: Queryable, username: string) {
  const row = await baseQuery(db).where('a.username', '=', username).executeTakeFirst();
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function findAccountById(db: Queryable, id: number) {
  const row = await baseQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function listAccounts(db: Queryable, filter: { unitId?: number }) {
  let q = baseQuery(db);
  if (filter.unitId !== undefined) q = q.where('a.unit_id', '=', filter.unitId);
  return withRoles(db, await q.orderBy('u.path').orderBy('a.username').execute());
}

export async function insertAccount(
  db: Queryable,
  a: { username: string; displayName: string; unitId: number; passwordHash: string; mustChangePassword: boolean; now: Date },
): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values({
      username: a.username,
      display_name: a.displayName,
      unit_id: a.unitId,
      password_hash: a.passwordHash,
      active: 1,
      must_change_password: a.mustChangePassword ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      created_at: a.now.toISOString(),
      updated_at: a.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAccount(
  db: Queryable,
  id: number,
  patch: Partial<Pick<AccountRow, 'display_name' | 'unit_id' | 'active' | 'password_hash' | 'must_change_password' | 'failed_logins' | 'locked_until' | 'last_login_at'
    | 'totp_secret' | 'totp_pending_secret' | 'totp_enabled_at' | 'totp_last_step'>>,
  now: Date,
) {
  await db.updateTable('accounts').set({ ...patch, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function replaceRoles(db: Queryable, accountId: number, roles: readonly Role[]) {
  await db.deleteFrom('account_roles').where('account_id', '=', accountId).execute();
  // A role listed twice is held once (the pair is the table's primary key).
  const distinct = [...new Set(roles)];
  if (distinct.length) {
    await db.insertInto('account_roles').values(distinct.map((role) => ({ account_id: accountId, role }))).execute();
  }
}

export async function countAccounts(db: Queryable): Promise<number> {
  const r = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
