import type { Queryable } from '../../db';

export async function insertSession(
  db: Queryable,
  s: { id: string; tokenHash: string; accountId: number; csrfToken: string; agent: string; now: Date; expiresAt: Date },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      account_id: s.accountId,
      csrf_token: s.csrfToken,
      agent: s.agent,
      created_at: s.now.toISOString(),
      last_seen_at: s.now.toISOString(),
      expires_at: s.expiresAt.toISOString(),
    })
    .execute();
}

/**
 * The session with its account, unit and what restricts it, in one round trip, for the hook that
 * runs on every request. A session past its absolute end or unused since `idleSince` is not live.
 */
export async function findLiveSession(db: Queryable, tokenHash: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      's.id as session_id', 's.csrf_token', 's.last_seen_at', 'a.id as account_id', 'a.username', 'a.active', 'a.unit_id',
      'a.must_change_password', 'a.totp_enabled_at', 'u.type as unit_type', 'u.path as unit_path',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now.toISOString())
    .where('s.last_seen_at', '>', idleSince.toISOString())
    .executeTakeFirst();
}

export async function touchSession(db: Queryable, tokenHash: string, now: Date) {
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute();
}

export async function findRoles(db: Queryable, accountId: number): Promise<string[]> {
  const rows = await db.selectFrom('account_roles').select('role').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.role);
}

/** An account's live sessions, newest first: what the owner and the office see (never the token or its hash). */
export async function listSessionsOf(db: Queryable, accountId: number, now: Date, idleSince: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'agent', 'created_at', 'last_seen_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('expires_at', '>', now.toISOString())
    .where('last_seen_at', '>', idleSince.toISOString())
    .orderBy('created_at', 'desc')
    .execute();
}

/** Ends one session of this account; false when the account has no such session. */
export async function deleteSessionById(db: Queryable, accountId: number, id: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteSession(db: Queryable, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Sessions end when a password changes or an account is deactivated. */
export async function deleteSessionsOf(db: Queryable, accountId: number, exceptTokenHash?: string) {
  let q = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (exceptTokenHash) q = q.where('token_hash', '!=', exceptTokenHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Queryable, now: Date, idleSince: Date) {
  await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleSince.toISOString())])).execute();
}
