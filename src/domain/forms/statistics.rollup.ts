import type { UnitType } from '../orgs/unit-type';
import { addExact, type StatisticsValues } from './statistics.rules';
import { reportingOf, type FiledFormHead } from './reporting';

/*
 * The city table (附件2 汇总): one row per reporting unit at the top of its branch, each row
 * holding its own figures plus those of every sub-unit under it that reported (a county's
 * townships, a group's subsidiaries); subtotals per unit type; the grand total. A sub-unit that
 * also owes the table is counted once, in its top unit's row, never twice.
 */

export interface RollupUnit {
  id: number;
  /** Materialised path, e.g. "/1/7/42/": the ids from the root to the unit itself. */
  path: string;
  type: UnitType;
}

export interface RollupRow<U extends RollupUnit> {
  unit: U;
  /** The unit's own table, when reported. */
  own: StatisticsValues | null;
  /** Own figures plus every reporting sub-unit's. */
  total: StatisticsValues;
  /** How many tables (own and sub-units') the total is made of. */
  reports: number;
}

export interface Rollup<U extends RollupUnit> {
  rows: RollupRow<U>[];
  subtotals: { type: UnitType; units: number; reports: number; total: StatisticsValues }[];
  total: StatisticsValues;
  reports: number;
}

const idsOf = (path: string) => path.split('/').filter(Boolean).map(Number);

/** Adds figure by figure, exactly at each indicator's places (decimals: key → places; a count has none). */
function addInto(into: StatisticsValues, from: StatisticsValues, keys: readonly string[], decimals: Readonly<Record<string, number>>) {
  for (const k of keys) {
    const v = from[k];
    if (v) into[k] = addExact(into[k] ?? 0, v, decimals[k] ?? 0);
  }
}

const zeros = (keys: readonly string[]): StatisticsValues => Object.fromEntries(keys.map((k) => [k, 0]));

/**
 * @param rowUnits the units that owe the table, in the office's order
 * @param reported unit id → its reported table, for every unit that reported (owing or not)
 * @param reportedPaths unit id → path, for the reporting units that are not in `rowUnits`
 * @param typeOrder the order of the subtotals
 */
export function rollUp<U extends RollupUnit>(input: {
  rowUnits: readonly U[];
  reported: ReadonlyMap<number, StatisticsValues>;
  reportedPaths: ReadonlyMap<number, string>;
  indicatorKeys: readonly string[];
  /** Indicator key → decimal places (statistics.rules.ts decimalsByKey); absent: a count. */
  decimals?: Readonly<Record<string, number>>;
  typeOrder: readonly UnitType[];
}): Rollup<U> {
  const { rowUnits, reported, reportedPaths, indicatorKeys: keys } = input;
  const decimals = input.decimals ?? {};
  const owing = new Set(rowUnits.map((u) => u.id));
  // Top units: owing units with no owing ancestor. Everything reported below one rolls into it.
  const top = rowUnits.filter((u) => idsOf(u.path).slice(0, -1).every((id) => !owing.has(id)));
  const rowById = new Map<number, RollupRow<U>>(
    top.map((u) => [u.id, { unit: u, own: reported.get(u.id) ?? null, total: zeros(keys), reports: 0 }]),
  );
  const pathOf = new Map<number, string>(reportedPaths);
  for (const u of rowUnits) pathOf.set(u.id, u.path);

  for (const [unitId, values] of reported) {
    const path = pathOf.get(unitId);
    if (!path) continue;
    const topId = idsOf(path).find((id) => rowById.has(id));
    if (topId === undefined) continue; // reported outside every owing branch: not part of this table
    const row = rowById.get(topId)!;
    addInto(row.total, values, keys, decimals);
    row.reports++;
  }

  const rows = top.map((u) => rowById.get(u.id)!);
  const total = zeros(keys);
  let reports = 0;
  const subtotals = input.typeOrder
    .map((type) => {
      const ofType = rows.filter((r) => r.unit.type === type);
      const sub = zeros(keys);
      let n = 0;
      for (const r of ofType) {
        addInto(sub, r.total, keys, decimals);
        n += r.reports;
      }
      addInto(total, sub, keys, decimals);
      reports += n;
      return { type, units: ofType.length, reports: n, total: sub };
    })
    .filter((s) => s.units > 0);
  return { rows, subtotals, total, reports };
}

export interface CompletenessInput {
  type: UnitType;
  /** The unit's filed form (status and first submission), or null: reporting.ts says what counts. */
  form: FiledFormHead | null;
}

export interface CompletenessFigure {
  units: number;
  /** Units whose form counts as reported now (a returned one does not). */
  submitted: number;
  onTime: number;
  /** Shares in [0, 1]; 0 when there are no units. */
  completeness: number;
  timeliness: number;
}

function figure(list: readonly CompletenessInput[], due: Date | null): CompletenessFigure {
  // The deadline is exclusive: a table filed at 23:59:59 on the due day is on time, one at 00:00 the next day is late.
  const states = list.map((u) => reportingOf(u.form, due));
  const submitted = states.filter((r) => r.reported).length;
  const onTime = states.filter((r) => r.onTime).length;
  const units = list.length;
  return {
    units,
    submitted,
    onTime,
    completeness: units ? submitted / units : 0,
    timeliness: units ? onTime / units : 0,
  };
}

/** Completeness (share that reported) and timeliness (share that reported, first submitted before the deadline), per type and overall. */
export function completeness(
  units: readonly CompletenessInput[],
  due: Date | null,
  typeOrder: readonly UnitType[],
): { byType: ({ type: UnitType } & CompletenessFigure)[]; overall: CompletenessFigure } {
  const byType = typeOrder
    .map((type) => ({ type, ...figure(units.filter((u) => u.type === type), due) }))
    .filter((f) => f.units > 0);
  return { byType, overall: figure(units, due) };
}
