import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * 附件2 活动进展情况统计表: one current table per campaign and unit (its figures and where it is
 * in the workflow), and the steps it went through (who, when, with what comment). The figures
 * of each step are in the audit log; the steps table is what a reporter's history page reads.
 */
export function statistics(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('statistics_reports')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        // `{ [indicatorKey]: count }`; JSON so that a campaign's indicators are data, not columns.
        .addColumn('values_json', 'text', (c) => c.notNull())
        // `{ [findingKey]: comment }`: the unit's explanations of soft findings.
        .addColumn('comments_json', 'text', (c) => c.notNull())
        // Bumped by every write: a save based on an older read is refused instead of overwriting.
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_submitted_at', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('return_comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('statistics_reports_unit')
        .on('statistics_reports')
        .columns(['campaign_id', 'unit_id'])
        .unique()
        .execute();
      await db.schema
        .createTable('statistics_events')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('report_id', 'integer', (c) => c.notNull().references('statistics_reports.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('accounts.id'))
        .addColumn('comment', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('statistics_events_report').on('statistics_events').column('report_id').execute();
    },
  };
}
