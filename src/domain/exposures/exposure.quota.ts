import { DAY_MS, endOfMonth, monthsBetween, shanghaiMonth, startOfMonth } from '../time';

/*
 * The monthly quota of typical cases (§六: 市安委办将组织市级以上主流媒体每月曝光1—2个典型案例):
 * every calendar month of the Tour the city office owes at least `minCount` published cases and
 * aims at `targetCount` (the obligation `exposure_monthly`, minCount 1, targetCount 2). The months
 * are those of the obligation's instances (`exposure_monthly:2022-06` …), so the office's to-do
 * item and this report speak of the same months.
 *
 * A case counts in the Shanghai calendar month of the instant it was published. A withdrawn case
 * does not count at all, whenever it was withdrawn: the exposure was retracted, and the monthly
 * report to the province office must not claim it. The report is as of `now`: a withdrawal or a
 * publication after `now` has not happened yet, so the office can look back at a past day.
 */

export type ExposureMonthStatus = 'upcoming' | 'open' | 'at_risk' | 'short' | 'met' | 'target_met';

export interface ExposureMonth {
  /** `YYYY-MM`, a Shanghai calendar month. */
  month: string;
  count: number;
  status: ExposureMonthStatus;
}

export interface PublishedExposure {
  at: Date;
  withdrawnAt?: Date | null;
}

export interface MonthlyExposureInput {
  /** The Tour's months, `YYYY-MM` (tourMonths). Publications in other months are not counted. */
  months: readonly string[];
  published: readonly PublishedExposure[];
  now: Date;
  minCount: number;
  /** The plan's "1—2": meeting the upper figure is shown apart. Absent: only minCount matters. */
  targetCount?: number | undefined;
  /** A month still short this many days or fewer before it ends is at risk (5: the last working week). */
  warnDays?: number;
}

/** Every month the Tour touches, from its first day to its last (period `tour`: 2022-06 … 2022-12). */
export function tourMonths(start: string, end: string): string[] {
  if (start > end) throw new RangeError(`the Tour ends ${end} before it starts ${start}`);
  return monthsBetween(start, end);
}

/** Whether a published case still counts as of `now`. */
function counts(p: PublishedExposure, now: Date): boolean {
  if (p.at.getTime() > now.getTime()) return false;
  return p.withdrawnAt == null || p.withdrawnAt.getTime() > now.getTime();
}

/**
 * Each month's count and status:
 * - upcoming: the month has not begun;
 * - target_met / met: targetCount / minCount reached, even before the month is over;
 * - short: the month is over with fewer than minCount;
 * - at_risk: the current month, ending within `warnDays` days, still short of minCount;
 * - open: the current month, short of minCount but with more than `warnDays` days to go.
 */
export function monthlyExposure(input: MonthlyExposureInput): ExposureMonth[] {
  const { months, published, now, minCount, targetCount, warnDays = 5 } = input;
  if (!Number.isInteger(minCount) || minCount < 1) throw new RangeError(`minCount must be a whole number ≥ 1, got ${minCount}`);
  if (targetCount !== undefined && (!Number.isInteger(targetCount) || targetCount < minCount)) {
    throw new RangeError(`targetCount must be a whole number ≥ minCount (${minCount}), got ${targetCount}`);
  }
  if (!(warnDays >= 0)) throw new RangeError(`warnDays must be ≥ 0, got ${warnDays}`);

  const perMonth = new Map<string, number>();
  for (const p of published) {
    if (!counts(p, now)) continue;
    const month = shanghaiMonth(p.at);
    perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
  }

  const t = now.getTime();
  return months.map((month) => {
    const count = perMonth.get(month) ?? 0;
    const start = startOfMonth(month).getTime();
    const end = endOfMonth(month).getTime();
    let status: ExposureMonthStatus;
    if (t < start) status = 'upcoming';
    else if (targetCount !== undefined && count >= targetCount) status = 'target_met';
    else if (count >= minCount) status = 'met';
    else if (t >= end) status = 'short';
    else if (t >= end - warnDays * DAY_MS) status = 'at_risk';
    else status = 'open';
    return { month, count, status };
  });
}
