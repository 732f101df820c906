import type { Kysely } from 'kysely';

/**
 * Hardened staff accounts: sessions get a public id (to be listed and revoked without showing the
 * token's hash), a last-seen instant for the idle timeout and a coarse agent; accounts get TOTP
 * two-factor (the secret encrypted, the last accepted time step against replay) and recovery codes
 * (hashed, single use); failed logins are counted per (user name, source), per source and per user
 * name in the database, so the counts survive a restart and are shared by several processes.
 */
export function accountSecurity() {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      // Existing sessions have no id or last-seen instant: everyone signs in again once.
      await db.deleteFrom('sessions').execute();
      await db.schema.alterTable('sessions').addColumn('id', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('sessions').addColumn('agent', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.createIndex('sessions_id').on('sessions').column('id').execute();

      await db.schema.alterTable('accounts').addColumn('totp_secret', 'text').execute();
      await db.schema.alterTable('accounts').addColumn('totp_pending_secret', 'text').execute();
      await db.schema.alterTable('accounts').addColumn('totp_enabled_at', 'text').execute();
      await db.schema.alterTable('accounts').addColumn('totp_last_step', 'integer').execute();

      await db.schema
        .createTable('recovery_codes')
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addPrimaryKeyConstraint('recovery_codes_pk', ['account_id', 'code_hash'])
        .execute();

      await db.schema
        .createTable('login_throttle')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('blocked_until', 'text')
        .addColumn('last_failure_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('login_throttle_pk', ['scope', 'subject'])
        .execute();
      await db.schema.createIndex('login_throttle_username').on('login_throttle').column('username').execute();
    },
  };
}
