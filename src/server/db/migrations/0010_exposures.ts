import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * Exposure (§六): typical cases drafted from verified cases, their review, their redacted photos,
 * the media that ran them, media partners' feed tokens, and the monthly report to the province.
 * A typical case holds no column that could carry a reporter: it copies facts by hand, and its
 * photos are new files rendered from the evidence with the marked areas blurred.
 */
export function exposures(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: import('kysely').ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('typical_cases')
        .addColumn('id', idType, id)
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        // The unit (enterprise) the case is about and its sector, as the article names them.
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('violations', 'text', (c) => c.notNull())
        .addColumn('handling', 'text', (c) => c.notNull())
        // 一案双罚: the company and its responsible person were both penalised.
        .addColumn('dual_penalty', 'integer', (c) => c.notNull().defaultTo(0))
        // 行刑衔接: transferred to criminal proceedings.
        .addColumn('criminal_transfer', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lesson', 'text', (c) => c.notNull())
        // draft | in_review | approved | published | withdrawn; stage: the awaited review step while in_review.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('stage', 'integer')
        .addColumn('return_comment', 'text')
        .addColumn('withdraw_reason', 'text')
        .addColumn('published_at', 'text')
        .addColumn('withdrawn_at', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('typical_cases_status').on('typical_cases').columns(['campaign_id', 'status', 'published_at']).execute();

      await db.schema
        .createTable('typical_case_sources')
        .addColumn('typical_case_id', 'integer', (c) => c.notNull().references('typical_cases.id'))
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addPrimaryKeyConstraint('typical_case_sources_pk', ['typical_case_id', 'case_id'])
        .execute();

      await db.schema
        .createTable('typical_case_images')
        .addColumn('id', idType, id)
        .addColumn('typical_case_id', 'integer', (c) => c.notNull().references('typical_cases.id'))
        .addColumn('case_file_id', 'integer', (c) => c.notNull().references('case_files.id'))
        // The boxes drawn over the photo, as fractions of the upright image: [{ x, y, w, h }].
        .addColumn('boxes_json', 'text', (c) => c.notNull())
        // The rendered copy with the boxes blurred, under media/derived: the only file ever published.
        .addColumn('blurred_key', 'text', (c) => c.notNull().unique())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('caption', 'text')
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('typical_case_images_case').on('typical_case_images').columns(['typical_case_id', 'sort_order']).execute();

      await db.schema
        .createTable('typical_case_events')
        .addColumn('id', idType, id)
        .addColumn('typical_case_id', 'integer', (c) => c.notNull().references('typical_cases.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('stage', 'integer')
        .addColumn('actor_id', 'integer', (c) => c.references('accounts.id'))
        .addColumn('comment', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('typical_case_events_case').on('typical_case_events').columns(['typical_case_id', 'id']).execute();

      // A medium that ran the story: outlet, day, link.
      await db.schema
        .createTable('exposure_runs')
        .addColumn('id', idType, id)
        .addColumn('typical_case_id', 'integer', (c) => c.notNull().references('typical_cases.id'))
        .addColumn('outlet', 'text', (c) => c.notNull())
        .addColumn('ran_on', 'text', (c) => c.notNull())
        .addColumn('link', 'text')
        .addColumn('recorded_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exposure_runs_case').on('exposure_runs').columns(['typical_case_id']).execute();

      // A media partner's feed token, kept as its SHA-256: shown once, revoked by making a new one.
      await db.schema
        .createTable('feed_tokens')
        .addColumn('account_id', 'integer', (c) => c.primaryKey().references('accounts.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      // 曝光情况报送表: one per month; once sent its content is frozen as it was sent.
      await db.schema
        .createTable('province_reports')
        .addColumn('id', idType, id)
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addColumn('sent_to', 'text', (c) => c.notNull())
        .addColumn('sent_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('snapshot_json', 'text', (c) => c.notNull())
        .addUniqueConstraint('province_reports_month', ['campaign_id', 'month'])
        .execute();
    },
  };
}
