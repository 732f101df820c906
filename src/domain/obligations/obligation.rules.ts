import { coverageCategoryKeys, type CampaignDefinition, type Obligation, type ObligationForm, type ObligationKind } from '../campaign/campaign.schema';
import { unitTypes, type UnitType } from '../orgs/unit-type';
import type { Text } from '../text';
import { DAY_MS, endOfDay, endOfMonth, monthsBetween, startOfDay, startOfMonth } from '../time';

/** `returned`: a form filed once and sent back for correction (reporting.ts); not done until resubmitted. */
export type ObligationStatus = 'not_due' | 'due_soon' | 'done_on_time' | 'done_late' | 'overdue' | 'returned';

export const obligationStatuses: readonly ObligationStatus[] = [
  'not_due',
  'due_soon',
  'done_on_time',
  'done_late',
  'overdue',
  'returned',
];

/** One thing a unit owes by one deadline: an obligation, or one month of a monthly quota. */
export interface ObligationInstance {
  /** `exposure_monthly:2022-06` for a month of a recurring quota, else the obligation key. */
  key: string;
  baseKey: string;
  name: Text;
  description?: Text;
  section: string;
  kind: ObligationKind;
  form?: ObligationForm;
  unitTypes: UnitType[];
  /** Exclusive: anything done before this instant is on time. */
  due: Date;
  opensAt?: Date;
  /** Only records at or after windowStart and before windowEnd count towards a quota. */
  windowStart?: Date;
  windowEnd?: Date;
  /** The calendar month (`YYYY-MM`) of a recurring instance. */
  month?: string;
  minCount: number;
  targetCount?: number;
  /** A coverage obligation's task categories, each needing one record; minCount is their number. */
  categories?: string[];
}

const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function monthSuffix(yyyyMm: string): Text {
  const year = yyyyMm.slice(0, 4);
  const month = Number(yyyyMm.slice(5, 7));
  return { zh: `（${year}年${month}月）`, en: ` (${EN_MONTHS[month - 1]} ${year})` };
}

function resolveUnitTypes(def: CampaignDefinition, o: Obligation): UnitType[] {
  const wanted = new Set<UnitType>();
  for (const key of o.appliesTo) {
    for (const t of def.participantGroups.find((g) => g.key === key)?.unitTypes ?? []) wanted.add(t);
  }
  return unitTypes.filter((t) => wanted.has(t));
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Every deadline the definition implies, in definition order. Assumes a definition that passed
 * the schema: references resolve and every non-recurring obligation has a due day or a window.
 */
export function expandObligations(def: CampaignDefinition): ObligationInstance[] {
  const instances: ObligationInstance[] = [];
  for (const o of def.obligations) {
    const period = o.window === undefined ? undefined : def.periods.find((p) => p.key === o.window);
    const categories = o.kind === 'coverage' ? coverageCategoryKeys(def, o) : undefined;
    const base = {
      baseKey: o.key,
      ...(o.description !== undefined && { description: o.description }),
      section: o.section,
      kind: o.kind,
      ...(o.form !== undefined && { form: o.form }),
      unitTypes: resolveUnitTypes(def, o),
      minCount: categories ? categories.length : o.minCount,
      ...(o.targetCount !== undefined && { targetCount: o.targetCount }),
      ...(categories && { categories }),
    };
    const opensOn = o.opensOn === undefined ? undefined : startOfDay(o.opensOn);

    if (o.recurrence === 'monthly' && period) {
      const periodStart = startOfDay(period.start);
      const periodEnd = endOfDay(period.end);
      for (const month of monthsBetween(period.start, period.end)) {
        const suffix = monthSuffix(month);
        // A period that starts or ends mid-month only counts its own days of that month.
        const windowStart = later(startOfMonth(month), periodStart);
        instances.push({
          ...base,
          key: `${o.key}:${month}`,
          name: { zh: o.name.zh + suffix.zh, en: o.name.en + suffix.en },
          due: endOfMonth(month),
          opensAt: opensOn ? later(opensOn, windowStart) : windowStart,
          windowStart,
          windowEnd: earlier(endOfMonth(month), periodEnd),
          month,
        });
      }
      continue;
    }

    const windowStart = period ? startOfDay(period.start) : undefined;
    const windowEnd = period ? endOfDay(period.end) : undefined;
    const due = o.due !== undefined ? endOfDay(o.due) : windowEnd;
    if (due === undefined) throw new Error(`obligation "${o.key}" has neither due nor window`);
    // A quota with a window can be worked on from the day its window opens.
    const opensAt = opensOn ?? windowStart;
    instances.push({
      ...base,
      key: o.key,
      name: o.name,
      due,
      ...(opensAt !== undefined && { opensAt }),
      ...(windowStart !== undefined && { windowStart }),
      ...(windowEnd !== undefined && { windowEnd }),
    });
  }
  return instances;
}

export function appliesTo(instance: Pick<ObligationInstance, 'unitTypes'>, unitType: UnitType): boolean {
  return instance.unitTypes.includes(unitType);
}

/** The instances a unit of this type owes. */
export function obligationsFor(instances: readonly ObligationInstance[], unitType: UnitType): ObligationInstance[] {
  return instances.filter((i) => appliesTo(i, unitType));
}

/** Whether a record made at this instant counts towards the instance's quota window. */
export function inWindow(instance: Pick<ObligationInstance, 'windowStart' | 'windowEnd'>, at: Date): boolean {
  const t = at.getTime();
  return (
    (instance.windowStart === undefined || t >= instance.windowStart.getTime()) &&
    (instance.windowEnd === undefined || t < instance.windowEnd.getTime())
  );
}

export interface ObligationStatusInput {
  due: Date;
  minCount: number;
  /** Instants of the records that count (already filtered to the unit and the window). */
  fulfilments: readonly Date[];
  now: Date;
  dueSoonDays: number;
}

export interface ObligationStatusResult {
  status: ObligationStatus;
  /** When the minCount-th record arrived: the moment the obligation was met. */
  fulfilledAt: Date | null;
  count: number;
}

export function obligationStatus(input: ObligationStatusInput): ObligationStatusResult {
  const { due, minCount, fulfilments, now, dueSoonDays } = input;
  const count = fulfilments.length;
  if (count >= minCount) {
    // Records may arrive out of order (imports, back-dated entries): the obligation was met by
    // the minCount-th record in time, not by the minCount-th one stored.
    const sorted = [...fulfilments].sort((a, b) => a.getTime() - b.getTime());
    const fulfilledAt = sorted[Math.max(minCount, 1) - 1] ?? null;
    if (fulfilledAt !== null) {
      return {
        status: fulfilledAt.getTime() < due.getTime() ? 'done_on_time' : 'done_late',
        fulfilledAt,
        count,
      };
    }
  }
  const status: ObligationStatus =
    now.getTime() >= due.getTime()
      ? 'overdue'
      : now.getTime() >= due.getTime() - dueSoonDays * DAY_MS
        ? 'due_soon'
        : 'not_due';
  return { status, fulfilledAt: null, count };
}

export interface CoverageStatusInput {
  due: Date;
  categories: readonly string[];
  /** The unit's records of the obligation: each names the category it covers (its source id). */
  fulfilments: readonly { category: string; at: Date }[];
  now: Date;
  dueSoonDays: number;
}

export interface CoverageStatusResult extends ObligationStatusResult {
  /** The categories with no record yet, in the obligation's order. */
  missing: string[];
}

/**
 * "At least one activity in every category": done when each category has a record, at the moment
 * the last category got its first one. count is the number of categories covered; further records
 * of a category already covered change nothing, and records of categories not asked for are ignored.
 */
export function coverageStatus(input: CoverageStatusInput): CoverageStatusResult {
  const { due, categories, fulfilments, now, dueSoonDays } = input;
  const wanted = new Set(categories);
  const first = new Map<string, Date>();
  for (const f of fulfilments) {
    if (!wanted.has(f.category)) continue;
    const seen = first.get(f.category);
    if (!seen || f.at.getTime() < seen.getTime()) first.set(f.category, f.at);
  }
  const status = obligationStatus({ due, minCount: wanted.size, fulfilments: [...first.values()], now, dueSoonDays });
  return { ...status, missing: categories.filter((k, i) => !first.has(k) && categories.indexOf(k) === i) };
}
