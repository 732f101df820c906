/*
 * Scale data: the reference campaign grown to the size of a city, a province or the nation,
 * written through the platform's own stores (the same inserts the services make) from one seed,
 * so every run and both databases get the same rows.
 *
 * Shape, at every scale:
 * - units: half directly under the city office (counties, zones, departments, enterprises in
 *   turn), half townships under those counties — so a county's lists cover a subtree;
 * - obligations: about 60 % of what each unit owes is already fulfilled (dated before the clock),
 *   so the to-do list and the matrix show every status;
 * - statistics table (附件2): every unit that owes it has one, mostly submitted or accepted;
 * - activities: spread over units, task categories and each category's period, in every state;
 * - cases: public reports, hotline calls, units' leads, inspections and media items over the
 *   first three weeks of June, in every status, assigned to counties and their townships, some
 *   overdue against the bench clock (2022-06-20 10:00 Shanghai).
 * Writes go in transactions of BATCH rows; PostgreSQL is VACUUM ANALYZEd at the end, as
 * autovacuum would have done on a live server after such a load.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../src/server/db';
import type { CampaignDefinition } from '../../src/domain/campaign/campaign.schema';
import { expandObligations } from '../../src/domain/obligations/obligation.rules';
import { defaultContributions } from '../../src/domain/activities/activity.rules';
import { findCampaign } from '../../src/server/features/campaigns/campaign.store';
import { insertUnit, findUnitByCode } from '../../src/server/features/orgs/unit.store';
import { findAccountByUsername } from '../../src/server/features/accounts/account.store';
import { insertFulfilment } from '../../src/server/features/obligations/obligation.store';
import { insertReport } from '../../src/server/features/statistics/statistics.store';
import { insertActivities, type ActivityInsert } from '../../src/server/features/activities/activity.store';
import { insertCase, insertEvent, insertReceivedCases, updateCase, type NewCase } from '../../src/server/features/cases/case.store';
import { random } from '../support';

export const SCALES = {
  city: { units: 100, activities: 5_000, cases: 2_000 },
  province: { units: 2_000, activities: 100_000, cases: 40_000 },
  nation: { units: 30_000, activities: 1_000_000, cases: 200_000 },
} as const;
export type ScaleName = keyof typeof SCALES;

/** The instant the generated campaign is seen at: three weeks into the Month. */
export const BENCH_NOW = new Date('2022-06-20T10:00:00+08:00');
const BATCH = 5_000;
const TOP_TYPES = ['county', 'zone', 'department', 'enterprise'] as const;
const DAY = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const dayText = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

export interface ScaleUnit { id: number; path: string; code: string; name: string; shortName: string; type: string }
type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]) => list[Math.floor(r() * list.length)]!;

/** Runs `write` over `items` in transactions of BATCH. */
async function inBatches<T>(db: Db, items: T[], write: (tx: Tx, batch: T[]) => Promise<void>) {
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    await db.transaction().execute((tx) => write(tx, batch));
  }
}

export async function buildUnits(db: Db, count: number, now: Date): Promise<ScaleUnit[]> {
  const city = (await findUnitByCode(db, '530100-AW'))!;
  const units: ScaleUnit[] = [];
  const counties: ScaleUnit[] = [];
  const top = Math.floor(count / 2);
  const plan = Array.from({ length: count }, (_, i) => i);
  await inBatches(db, plan, async (tx, batch) => {
    for (const i of batch) {
      const isTop = i < top;
      const type = isTop ? TOP_TYPES[i % TOP_TYPES.length]! : 'township';
      const parent = isTop ? city : counties[i % counties.length]!;
      const u = await insertUnit(tx, { code: `B${i}`, name: `基准单位${i}`, shortName: `基准${i}`, type, parent, sortOrder: i, now });
      const unit = { id: u.id, path: u.path, code: u.code, name: u.name, shortName: u.short_name, type };
      if (type === 'county') counties.push(unit);
      units.push(unit);
    }
  });
  return units;
}

/** About 60 % of each unit's obligations already done, on a day between 20 May and the clock. */
export async function buildFulfilments(db: Db, campaignId: number, def: CampaignDefinition, units: ScaleUnit[], r: Rand, now: Date) {
  const instances = expandObligations(def);
  const byBase = new Map(instances.map((i) => [i.baseKey, i]));
  const start = Date.parse('2022-05-20T00:00:00+08:00');
  const rows: { unitId: number; key: string; category: string | null; at: Date }[] = [];
  for (const u of units) {
    for (const inst of byBase.values()) {
      if (!inst.unitTypes.includes(u.type as never) || r() >= 0.6) continue;
      const at = new Date(start + Math.floor(r() * (now.getTime() - start)));
      // A coverage obligation counts a record per task category; the others count plain records.
      const categories = inst.kind === 'coverage' ? (inst.categories ?? []).filter(() => r() < 0.7) : [null];
      for (const category of categories) rows.push({ unitId: u.id, key: inst.baseKey, category, at });
    }
  }
  await inBatches(db, rows, async (tx, batch) => {
    for (const f of batch) {
      await insertFulfilment(tx, { campaignId, unitId: f.unitId, obligationKey: f.key, at: f.at, sourceType: 'offline', sourceId: f.category, note: 'scale data' }, now);
    }
  });
  return rows.length;
}

/** A statistics table for every unit that owes one: 10 % draft, 60 % submitted, 30 % accepted. */
export async function buildStatistics(db: Db, campaignId: number, def: CampaignDefinition, units: ScaleUnit[], r: Rand, now: Date) {
  const owing = new Set(expandObligations(def).filter((i) => i.form === 'statistics').flatMap((i) => i.unitTypes as string[]));
  const keys = def.forms.statistics.indicators.map((i) => i.key);
  const reporting = units.filter((u) => owing.has(u.type));
  await inBatches(db, reporting, async (tx, batch) => {
    for (const u of batch) {
      const x = r();
      const status = x < 0.1 ? 'draft' as const : x < 0.7 ? 'submitted' as const : 'accepted' as const;
      const submitted = status === 'draft' ? null : now.toISOString();
      await insertReport(tx, {
        campaignId, unitId: u.id, status, values: Object.fromEntries(keys.map((k) => [k, Math.floor(r() * 500)])), comments: {}, late: false,
        firstSubmittedAt: submitted, submittedAt: submitted, submittedBy: null, at: now,
      });
    }
  });
  return reporting.length;
}

/** Most activities take a day; some a few days; an inspection tour up to two weeks. */
function duration(r: Rand) {
  const x = r();
  if (x < 0.7) return 0;
  if (x < 0.9) return 1 + Math.floor(r() * 2);
  return 3 + Math.floor(r() * 11);
}

/** Draft 15 %, submitted 25 %, returned 10 %, accepted 50 %. */
function activityState(r: Rand) {
  const x = r();
  return x < 0.15 ? 'draft' as const : x < 0.4 ? 'submitted' as const : x < 0.5 ? 'returned' as const : 'accepted' as const;
}

export async function buildActivities(db: Db, campaignId: number, def: CampaignDefinition, units: ScaleUnit[], count: number, r: Rand) {
  const admin = (await findAccountByUsername(db, 'admin'))!;
  // Places are the reference campaign's counties, as a unit would pick them.
  const countyCodes = (await db.selectFrom('units').select('code').where('type', '=', 'county').where('code', 'not like', 'B%').execute()).map((u) => u.code);
  const periods = new Map(def.periods.map((p) => [p.key, { start: dayNumber(p.start), end: dayNumber(p.end) }]));
  const categories = def.taskCategories.map((c) => ({ ...c, span: periods.get(c.period)! }));
  for (let done = 0; done < count;) {
    const rows: ActivityInsert[] = [];
    for (; rows.length < BATCH * 2 && done < count; done++) {
      const unit = pick(r, units);
      const category = pick(r, categories);
      const first = Math.floor(r() * category.forms.length);
      const forms = category.forms.slice(first, first + 1 + Math.floor(r() * 2));
      const start = category.span.start + Math.floor(r() * (category.span.end - category.span.start + 1));
      const end = Math.min(category.span.end, start + duration(r));
      const status = activityState(r);
      const participants = Math.floor(r() * 300);
      const at = new Date(Date.UTC(2022, 5, 1) + Math.floor(r() * 30 * DAY));
      const decided = status === 'accepted' || status === 'returned';
      rows.push({
        campaignId, unitId: unit.id, category: category.key, forms: forms.map((f) => f.key),
        title: `${unit.shortName}${category.name.zh}第${done}次活动`, startsOn: dayText(start), endsOn: dayText(end),
        countyCode: r() < 0.8 ? pick(r, countyCodes) : null,
        address: `人民路${done % 997}号`, organiser: unit.name, audience: r() < 0.5 ? '从业人员' : null, participants,
        description: r() < 0.3 ? `${category.name.zh}：组织开展${forms.map((f) => f.name.zh).join('、')}。` : null,
        links: [], contributions: defaultContributions(forms, participants), isPublic: status === 'accepted' && r() < 0.3, status,
        submittedAt: status === 'draft' ? null : at.toISOString(),
        decidedAt: decided ? at.toISOString() : null, decidedBy: decided ? admin.id : null,
        createdBy: admin.id, at,
      });
    }
    await db.transaction().execute((tx) => insertActivities(tx, rows));
  }
  return count;
}

const SOURCES: [string, number][] = [['public', 0.7], ['hotline', 0.85], ['unit', 0.95], ['inspection', 0.98], ['media', 1]];
const STATUSES: [string, number][] = [
  ['received', 0.1], ['not_accepted', 0.15], ['accepted', 0.2], ['assigned', 0.35], ['founded', 0.4], ['unfounded', 0.5],
  ['rectifying', 0.65], ['rectified', 0.75], ['closed', 1],
];
const ASSIGNED = new Set(['assigned', 'founded', 'unfounded', 'rectifying', 'rectified', 'closed']);
const weighted = (r: Rand, table: [string, number][]) => { const x = r(); return table.find(([, p]) => x < p)![0]; };

/**
 * Cases in every status. A public report or hotline call arrives with a receipt and goes in by the
 * intake's own batch insert; a unit's lead, an inspection or a media item has no receipt and goes
 * in one by one, as the desk files it. A case past the desk is then assigned to a county or one of
 * its townships (the step's update and its event), with the deadline of the step it waits on.
 */
export async function buildCases(db: Db, campaignId: number, def: CampaignDefinition, units: ScaleUnit[], count: number, r: Rand) {
  const counties = units.filter((u) => u.type === 'county');
  const townships = units.filter((u) => u.type === 'township');
  const categories = def.cases.categories.map((c) => c.key);
  const planned: { row: NewCase; assignTo: ScaleUnit | null }[] = [];
  for (let i = 0; i < count; i++) {
    const source = weighted(r, SOURCES);
    const status = weighted(r, STATUSES);
    const county = pick(r, counties);
    const receivedDay = dayNumber('2022-06-01') + Math.floor(r() * 20);
    const deadline = new Date((receivedDay + 5 + Math.floor(r() * 25)) * DAY + 16 * 3_600_000 - 1);
    const assignTo = ASSIGNED.has(status) ? (r() < 0.5 ? county : townships.find((t) => t.path.startsWith(county.path)) ?? county) : null;
    const receipted = source === 'public' || source === 'hotline';
    planned.push({
      assignTo,
      row: {
        campaign_id: campaignId, source, category: pick(r, categories), whistleblower: r() < 0.05 ? 1 : 0, county_id: county.id,
        address: `${county.shortName}人民路${i % 997}号`, latitude: null, longitude: null, enterprise: r() < 0.6 ? `某某企业${i % 5003}` : null,
        occurred_on: null, description: `第${i}号线索：${county.shortName}某处存在安全隐患，请予核查。`, status,
        received_on: dayText(receivedDay), deadline_at: status === 'closed' || status === 'not_accepted' ? null : deadline.toISOString(),
        poster_unit_id: null, filed_by_unit_id: source === 'unit' ? county.id : null, created_by: null,
        reporter_name: null, reporter_phone: null,
        receipt_hash: receipted ? crypto.createHash('sha256').update(`scale-${i}-${r()}`).digest('hex') : null,
        updated_on: dayText(receivedDay),
      },
    });
  }
  await inBatches(db, planned, async (tx, batch) => {
    const receipted = batch.filter((p) => p.row.receipt_hash !== null);
    // 1,000 rows of 24 columns a statement: under SQLite's 32,766 bound parameters.
    const ids: number[] = [];
    for (let i = 0; i < receipted.length; i += 1000) ids.push(...await insertReceivedCases(tx, receipted.slice(i, i + 1000).map((p) => p.row)));
    const placed = receipted.map((p, i) => ({ ...p, id: ids[i]! }));
    for (const p of batch.filter((b) => b.row.receipt_hash === null)) {
      const id = await insertCase(tx, p.row);
      await insertEvent(tx, { caseId: id, action: 'file', from: null, to: 'received', actorId: null, unitId: p.row.filed_by_unit_id, comment: null, at: p.row.received_on });
      placed.push({ ...p, id });
    }
    for (const p of placed) {
      if (!p.assignTo) continue;
      await updateCase(tx, p.id, 1, { assigned_unit_id: p.assignTo.id });
      await insertEvent(tx, { caseId: p.id, action: 'assign', from: 'accepted', to: p.row.status, actorId: null, unitId: p.assignTo.id, comment: null, at: p.row.received_on });
    }
  });
  return count;
}

export interface BuiltScale {
  scale: ScaleName;
  seconds: Record<'units' | 'fulfilments' | 'statistics' | 'activities' | 'cases' | 'analyze' | 'total', number>;
  rows: Record<'units' | 'fulfilments' | 'statistics' | 'activities' | 'cases', number>;
  /** The first generated county: the unit whose own lists are measured. */
  county: ScaleUnit & { subtreeUnits: number };
}

/** Builds the whole scale into the campaign `campaignId` of `db`, timing each part. */
export async function buildScale(db: Db, dialect: 'sqlite' | 'postgres', campaignId: number, scale: ScaleName, seed = 2022): Promise<BuiltScale> {
  const size = SCALES[scale];
  const def = (await findCampaign(db, campaignId))!.definition;
  const r = random(seed);
  const now = BENCH_NOW;
  const seconds = {} as BuiltScale['seconds'];
  const timed = async <T>(part: keyof BuiltScale['seconds'], fn: () => Promise<T>) => {
    const started = performance.now();
    const value = await fn();
    seconds[part] = (performance.now() - started) / 1000;
    return value;
  };
  const startedAll = performance.now();
  const units = await timed('units', () => buildUnits(db, size.units, now));
  const fulfilments = await timed('fulfilments', () => buildFulfilments(db, campaignId, def, units, r, now));
  const statistics = await timed('statistics', () => buildStatistics(db, campaignId, def, units, r, now));
  const activities = await timed('activities', () => buildActivities(db, campaignId, def, units, size.activities, r));
  const cases = await timed('cases', () => buildCases(db, campaignId, def, units, size.cases, r));
  await timed('analyze', async () => { if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(db); });
  seconds.total = (performance.now() - startedAll) / 1000;
  const county = units.find((u) => u.type === 'county')!;
  return {
    scale, seconds, rows: { units: units.length, fulfilments, statistics, activities, cases },
    county: { ...county, subtreeUnits: units.filter((u) => u.path.startsWith(county.path)).length },
  };
}
