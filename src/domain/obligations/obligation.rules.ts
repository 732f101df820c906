import type { CampaignDefinition, Obligation, ObligationForm, ObligationKind } from '../campaign/campaign.schema';
import { unitTypes, type UnitType } from '../orgs/unit-type';
import type { Text } from '../text';
import { DAY_MS, endOfDay, endOfMonth, monthsBetween, startOfDay, startOfMonth } from '../time';

export type ObligationStatus = 'not_due' | 'due_soon' | 'done_on_time' | 'done_late' | 'overdue';

export const obligationStatuses: readonly ObligationStatus[] = [
  'not_due',
  'due_soon',
  'done_on_time',
  'done_late',
  'overdue',
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
    const base = {
      baseKey: o.key,
      ...(o.description !== undefined && { description: o.description }),
      section: o.section,
      kind: o.kind,
      ...(o.form !== undefined && { form: o.form }),
      unitTypes: resolveUnitTypes(def, o),
      minCount: o.minCount,
      ...(o.targetCount !== undefined && { targetCount: o.targetCount }),
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
