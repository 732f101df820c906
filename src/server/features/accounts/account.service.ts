import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor, Role } from '../../auth/actor';
import { generatePassword, hashPassword } from '../../auth/password';
import { fail, invalidFields, notFound } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { passwordProblems } from '../../auth/password-policy';
import { deleteSessionsOf } from '../auth/session.store';
import { blockedUntilOf, deleteThrottleOf } from '../auth/login-throttle.store';
import { findUnit } from '../orgs/unit.store';
import type { createAccountBody, updateAccountBody } from './account.schema';
import { presentAccount } from './account.presenter';
import { findAccountById, findAccountByUsername, insertAccount, listAccounts, replaceRoles, updateAccount } from './account.store';

/** Roles that act for the whole city belong to accounts of the city office only. */
const CITY_OFFICE_ONLY: Role[] = ['city_admin', 'leader'];

async function checkRolesFitUnit(tx: Queryable, unitId: number, roles: readonly Role[]) {
  const unit = await findUnit(tx, unitId);
  if (!unit) throw fail(400, 'unit.missing', {}, 'unitId');
  if (!unit.active) throw fail(400, 'unit.inactive', {}, 'unitId');
  const misfit = roles.find((r) => CITY_OFFICE_ONLY.includes(r) && unit.type !== 'city_office');
  if (misfit) throw fail(400, 'account.role_outside_unit', { role: misfit, unitType: unit.type }, 'roles');
}

export function accountService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  return {
    async list(filter: { unitId?: number }) {
      const rows = await listAccounts(db, filter);
      const blocked = await blockedUntilOf(db, rows.map((r) => r.username), now());
      return rows.map((r) => presentAccount({ ...r, blocked_until: blocked.get(r.username.toLowerCase()) ?? null }));
    },

    /** Clears every failed-login count against this account's name, from every source. */
    async unlock(actor: Actor, id: number) {
      const account = await findAccountById(db, id);
      if (!account) throw notFound();
      const at = now();
      await db.transaction().execute(async (tx) => {
        await deleteThrottleOf(tx, account.username);
        await updateAccount(tx, id, { failed_logins: 0, locked_until: null }, at);
        await audit(tx, actor, 'account.unlock', { type: 'account', id }, {}, at);
      });
    },

    async create(actor: Actor, body: z.infer<typeof createAccountBody>) {
      const problems = passwordProblems(body.password, { username: body.username }, 'password');
      if (problems.length) throw invalidFields(problems);
      const passwordHash = await hashPassword(body.password);
      return db.transaction().execute(async (tx) => {
        if (await findAccountByUsername(tx, body.username)) throw fail(409, 'account.username_taken', { username: body.username }, 'username');
        await checkRolesFitUnit(tx, body.unitId, body.roles);
        const at = now();
        // An initial password is set by someone else, so its owner must choose their own at first login.
        const id = await insertAccount(tx, { username: body.username, displayName: body.displayName, unitId: body.unitId, passwordHash, mustChangePassword: true, now: at });
        await replaceRoles(tx, id, body.roles);
        const after = presentAccount((await findAccountById(tx, id))!);
        await audit(tx, actor, 'account.create', { type: 'account', id }, { after }, at);
        return after;
      });
    },

    async update(actor: Actor, id: number, body: z.infer<typeof updateAccountBody>) {
      return db.transaction().execute(async (tx) => {
        const account = await findAccountById(tx, id);
        if (!account) throw notFound();
        if (body.active === false && id === actor.accountId) throw fail(400, 'account.cannot_deactivate_self', {}, 'active');
        const unitId = body.unitId ?? account.unit_id;
        const roles = body.roles ?? account.roles;
        if (body.unitId !== undefined || body.roles !== undefined) await checkRolesFitUnit(tx, unitId, roles);
        const at = now();
        await updateAccount(tx, id, {
          display_name: body.displayName,
          unit_id: body.unitId,
          active: body.active === undefined ? undefined : body.active ? 1 : 0,
        }, at);
        if (body.roles) await replaceRoles(tx, id, body.roles);
        // A changed unit, role set or deactivation takes effect now, not when the old session expires.
        if (body.active === false || body.unitId !== undefined || body.roles !== undefined) await deleteSessionsOf(tx, id);
        const after = presentAccount((await findAccountById(tx, id))!);
        await audit(tx, actor, 'account.update', { type: 'account', id }, { before: presentAccount(account), after }, at);
        return after;
      });
    },

    /** Sets a new password (generated unless given), shown once to the office; the owner must change it. */
    async resetPassword(actor: Actor, id: number, given?: string) {
      const account = await findAccountById(db, id);
      if (!account) throw notFound();
      const password = given ?? generatePassword();
      const problems = passwordProblems(password, { username: account.username, unitCode: account.unit_code }, 'password');
      if (problems.length) throw invalidFields(problems);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (tx) => {
        const at = now();
        await updateAccount(tx, id, { password_hash: passwordHash, must_change_password: 1, failed_logins: 0, locked_until: null }, at);
        await deleteThrottleOf(tx, account.username);
        await deleteSessionsOf(tx, id);
        await audit(tx, actor, 'account.password_reset', { type: 'account', id }, {}, at);
      });
      return { password };
    },
  };
}
