import type { Queryable } from '../../db';

export interface FulfilmentRecord {
  campaignId: number;
  unitId: number;
  obligationKey: string;
  at: Date;
  sourceType: string;
  sourceId?: string | number | null;
  note?: string | null;
  recordedBy?: number | null;
}

export async function insertFulfilment(db: Queryable, f: FulfilmentRecord, now: Date): Promise<number> {
  const row = await db
    .insertInto('obligation_fulfilments')
    .values({
      campaign_id: f.campaignId,
      unit_id: f.unitId,
      obligation_key: f.obligationKey,
      fulfilled_at: f.at.toISOString(),
      source_type: f.sourceType,
      source_id: f.sourceId === undefined || f.sourceId === null ? null : String(f.sourceId),
      note: f.note ?? null,
      recorded_by: f.recordedBy ?? null,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every fulfilment of a campaign, optionally for some units only: the engine needs their instants. */
export async function listFulfilments(db: Queryable, campaignId: number, unitIds?: number[]) {
  let q = db
    .selectFrom('obligation_fulfilments')
    .select(['unit_id', 'obligation_key', 'fulfilled_at', 'source_id'])
    .where('campaign_id', '=', campaignId);
  if (unitIds) {
    if (unitIds.length === 0) return [];
    q = q.where('unit_id', 'in', unitIds);
  }
  return q.execute();
}

/** Takes back what a record had counted (a withdrawn exposure no longer fulfils its month). */
export async function deleteFulfilments(db: Queryable, f: { campaignId: number; sourceType: string; sourceId: string | number }) {
  await db.deleteFrom('obligation_fulfilments').where('campaign_id', '=', f.campaignId).where('source_type', '=', f.sourceType)
    .where('source_id', '=', String(f.sourceId)).execute();
}
