import type { Queryable } from '../../db';
import { expandObligations, type ObligationInstance } from '../../../domain/obligations/obligation.rules';
import { findCampaign, type CampaignRecord } from './campaign.store';

/*
 * Every to-do list and matrix request needs the campaign's parsed definition and its
 * expanded obligations. Parsing the stored JSON and expanding it cost more than all
 * the request's queries together (measured with --cpu-prof in bench/todo.bench.ts),
 * so both are kept per campaign and version. The version is the row's updated_at,
 * read on every call: a change made by another process is seen at once.
 */
const cache = new Map<number, { updatedAt: string; record: CampaignRecord; instances: ObligationInstance[] }>();

export async function loadCampaignWithObligations(db: Queryable, id: number) {
  const head = await db.selectFrom('campaigns').select('updated_at').where('id', '=', id).executeTakeFirst();
  if (!head) return undefined;
  const hit = cache.get(id);
  if (hit && hit.updatedAt === head.updated_at) return hit;
  const record = await findCampaign(db, id);
  if (!record) return undefined;
  const entry = { updatedAt: record.updatedAt, record, instances: expandObligations(record.definition) };
  cache.set(id, entry);
  return entry;
}
