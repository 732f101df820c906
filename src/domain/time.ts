/*
 * Campaign time. Every date in a campaign is a calendar day in Asia/Shanghai, because that is
 * how the office writes deadlines ("7月1日前"). Asia/Shanghai has kept a fixed +08:00 offset
 * since 1991 (China abolished daylight saving time that year), so a constant offset is exact for
 * every campaign this platform can run and no time-zone database is needed.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
// An offset is mandatory: a datetime without one would silently depend on the server's zone.
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a `YYYY-MM-DD` string naming a real calendar date (2022-02-30 is false). */
export function isDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** True for an ISO datetime with an explicit offset whose date part is a real calendar date. */
export function isIsoDateTime(value: string): boolean {
  const m = DATETIME_RE.exec(value);
  return m !== null && isDay(`${m[1]}-${m[2]}-${m[3]}`) && !Number.isNaN(Date.parse(value));
}

function splitDay(date: string): [number, number, number] {
  const m = DAY_RE.exec(date);
  if (!m || !isDay(date)) throw new RangeError(`invalid date "${date}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function splitMonth(yyyyMm: string): [number, number] {
  const m = MONTH_RE.exec(yyyyMm);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new RangeError(`invalid month "${yyyyMm}"`);
  return [Number(m[1]), month];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Midnight at the start of a Shanghai calendar day; Date.UTC normalises day overflow. */
function shanghaiMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS);
}

/** 00:00 +08:00 of the day. A full datetime is taken as the instant it names. */
export function startOfDay(date: string): Date {
  if (isIsoDateTime(date)) return new Date(date);
  const [y, m, d] = splitDay(date);
  return shanghaiMidnight(y, m, d);
}

/**
 * The exclusive deadline of a day: "by 5/30" means anything before 5/31 00:00 +08:00 is on time.
 * A full datetime is already an instant and is returned unchanged.
 */
export function endOfDay(date: string): Date {
  if (isIsoDateTime(date)) return new Date(date);
  const [y, m, d] = splitDay(date);
  return shanghaiMidnight(y, m, d + 1);
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai calendar month (`YYYY-MM`) an instant falls on. */
export function shanghaiMonth(instant: Date): string {
  return shanghaiDay(instant).slice(0, 7);
}

/**
 * Shift a day or datetime by whole years, keeping the time and offset text. A leap day lands
 * on Feb 28 in a common year: the office would rather be a day early than slip into March.
 */
export function addYears(date: string, years: number): string {
  let dayPart: string;
  let rest = '';
  if (isIsoDateTime(date)) {
    dayPart = date.slice(0, 10);
    rest = date.slice(10);
  } else {
    dayPart = date;
  }
  const [y, m, d] = splitDay(dayPart);
  const year = y + years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${pad(year, 4)}-${pad(m)}-${pad(day)}${rest}`;
}

/** Every calendar month touched by the inclusive day range, e.g. ['2022-06', …, '2022-12']. */
export function monthsBetween(startDay: string, endDay: string): string[] {
  const [sy, sm] = splitDay(startDay);
  const [ey, em] = splitDay(endDay);
  const months: string[] = [];
  for (let index = sy * 12 + sm - 1; index <= ey * 12 + em - 1; index++) {
    months.push(`${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`);
  }
  return months;
}

/** First instant of the month in Shanghai. */
export function startOfMonth(yyyyMm: string): Date {
  const [y, m] = splitMonth(yyyyMm);
  return shanghaiMidnight(y, m, 1);
}

/** Exclusive end of a month: the first instant of the next month in Shanghai. */
export function endOfMonth(yyyyMm: string): Date {
  const [y, m] = splitMonth(yyyyMm);
  return new Date(Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS);
}
