import type { Queryable } from '../../db';

export type ThrottleScope = 'name_source' | 'source' | 'name';

export interface ThrottleRow {
  scope: string;
  subject: string;
  failures: number;
  blocked_until: string | null;
  last_failure_at: string;
}

export async function findThrottleRows(db: Queryable, keys: { scope: ThrottleScope; subject: string }[]): Promise<ThrottleRow[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('login_throttle')
    .select(['scope', 'subject', 'failures', 'blocked_until', 'last_failure_at'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('subject', '=', k.subject)]))))
    .execute();
}

export async function saveThrottleRow(
  db: Queryable,
  row: { scope: ThrottleScope; subject: string; username: string | null; failures: number; blockedUntil: string | null; at: string },
) {
  await db
    .insertInto('login_throttle')
    .values({ scope: row.scope, subject: row.subject, username: row.username, failures: row.failures, blocked_until: row.blockedUntil, last_failure_at: row.at })
    .onConflict((oc) => oc.columns(['scope', 'subject']).doUpdateSet({ failures: row.failures, blocked_until: row.blockedUntil, last_failure_at: row.at }))
    .execute();
}

export async function deleteThrottleRow(db: Queryable, scope: ThrottleScope, subject: string) {
  await db.deleteFrom('login_throttle').where('scope', '=', scope).where('subject', '=', subject).execute();
}

/** The office's unlock: every count against this user name, from every source. */
export async function deleteThrottleOf(db: Queryable, username: string) {
  await db.deleteFrom('login_throttle').where('username', '=', username.toLowerCase()).execute();
}

/** The latest wait any count imposes on this user name (per source or across sources), for the office's list. */
export async function blockedUntilOf(db: Queryable, usernames: string[], now: Date): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db
    .selectFrom('login_throttle')
    .select(['username', 'blocked_until'])
    .where('username', 'in', usernames.map((u) => u.toLowerCase()))
    .where('blocked_until', '>', now.toISOString())
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) {
    const prev = out.get(r.username!);
    if (!prev || r.blocked_until! > prev) out.set(r.username!, r.blocked_until!);
  }
  return out;
}

/** Counts no longer counted (no failure since `before`) and not making anyone wait: made-up names must not pile up. */
export async function deleteStaleThrottleRows(db: Queryable, before: Date, now: Date) {
  await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', before.toISOString())
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now.toISOString())]))
    .execute();
}
