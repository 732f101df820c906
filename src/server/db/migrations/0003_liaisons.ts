import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * 附件1 联络员反馈表: every submission is a new version of a unit's form; the highest version
 * is the current one and the earlier ones stay as the history (who, when, what).
 */
export function liaisons(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('liaison_submissions')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('values_json', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Two submissions racing for the same version: one of them fails instead of both landing.
      await db.schema
        .createIndex('liaison_submissions_version')
        .on('liaison_submissions')
        .columns(['campaign_id', 'unit_id', 'version'])
        .unique()
        .execute();
    },
  };
}
