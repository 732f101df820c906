import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * Activity records (活动记录): what a unit did for the campaign, its place in the workflow, what
 * it adds to the statistics table, and the media library items attached to it. Lists and the
 * calendar read by campaign and date, within a unit's subtree or by status; the indexes follow.
 */
export function activities(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('activities')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        // A task category key of the campaign, and the keys of the forms used: data, not columns.
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('forms_json', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        // Shanghai days, YYYY-MM-DD: sortable and comparable as text on both databases.
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text', (c) => c.notNull())
        // The county's division code (GB/T 2260), the same as its unit code.
        .addColumn('county_code', 'text')
        .addColumn('address', 'text')
        .addColumn('organiser', 'text')
        .addColumn('audience', 'text')
        .addColumn('participants', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('description', 'text')
        .addColumn('links_json', 'text', (c) => c.notNull())
        // `{ [indicatorKey]: count }`: what the activity adds to its unit's statistics table once accepted.
        .addColumn('contributions_json', 'text', (c) => c.notNull())
        .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('return_comment', 'text')
        // Bumped by every write: an edit based on an older read is refused instead of overwriting.
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activities_unit_day').on('activities').columns(['campaign_id', 'unit_id', 'starts_on']).execute();
      await db.schema.createIndex('activities_status_day').on('activities').columns(['campaign_id', 'status', 'starts_on']).execute();

      await db.schema
        .createTable('activity_media')
        // A draft's links go with it; a media item deleted while attached takes its links along.
        .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media_items.id').onDelete('cascade'))
        .addColumn('sort', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('activity_media_pk', ['activity_id', 'media_id'])
        .execute();
      // The public photo route and the media library's delete ask "which activities show this item?".
      await db.schema.createIndex('activity_media_media').on('activity_media').column('media_id').execute();
    },
  };
}
