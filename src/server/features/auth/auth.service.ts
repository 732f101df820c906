import crypto from 'node:crypto';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../auth/password';
import { fail, invalidFields, fieldError } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { findAccountById, findAccountByUsername, updateAccount } from '../accounts/account.store';
import { deleteExpiredSessions, deleteSession, deleteSessionsOf, insertSession } from './session.store';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function passwordProblems(password: string, username: string) {
  const problems = [];
  if (password.length < 10) problems.push(fieldError('newPassword', 'password.too_short'));
  if (password.toLowerCase() === username.toLowerCase()) problems.push(fieldError('newPassword', 'password.same_as_username'));
  return problems;
}

export function authService({ db, config, now }: Pick<AppDeps, 'db' | 'config' | 'now'>) {
  return {
    /**
     * Checks the password, counts failures and locks the account for a while after
     * too many; on success opens a session and returns its token (only its hash is stored).
     */
    async login(username: string, password: string) {
      const at = now();
      const account = await findAccountByUsername(db, username);
      if (!account) {
        await burnPasswordCheck(password);
        throw fail(401, 'auth.invalid_credentials');
      }
      if (account.locked_until && account.locked_until > at.toISOString()) {
        throw fail(423, 'auth.locked', { until: shanghaiTime(account.locked_until) });
      }
      const ok = await verifyPassword(account.password_hash, password);
      if (!ok) {
        const failures = account.failed_logins + 1;
        const lock = failures >= config.login.maxFailures;
        const lockedUntil = lock ? new Date(at.getTime() + config.login.lockMinutes * 60_000).toISOString() : null;
        await db.transaction().execute(async (tx) => {
          await updateAccount(tx, account.id, { failed_logins: lock ? 0 : failures, locked_until: lockedUntil }, at);
          await audit(tx, null, lock ? 'auth.locked' : 'auth.login_failed', { type: 'account', id: account.id }, {
            after: { failures, lockedUntil },
          }, at);
        });
        if (lock) throw fail(423, 'auth.locked', { until: shanghaiTime(lockedUntil!) });
        throw fail(401, 'auth.invalid_credentials');
      }
      if (!account.active) throw fail(403, 'auth.inactive');

      const token = crypto.randomBytes(32).toString('base64url');
      const csrfToken = crypto.randomBytes(24).toString('base64url');
      await db.transaction().execute(async (tx) => {
        await insertSession(tx, {
          tokenHash: hashToken(token),
          accountId: account.id,
          csrfToken,
          now: at,
          expiresAt: new Date(at.getTime() + config.sessionHours * 3_600_000),
        });
        await updateAccount(tx, account.id, { failed_logins: 0, locked_until: null, last_login_at: at.toISOString() }, at);
        // Expired sessions are swept here rather than by a timer: logins are frequent enough.
        await deleteExpiredSessions(tx, at);
        await audit(tx, { accountId: account.id, unitId: account.unit_id }, 'auth.login', { type: 'account', id: account.id }, {}, at);
      });
      return { token, csrfToken, accountId: account.id };
    },

    async logout(actor: Actor, token: string) {
      await db.transaction().execute(async (tx) => {
        await deleteSession(tx, hashToken(token));
        await audit(tx, actor, 'auth.logout', { type: 'account', id: actor.accountId }, {}, now());
      });
    },

    async changePassword(actor: Actor, currentToken: string, currentPassword: string, newPassword: string) {
      const account = await findAccountById(db, actor.accountId);
      if (!account) throw fail(401, 'auth.required');
      if (!(await verifyPassword(account.password_hash, currentPassword))) {
        throw invalidFields([fieldError('currentPassword', 'auth.wrong_current_password')]);
      }
      const problems = passwordProblems(newPassword, account.username);
      if (problems.length) throw invalidFields(problems);
      const passwordHash = await hashPassword(newPassword);
      const at = now();
      await db.transaction().execute(async (tx) => {
        await updateAccount(tx, account.id, { password_hash: passwordHash, must_change_password: 0 }, at);
        // Other sessions of this account end: a changed password must lock out whoever knew the old one.
        await deleteSessionsOf(tx, account.id, hashToken(currentToken));
        await audit(tx, actor, 'account.password_changed', { type: 'account', id: account.id }, {}, at);
      });
    },
  };
}

export type AuthService = ReturnType<typeof authService>;

function shanghaiTime(iso: string): string {
  // Asia/Shanghai is a fixed +08:00; the message is read by people in Kunming.
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
