import type { Kysely } from 'kysely';

/**
 * Campaigns own their units, and unit types are data. A campaign gets its organiser unit (it covers
 * that unit's subtree: a city office its city, a province office every city under it); existing
 * campaigns get the root unit their definition names. Unit types move from a fixed list in the code
 * to a table the office can add to, seeded with the kinds every installation has.
 */
const SEED: [string, string, string][] = [
  ['province_office', '省安委办', 'Provincial work-safety committee office'],
  ['city_office', '市安委办', 'City work-safety committee office'],
  ['county', '县（市）区安委会', 'County-level work-safety committee'],
  ['township', '乡镇（街道）', 'Township or sub-district'],
  ['zone', '开发（度假）园区安委会', 'Development or resort zone work-safety committee'],
  ['department', '市安委会成员单位', 'Member unit of the city work-safety committee'],
  ['enterprise', '企业', 'Enterprise'],
];

export function campaignOrganiser() {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not today's types
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('campaigns').addColumn('organiser_unit_id', 'integer', (c) => c.references('units.id')).execute();
      const campaigns = await db.selectFrom('campaigns').select(['id', 'definition']).execute();
      for (const c of campaigns as { id: number; definition: string }[]) {
        const def = JSON.parse(c.definition) as { units?: { code: string; parent?: string }[] };
        const root = def.units?.find((u) => !u.parent);
        if (!root) continue;
        const unit = await db.selectFrom('units').select('id').where('code', '=', root.code).executeTakeFirst();
        if (unit) await db.updateTable('campaigns').set({ organiser_unit_id: unit.id }).where('id', '=', c.id).execute();
      }

      await db.schema
        .createTable('unit_types')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('label_zh', 'text', (c) => c.notNull())
        .addColumn('label_en', 'text', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      const at = new Date().toISOString();
      await db.insertInto('unit_types')
        .values(SEED.map(([code, zh, en], i) => ({ code, label_zh: zh, label_en: en, sort_order: (i + 1) * 10, created_at: at })))
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('unit_types').execute();
      await db.schema.alterTable('campaigns').dropColumn('organiser_unit_id').execute();
    },
  };
}
