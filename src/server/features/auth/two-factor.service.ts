import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { verifyPassword } from '../../auth/password';
import { fail, fieldError, invalidFields, notFound } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { findAccountById, updateAccount } from '../accounts/account.store';
import { deleteSessionsOf } from './session.store';
import { hashToken } from './auth.service';
import { advanceTotpStep, countUnusedRecoveryCodes, replaceRecoveryCodes, spendRecoveryCode } from './two-factor.store';
import { enrolmentOf, hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, requiresTwoFactor, type TwoFactorCrypto } from './two-factor';

const OFF = { totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null };

/** Enrolment, status and removal of an account's second factor; its use at sign-in is in auth.service. */
export function twoFactorService({ db, now }: Pick<AppDeps, 'db' | 'now'>, secrets: TwoFactorCrypto) {
  async function own(actor: Actor) {
    const account = await findAccountById(db, actor.accountId);
    if (!account) throw fail(401, 'auth.required');
    return account;
  }

  return {
    async status(actor: Actor) {
      const account = await own(actor);
      return {
        enabled: account.totp_enabled_at !== null,
        enabledAt: account.totp_enabled_at,
        required: requiresTwoFactor(actor),
        recoveryCodesLeft: account.totp_enabled_at ? await countUnusedRecoveryCodes(db, account.id) : 0,
      };
    },

    /** A new secret, kept (encrypted) as pending until a code confirms the authenticator has it. */
    async setup(actor: Actor) {
      const account = await own(actor);
      if (account.totp_enabled_at) throw fail(409, 'two_factor.already_enabled');
      const secret = newTotpSecret();
      const at = now();
      await db.transaction().execute(async (tx) => {
        await updateAccount(tx, account.id, { totp_pending_secret: secrets.seal(secret) }, at);
        await audit(tx, actor, 'account.two_factor_setup', { type: 'account', id: account.id }, {}, at);
      });
      return enrolmentOf(secret, account.username);
    },

    /** Confirms the pending secret with a code; returns the recovery codes, shown this once only. */
    async enable(actor: Actor, code: string) {
      const account = await own(actor);
      if (account.totp_enabled_at) throw fail(409, 'two_factor.already_enabled');
      if (!account.totp_pending_secret) throw fail(409, 'two_factor.not_started');
      const step = await matchTotp(secrets.open(account.totp_pending_secret), code.trim(), null);
      if (step === null) throw invalidFields([fieldError('code', 'two_factor.wrong_code')]);
      const codes = newRecoveryCodes();
      const at = now();
      await db.transaction().execute(async (tx) => {
        await updateAccount(tx, account.id, {
          totp_secret: account.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: at.toISOString(), totp_last_step: step,
        }, at);
        await replaceRecoveryCodes(tx, account.id, codes.map((c) => hashRecoveryCode(c)!));
        await audit(tx, actor, 'account.two_factor_enabled', { type: 'account', id: account.id }, {}, at);
      });
      return { recoveryCodes: codes };
    },

    /** The owner turns it off (to set it up again on a new phone) with the password and a current code or recovery code. */
    async disable(actor: Actor, currentToken: string, password: string, code: string) {
      const account = await own(actor);
      if (!account.totp_secret) throw fail(409, 'two_factor.not_enabled');
      if (!(await verifyPassword(account.password_hash, password))) throw invalidFields([fieldError('password', 'auth.wrong_current_password')]);
      const at = now();
      const trimmed = code.trim().replace(/\s/g, '');
      const step = await matchTotp(secrets.open(account.totp_secret), trimmed, account.totp_last_step);
      const recovery = step === null ? hashRecoveryCode(trimmed) : null;
      const done = await db.transaction().execute(async (tx) => {
        const proven = step !== null ? await advanceTotpStep(tx, account.id, step) : recovery !== null && (await spendRecoveryCode(tx, account.id, recovery, at));
        if (!proven) return false;
        await updateAccount(tx, account.id, OFF, at);
        await replaceRecoveryCodes(tx, account.id, []);
        await deleteSessionsOf(tx, account.id, hashToken(currentToken));
        await audit(tx, actor, 'account.two_factor_disabled', { type: 'account', id: account.id }, {}, at);
        return true;
      });
      if (!done) throw invalidFields([fieldError('code', 'two_factor.wrong_code')]);
    },

    /** The office resets a lost second factor: the owner enrols again at the next sign-in; every session ends. */
    async reset(actor: Actor, id: number) {
      const account = await findAccountById(db, id);
      if (!account) throw notFound();
      const at = now();
      await db.transaction().execute(async (tx) => {
        await updateAccount(tx, id, OFF, at);
        await replaceRecoveryCodes(tx, id, []);
        await deleteSessionsOf(tx, id);
        await audit(tx, actor, 'account.two_factor_reset', { type: 'account', id }, { before: { enabled: account.totp_enabled_at !== null } }, at);
      });
    },
  };
}
