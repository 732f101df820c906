import type { Queryable } from '../../db';

export async function replaceRecoveryCodes(db: Queryable, accountId: number, hashes: string[]) {
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  if (hashes.length) await db.insertInto('recovery_codes').values(hashes.map((code_hash) => ({ account_id: accountId, code_hash, used_at: null }))).execute();
}

/** Marks an unused code used; false if there is no such code or it was used (by this or another request). */
export async function spendRecoveryCode(db: Queryable, accountId: number, codeHash: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: at.toISOString() })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Queryable, accountId: number): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Records the accepted TOTP step; false when an equal or later step was recorded meanwhile (the same
 * code sent twice at once): the conditional update makes the replay check hold across processes.
 */
export async function advanceTotpStep(db: Queryable, accountId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('accounts')
    .set({ totp_last_step: step })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
