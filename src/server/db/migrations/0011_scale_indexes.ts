import type { Kysely } from 'kysely';

/**
 * Indexes the nation-scale benchmark (bench/platform.bench.ts) showed missing. A unit's to-do list
 * reads its own fulfilments, but `obligation_fulfilments_lookup` leads with the obligation key, so
 * each to-do list read the campaign's every fulfilment: 2.9 ms at 30,000 units, and growing with them.
 */
export function scaleIndexes() {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('obligation_fulfilments_unit').on('obligation_fulfilments').columns(['campaign_id', 'unit_id']).execute();
    },
  };
}
