import crypto from 'node:crypto';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../auth/password';
import { passwordProblems } from '../../auth/password-policy';
import { fail, invalidFields, fieldError } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { findAccountById, findAccountByUsername, updateAccount, type AccountWithUnit } from '../accounts/account.store';
import { loginThrottle } from './login-throttle';
import { deleteExpiredSessions, deleteSession, deleteSessionsOf, insertSession } from './session.store';
import { advanceTotpStep, spendRecoveryCode } from './two-factor.store';
import { hashRecoveryCode, matchTotp, type TwoFactorCrypto } from './two-factor';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Signs and checks the short-lived token of a sign-in waiting for its second factor. */
export interface Signer {
  sign(value: string): string;
  unsign(signed: string): string | null;
}

/** Where a sign-in comes from: the source address (throttling only) and a coarse browser description. */
export interface Origin { source: string; agent: string }

const PENDING_MINUTES = 5;

/** Binds a pending sign-in to the password it was given with: a password change voids it. */
const passwordStamp = (a: AccountWithUnit) => crypto.createHash('sha256').update(a.password_hash).digest('hex').slice(0, 16);

export function authService({ db, config, now }: Pick<AppDeps, 'db' | 'config' | 'now'>, opts: { signer: Signer; secrets: TwoFactorCrypto }) {
  const throttle = loginThrottle(config.login);
  const idleSince = (at: Date) => new Date(at.getTime() - config.sessionIdleMinutes * 60_000);

  async function openSession(tx: Queryable, account: AccountWithUnit, at: Date, origin: Origin, via: string) {
    const token = crypto.randomBytes(32).toString('base64url');
    const csrfToken = crypto.randomBytes(24).toString('base64url');
    await insertSession(tx, {
      id: crypto.randomBytes(12).toString('base64url'),
      tokenHash: hashToken(token),
      accountId: account.id,
      csrfToken,
      agent: origin.agent,
      now: at,
      expiresAt: new Date(at.getTime() + config.sessionHours * 3_600_000),
    });
    await updateAccount(tx, account.id, { last_login_at: at.toISOString() }, at);
    await throttle.succeed(tx, account.username, origin.source, at);
    // Expired and idle sessions are swept here rather than by a timer: logins are frequent enough.
    await deleteExpiredSessions(tx, at, idleSince(at));
    await audit(tx, { accountId: account.id, unitId: account.unit_id }, 'auth.login', { type: 'account', id: account.id }, { after: { via, agent: origin.agent } }, at);
    return { token, csrfToken, accountId: account.id };
  }

  /** Counts a failed attempt (and audits it against a real account) in one transaction, then refuses generically. */
  async function refuse(username: string, account: AccountWithUnit | undefined, origin: Origin, at: Date, action: string, counted = true): Promise<never> {
    if (counted) {
      await db.transaction().execute(async (tx) => {
        await throttle.fail(tx, username, origin.source, at);
        if (account) await audit(tx, null, action, { type: 'account', id: account.id }, {}, at);
      });
    }
    throw fail(401, action === 'auth.two_factor_failed' ? 'auth.invalid_code' : 'auth.invalid_credentials');
  }

  return {
    /**
     * The first step. Unknown name, wrong password, deactivated account, or a source that must wait:
     * the same 401 after the same single password check, so the answer tells nothing about the
     * account. With the right password, an account with two-factor gets a pending token (not a
     * session); any other gets its session.
     */
    async login(username: string, password: string, origin: Origin) {
      const at = now();
      const waiting = await throttle.blocked(db, username, origin.source, at);
      const account = await findAccountByUsername(db, username);
      let ok = false;
      if (account) ok = await verifyPassword(account.password_hash, password);
      else await burnPasswordCheck(password);
      // A waiting attempt is not counted again: it was not checked against anything the attacker learns.
      if (waiting) await refuse(username, account, origin, at, 'auth.login_failed', false);
      if (!account || !ok || !account.active) await refuse(username, account, origin, at, 'auth.login_failed');

      if (account!.totp_enabled_at) {
        const expires = at.getTime() + PENDING_MINUTES * 60_000;
        return { pendingToken: opts.signer.sign(`${account!.id}.${expires}.${passwordStamp(account!)}`) };
      }
      return { session: await db.transaction().execute((tx) => openSession(tx, account!, at, origin, 'password')) };
    },

    /** The second step: a TOTP code (each time step accepted once) or an unused recovery code. */
    async completeLogin(pendingToken: string, code: string, origin: Origin) {
      const at = now();
      const [id, expires, stamp] = (opts.signer.unsign(pendingToken) ?? '').split('.');
      const account = id ? await findAccountById(db, Number(id)) : undefined;
      if (!account || !account.active || !account.totp_secret || Number(expires) <= at.getTime() || stamp !== passwordStamp(account)) {
        throw fail(401, 'auth.two_factor_pending_expired');
      }
      if (await throttle.blocked(db, account.username, origin.source, at)) await refuse(account.username, account, origin, at, 'auth.two_factor_failed', false);

      const trimmed = code.trim().replace(/\s/g, '');
      const step = await matchTotp(opts.secrets.open(account.totp_secret), trimmed, account.totp_last_step);
      const recovery = step === null ? hashRecoveryCode(trimmed) : null;
      const session = await db.transaction().execute(async (tx) => {
        if (step !== null) {
          if (!(await advanceTotpStep(tx, account.id, step))) return null;
          return openSession(tx, account, at, origin, 'totp');
        }
        if (recovery && (await spendRecoveryCode(tx, account.id, recovery, at))) return openSession(tx, account, at, origin, 'recovery_code');
        return null;
      });
      if (!session) return refuse(account.username, account, origin, at, 'auth.two_factor_failed');
      return session;
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
      const problems = passwordProblems(newPassword, { username: account.username, unitCode: account.unit_code });
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
