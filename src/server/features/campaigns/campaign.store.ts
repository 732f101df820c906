import type { Queryable } from '../../db';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';

export interface CampaignRecord {
  id: number;
  code: string;
  year: number;
  status: 'active' | 'archived';
  definition: CampaignDefinition;
  createdAt: string;
  updatedAt: string;
  /** The unit that runs the campaign; the campaign covers its subtree. */
  organiserUnitId: number | null;
}

function toRecord(row: { id: number; code: string; year: number; status: 'active' | 'archived'; definition: string; created_at: string; updated_at: string; organiser_unit_id: number | null }): CampaignRecord {
  return {
    organiserUnitId: row.organiser_unit_id,
    id: row.id,
    code: row.code,
    year: row.year,
    status: row.status,
    definition: JSON.parse(row.definition) as CampaignDefinition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listCampaigns(db: Queryable) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'code', 'year', 'status', 'title_zh', 'title_en', 'created_at', 'definition', 'organiser_unit_id'])
    .orderBy('year', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findCampaign(db: Queryable, id: number) {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findCampaignByCode(db: Queryable, code: string) {
  const row = await db.selectFrom('campaigns').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertCampaign(db: Queryable, def: CampaignDefinition, now: Date): Promise<number> {
  const at = now.toISOString();
  const row = await db
    .insertInto('campaigns')
    .values({
      code: def.code, year: def.year, status: 'active',
      title_zh: def.identity.title.zh, title_en: def.identity.title.en,
      definition: JSON.stringify(def), created_at: at, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCampaignDefinition(db: Queryable, id: number, def: CampaignDefinition, now: Date) {
  await db
    .updateTable('campaigns')
    .set({
      code: def.code, year: def.year, title_zh: def.identity.title.zh, title_en: def.identity.title.en,
      definition: JSON.stringify(def), updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/** Archiving bumps updated_at, so every process's cached copy (campaign.cache.ts) sees it at once. */
export async function setCampaignStatus(db: Queryable, id: number, status: 'active' | 'archived', now: Date) {
  await db.updateTable('campaigns').set({ status, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function setCampaignOrganiser(db: Queryable, id: number, unitId: number) {
  await db.updateTable('campaigns').set({ organiser_unit_id: unitId }).where('id', '=', id).execute();
}
