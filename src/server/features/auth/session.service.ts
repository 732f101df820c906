import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { findAccountById } from '../accounts/account.store';
import { deleteSessionById, listSessionsOf } from './session.store';

/** An account's sessions, listed and ended by their owner or by the office. */
export function sessionService({ db, config, now }: Pick<AppDeps, 'db' | 'config' | 'now'>) {
  const idleSince = (at: Date) => new Date(at.getTime() - config.sessionIdleMinutes * 60_000);

  async function list(accountId: number, currentId: string | null) {
    const at = now();
    const rows = await listSessionsOf(db, accountId, at, idleSince(at));
    return rows.map((r) => ({
      id: r.id, agent: r.agent, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, current: r.id === currentId,
    }));
  }

  /** Ends the session if it is still there; one that already ended (or never was) needs nothing done. */
  async function revoke(actor: Actor, accountId: number, sessionId: string) {
    const at = now();
    await db.transaction().execute(async (tx) => {
      if (await deleteSessionById(tx, accountId, sessionId)) {
        await audit(tx, actor, 'auth.session_revoked', { type: 'account', id: accountId }, { before: { session: sessionId } }, at);
      }
    });
  }

  return {
    listOwn: (actor: Actor, currentId: string | null) => list(actor.accountId, currentId),
    revokeOwn: (actor: Actor, sessionId: string) => revoke(actor, actor.accountId, sessionId),
    async listOf(accountId: number) {
      if (!(await findAccountById(db, accountId))) throw notFound();
      return list(accountId, null);
    },
    async revokeOf(actor: Actor, accountId: number, sessionId: string) {
      if (!(await findAccountById(db, accountId))) throw notFound();
      await revoke(actor, accountId, sessionId);
    },
  };
}

/** A coarse description of a browser for its owner's session list: its family and system, never the version string. */
export function coarseAgent(ua: string | undefined): string {
  if (!ua) return '';
  const s = ua.toLowerCase();
  const browser = s.includes('micromessenger') ? 'WeChat' : s.includes('edg/') ? 'Edge' : s.includes('firefox/') ? 'Firefox'
    : s.includes('chrome/') || s.includes('chromium/') ? 'Chrome' : s.includes('safari/') ? 'Safari' : 'Other';
  const system = s.includes('android') ? 'Android' : /iphone|ipad|ios/.test(s) ? 'iOS' : s.includes('windows') ? 'Windows'
    : s.includes('mac os') ? 'macOS' : s.includes('linux') ? 'Linux' : 'Other';
  return `${browser} · ${system}`;
}
