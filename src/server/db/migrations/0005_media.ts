import type { Kysely } from 'kysely';
import type { DialectName } from '../index';

/**
 * The media library: photos, videos and documents a unit uploads for a campaign. The bytes live
 * on disk under random keys (the row names them); the row holds what the gallery filters and
 * shows, and what the office decides (featured for the summary).
 */
export function media(dialect: DialectName) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('media_items')
        .addColumn('id', idType, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        // Shown to people only; no path on disk is ever built from it.
        .addColumn('original_name', 'text', (c) => c.notNull())
        // bigint: a video limit raised past 2 GB must not overflow PostgreSQL's integer.
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        // File names under media/originals and media/derived: random, so a name can neither be guessed nor chosen.
        .addColumn('storage_key', 'text', (c) => c.notNull().unique())
        .addColumn('thumb_key', 'text')
        .addColumn('display_key', 'text')
        .addColumn('category', 'text')
        .addColumn('taken_on', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer', (c) => c.references('accounts.id'))
        .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('media_items_unit').on('media_items').columns(['campaign_id', 'unit_id']).execute();
      await db.schema.createIndex('media_items_taken').on('media_items').columns(['campaign_id', 'taken_on']).execute();
    },
  };
}
