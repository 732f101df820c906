import { DAY_MS, endOfDay, shanghaiDay, startOfDay } from '../time';

/*
 * Case deadlines count working days, as the reporting rules do ("5个工作日内受理"). A working
 * day is Monday to Friday in Asia/Shanghai, except the state holidays, plus the weekend days
 * that the State Council's yearly notice turns into working days (调休). Both lists belong to
 * the campaign (they change every year), so the calendar is data handed in, not code.
 */

export interface WorkCalendar {
  /** Weekdays off, `YYYY-MM-DD` (e.g. 端午节 2022-06-03). */
  holidays: readonly string[];
  /** Weekend days worked instead (e.g. 2022-04-24). */
  workdays: readonly string[];
}

export const NO_EXCEPTIONS: WorkCalendar = { holidays: [], workdays: [] };

const nextDay = (day: string) => shanghaiDay(new Date(startOfDay(day).getTime() + DAY_MS));

/** Whether a Shanghai calendar day is a working day under the calendar. */
export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  if (calendar.workdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
  // Noon avoids any doubt about which UTC day the Shanghai day maps to.
  const weekday = new Date(`${day}T12:00:00+08:00`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day on which `n` working days after `from` run out: counting starts the day after the
 * case arrived, as a report received on Friday evening has not used Friday.
 */
export function workingDaysAfter(from: Date, n: number, calendar: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = shanghaiDay(from);
  let left = n;
  while (left > 0) {
    day = nextDay(day);
    if (isWorkingDay(day, calendar)) left--;
  }
  return day;
}

/** The exclusive deadline instant: the next Shanghai midnight after the last working day. */
export function workingDeadline(from: Date, n: number, calendar: WorkCalendar): Date {
  return endOfDay(workingDaysAfter(from, n, calendar));
}

/** A rectification deadline is set by the handler in calendar days (整改期限), not working days. */
export function calendarDeadline(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a whole number ≥ 1, got ${days}`);
  return endOfDay(shanghaiDay(new Date(from.getTime() + days * DAY_MS)));
}

export const isOverdue = (deadline: Date | null, now: Date) => deadline !== null && now.getTime() >= deadline.getTime();
