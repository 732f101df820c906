import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * PostgreSQL's row triggers of 0001 do not fire on TRUNCATE, which emptied the audit log in
 * one statement; a statement trigger refuses it too. SQLite has no TRUNCATE (its
 * DELETE without WHERE already meets the row trigger), so there is nothing to do there.
 */
export function auditNoTruncate(dialect: DialectName) {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    },
  };
}
