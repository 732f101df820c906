import type { Queryable } from '../../db';
import { expandObligations, type ObligationInstance } from '../../../domain/obligations/obligation.rules';
import { findCampaign, type CampaignRecord } from './campaign.store';

/*
 * Every to-do list and matrix request needs the campaign's parsed definition and its
 * expanded obligations. Parsing the stored JSON and expanding it cost more than all
 * the request's queries together (measured with --cpu-prof on the to-do list benchmark, now bench/platform.bench.ts),
 * so both are kept per campaign and version. The version is the row's updated_at,
 * read on every call: a change made by another process is seen at once.
 */
const cache = new Map<number, { updatedAt: string; checkedAt: number; record: CampaignRecord; instances: ObligationInstance[] }>();

/**
 * `freshWithinMs`: an entry checked against the row that recently is used without asking again —
 * for the public report intake, where one read per report is a measurable share of its cost and a
 * definition edited a second ago may apply a second late.
 */
export async function loadCampaignWithObligations(db: Queryable, id: number, opts: { freshWithinMs?: number } = {}) {
  const hit = cache.get(id);
  if (hit && opts.freshWithinMs && Date.now() - hit.checkedAt < opts.freshWithinMs) return hit;
  // The status is read too: archiving and un-archiving within the same instant still count as changes.
  const head = await db.selectFrom('campaigns').select(['updated_at', 'status']).where('id', '=', id).executeTakeFirst();
  if (!head) return undefined;
  if (hit && hit.updatedAt === head.updated_at && hit.record.status === head.status) {
    hit.checkedAt = Date.now();
    return hit;
  }
  const record = await findCampaign(db, id);
  if (!record) return undefined;
  const entry = { updatedAt: record.updatedAt, checkedAt: Date.now(), record, instances: expandObligations(record.definition) };
  cache.set(id, entry);
  return entry;
}

const idsByCode = new Map<string, number>();

/**
 * The same, found by the campaign's code (public pages and reports know only the code). The id a
 * code named is remembered; the entry it leads to is still checked for its code, so a renamed
 * campaign is looked up again.
 */
export async function loadCampaignByCode(db: Queryable, code: string, opts: { freshWithinMs?: number } = {}) {
  const known = idsByCode.get(code);
  if (known !== undefined) {
    const hit = await loadCampaignWithObligations(db, known, opts);
    if (hit && hit.record.code === code) return hit;
    idsByCode.delete(code);
  }
  const row = await db.selectFrom('campaigns').select('id').where('code', '=', code).executeTakeFirst();
  if (!row) return undefined;
  if (idsByCode.size > 1000) idsByCode.clear();
  idsByCode.set(code, row.id);
  return loadCampaignWithObligations(db, row.id, opts);
}
