import type { Queryable } from '../../db';

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; accountId: number; csrfToken: string; now: Date; expiresAt: Date },
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      account_id: s.accountId,
      csrf_token: s.csrfToken,
      created_at: s.now.toISOString(),
      expires_at: s.expiresAt.toISOString(),
    })
    .execute();
}

/** The session with its account, unit and roles in one round trip, for the hook that runs on every request. */
export async function findLiveSession(db: Queryable, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      's.csrf_token', 'a.id as account_id', 'a.username', 'a.active', 'a.unit_id',
      'u.type as unit_type', 'u.path as unit_path',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

export async function findRoles(db: Queryable, accountId: number): Promise<string[]> {
  const rows = await db.selectFrom('account_roles').select('role').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.role);
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

export async function deleteExpiredSessions(db: Queryable, now: Date) {
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
}
