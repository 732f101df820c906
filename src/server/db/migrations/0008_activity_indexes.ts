import type { Kysely } from 'kysely';

/**
 * Indexes for the activity list and calendar at nation scale (a million rows, see
 * bench/activities.bench.ts). Without them the office's first page sorted every row of the
 * campaign, a category filter read the table row by row, and the calendar read every activity of
 * the month. `id` is a column of the first and third so that (starts_on, id), the lists' order, is
 * the index's own order on both databases, and `ends_on` (and `status`) follow it so that a date
 * range (and a status) is judged in the index without reading rows; the second exists for the
 * calendar's counts, which group by (starts_on, ends_on) and so need that order.
 */
export function activityIndexes() {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('activities_day').on('activities').columns(['campaign_id', 'starts_on', 'id', 'ends_on']).execute();
      await db.schema.createIndex('activities_span').on('activities').columns(['campaign_id', 'starts_on', 'ends_on']).execute();
      await db.schema
        .createIndex('activities_category_day')
        .on('activities')
        .columns(['campaign_id', 'category', 'starts_on', 'id', 'ends_on', 'status'])
        .execute();
    },
  };
}
