import type { LoginConfig } from '../../config';
import type { Queryable } from '../../db';
import { deleteStaleThrottleRows, deleteThrottleRow, findThrottleRows, saveThrottleRow, type ThrottleScope } from './login-throttle.store';

/*
 * Failed logins slow down whoever guesses, not the owner. Three counts, each in the database so a
 * restart forgets nothing and several processes share them:
 *   name_source  one user name from one source address: past LOGIN_MAX_FAILURES that source waits
 *                1, 2, 4 … minutes for that name, while the owner at another desk signs in as usual;
 *   source       one source over every name (password spraying);
 *   name         one name from every source, a much higher threshold (distributed guessing).
 * User names are counted whether or not they exist, so a made-up name is slowed exactly like a real
 * one: the answer never tells which names are real. A count forgets after a day without a failure.
 */

const FORGET_AFTER_MS = 24 * 3_600_000;

interface Key { scope: ThrottleScope; subject: string; username: string | null; threshold: number }

function keysOf(config: LoginConfig, username: string, source: string): Key[] {
  const name = username.toLowerCase();
  return [
    { scope: 'name_source', subject: `${name}\n${source}`, username: name, threshold: config.maxFailures },
    { scope: 'source', subject: source, username: null, threshold: config.sourceMaxFailures },
    { scope: 'name', subject: name, username: name, threshold: config.accountMaxFailures },
  ];
}

/** Minutes to wait after `failures`, once past `threshold`: 1, 2, 4 … up to the cap. */
export function backoffMinutes(failures: number, threshold: number, cap: number): number {
  if (failures < threshold) return 0;
  return Math.min(cap, 2 ** Math.min(failures - threshold, 30));
}

export function loginThrottle(config: LoginConfig) {
  return {
    /** Whether any count makes this attempt wait. A waiting attempt is refused like a wrong password. */
    async blocked(db: Queryable, username: string, source: string, at: Date): Promise<boolean> {
      const rows = await findThrottleRows(db, keysOf(config, username, source));
      return rows.some((r) => r.blocked_until !== null && r.blocked_until > at.toISOString());
    },

    /** Counts a failure under every key and starts (or lengthens) the wait of those past their threshold. */
    async fail(db: Queryable, username: string, source: string, at: Date) {
      const keys = keysOf(config, username, source);
      const rows = await findThrottleRows(db, keys);
      for (const k of keys) {
        const row = rows.find((r) => r.scope === k.scope && r.subject === k.subject);
        const fresh = row && at.getTime() - Date.parse(row.last_failure_at) < FORGET_AFTER_MS;
        const failures = (fresh ? row.failures : 0) + 1;
        const wait = k.threshold > 0 ? backoffMinutes(failures, k.threshold, config.maxBackoffMinutes) : 0;
        const blockedUntil = wait ? new Date(at.getTime() + wait * 60_000).toISOString() : null;
        await saveThrottleRow(db, { scope: k.scope, subject: k.subject, username: k.username, failures, blockedUntil, at: at.toISOString() });
      }
    },

    /**
     * A success clears the pair's count; the source's and the name's totals only age out. Counts
     * forgotten a day ago are swept here, as expired sessions are: sign-ins are frequent enough.
     */
    async succeed(db: Queryable, username: string, source: string, at: Date) {
      const [pair] = keysOf(config, username, source);
      await deleteThrottleRow(db, pair!.scope, pair!.subject);
      await deleteStaleThrottleRows(db, new Date(at.getTime() - FORGET_AFTER_MS), at);
    },
  };
}
