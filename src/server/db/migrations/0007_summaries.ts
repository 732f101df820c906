import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * 总结报告: one current summary per campaign and unit (its sections as sanitised HTML, the media
 * it picked, where it is in the workflow) and the steps it went through; and the office's package
 * jobs, which zip every unit's summary, table and media in the background.
 */
export function summaries(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('summaries')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        // `{ [sectionKey]: html }`: keys are the campaign's sections, so they are data, not columns.
        .addColumn('sections_json', 'text', (c) => c.notNull())
        // `[{ id, caption }]`: media_items rows, in the order the unit put them.
        .addColumn('media_ids_json', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_submitted_at', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('return_comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('summaries_unit').on('summaries').columns(['campaign_id', 'unit_id']).unique().execute();
      await db.schema
        .createTable('summary_events')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('summary_id', 'integer', (c) => c.notNull().references('summaries.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('accounts.id'))
        .addColumn('comment', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('summary_events_summary').on('summary_events').column('summary_id').execute();

      await db.schema
        .createTable('package_jobs')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        // 'unit' (one unit's folder) or 'all' (every unit that owes a summary).
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
        // queued | running | done | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('done_count', 'integer', (c) => c.notNull().defaultTo(0))
        // The zip's name under DATA_DIR/packages: random, never built from anything a user wrote.
        .addColumn('file_key', 'text')
        // bigint: a package of every unit's videos passes 2 GB easily.
        .addColumn('bytes', 'bigint')
        .addColumn('error', 'text')
        .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('package_jobs_campaign').on('package_jobs').columns(['campaign_id', 'created_at']).execute();
    },
  };
}
