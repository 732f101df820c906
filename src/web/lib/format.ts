/*
 * Dates as the office writes them. Every instant is shown in Asia/Shanghai whatever the
 * browser's zone; calendar days (YYYY-MM-DD) are shown as they are, never shifted.
 */
import type { Text } from '../api/types';

export type Lang = 'zh' | 'en';

export const ZONE = 'Asia/Shanghai';

/** Picks the language's side of a bilingual text (falls back to the other side when empty). */
export function tx(text: Text | undefined | null, lang: Lang): string {
  if (!text) return '';
  return (lang === 'en' ? text.en || text.zh : text.zh || text.en) ?? '';
}

interface DayParts {
  year: number;
  month: number;
  day: number;
}

interface InstantParts extends DayParts {
  hour: number;
  minute: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function shanghaiParts(ms: number): InstantParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
  };
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dayText(p: DayParts, lang: Lang): string {
  if (lang === 'zh') return `${p.year}年${p.month}月${p.day}日`;
  return `${MONTHS_EN[p.month - 1] ?? ''} ${p.day}, ${p.year}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function parseDay(day: string): DayParts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function toMs(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** A calendar day `YYYY-MM-DD` → 2022年6月1日 / June 1, 2022. */
export function formatDay(day: string | null | undefined, lang: Lang): string {
  if (!day) return '';
  const p = parseDay(day);
  return p ? dayText(p, lang) : day;
}

/** A day range, e.g. 2022年6月1日—2022年6月30日. */
export function formatDayRange(start: string, end: string, lang: Lang): string {
  return `${formatDay(start, lang)}${lang === 'zh' ? ' 至 ' : ' – '}${formatDay(end, lang)}`;
}

/** The Shanghai day of an instant. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const ms = toMs(iso);
  return ms === null ? iso : dayText(shanghaiParts(ms), lang);
}

/** The Shanghai day and time of an instant: 2022年5月30日 14:05 / May 30, 2022, 14:05. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  // What a public reporter did is kept to the day on purpose; it has no time to show.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return formatDay(iso, lang);
  const ms = toMs(iso);
  if (ms === null) return iso;
  const p = shanghaiParts(ms);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  return lang === 'zh' ? `${dayText(p, lang)} ${time}` : `${dayText(p, lang)}, ${time}`;
}

/**
 * A deadline is an exclusive instant: `2022-05-31T00:00:00+08:00` means "before the end of
 * 30 May". Subtracting one millisecond lands on the last instant that still counts, whose
 * Shanghai day is the one to show.
 */
export function formatDeadline(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const ms = toMs(iso);
  if (ms === null) return iso;
  const day = dayText(shanghaiParts(ms - 1), lang);
  return lang === 'zh' ? `${day} 24:00前` : `by end of ${day}`;
}

/** The instant a Shanghai day starts, as ISO with +08:00 (for API filters). */
export function shanghaiDayStart(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** `YYYY-MM-DD` + n days (calendar arithmetic, zone-free). */
export function addDays(day: string, n: number): string {
  const p = parseDay(day);
  if (!p) return day;
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + n));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The current Shanghai day as `YYYY-MM-DD`. */
export function todayInShanghai(): string {
  const p = shanghaiParts(Date.now());
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** 1 → 1st, 21 → 21st, 12 → 12th. */
export function ordinalEn(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}
