import type { Queryable } from '../../db';
import type { Scope } from '../../auth/actor';
import { findUnit, listUnits } from '../orgs/unit.store';

/*
 * A campaign covers its organiser's subtree: a city office's campaign its city, a province office's
 * every city under it. Every campaign-level list of units (to-do matrix, liaison and statistics
 * lists, summaries, packages, the public report page's counties) starts from this scope, so two
 * cities' campaigns in one installation never show each other's units. A campaign without an
 * organiser (none of the platform's own; only a row written before migration 0016 with no root
 * unit) covers every unit, as before.
 */
export async function campaignUnitScope(db: Queryable, campaign: { organiserUnitId: number | null }): Promise<Scope> {
  if (campaign.organiserUnitId === null) return { kind: 'all' };
  const organiser = await findUnit(db, campaign.organiserUnitId);
  return organiser ? { kind: 'subtree', path: organiser.path } : { kind: 'all' };
}

/** The organiser unit itself (its name signs the province report; its parent receives it). */
export async function organiserUnit(db: Queryable, campaign: { organiserUnitId: number | null }) {
  return campaign.organiserUnitId === null ? undefined : findUnit(db, campaign.organiserUnitId);
}

/** Paths of the given units, by id (for the organiser's depth in the tree). */
export async function unitPaths(db: Queryable, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'path']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** The units a campaign covers (its organiser's subtree), in the office's order. */
export async function listCampaignUnits(db: Queryable, campaign: { organiserUnitId: number | null }, opts: { activeOnly?: boolean } = {}) {
  return listUnits(db, await campaignUnitScope(db, campaign), opts);
}
