/*
 * Which campaign a visitor who names none is looking at. A campaign runs from the first day of its
 * first period to the last day of its last (the Tour runs to 12/31), so next year's copy, made in
 * the spring, never hides this year's Tour. The rule, in order:
 *   1. an archived campaign is never the default (it stays reachable by its code);
 *   2. one running today; of several, the one whose organiser stands highest in the unit tree
 *      (a province's over its cities'), then the later start, then the newer record;
 *   3. none running: the next to start (the soonest);
 *   4. none to come: the one that ended last.
 */

export interface CampaignWindowInput {
  id: number;
  status: 'active' | 'archived';
  periods: readonly { start: string; end: string }[];
  /** How deep the organiser sits in the unit tree (1 for a root); unknown sorts last. */
  organiserDepth?: number | null;
}

export function campaignWindow(periods: readonly { start: string; end: string }[]): { start: string; end: string } {
  const starts = periods.map((p) => p.start).sort();
  const ends = periods.map((p) => p.end).sort();
  return { start: starts[0] ?? '0000-01-01', end: ends[ends.length - 1] ?? '9999-12-31' };
}

/** `today` is a Shanghai day, YYYY-MM-DD. */
export function pickCurrentCampaign<T extends CampaignWindowInput>(campaigns: readonly T[], today: string): T | undefined {
  const open = campaigns.filter((c) => c.status === 'active').map((c) => ({ c, w: campaignWindow(c.periods) }));
  const running = open.filter(({ w }) => w.start <= today && today <= w.end);
  if (running.length) {
    const depth = (c: T) => c.organiserDepth ?? Number.MAX_SAFE_INTEGER;
    running.sort((a, b) => depth(a.c) - depth(b.c) || b.w.start.localeCompare(a.w.start) || b.c.id - a.c.id);
    return running[0]!.c;
  }
  const coming = open.filter(({ w }) => w.start > today).sort((a, b) => a.w.start.localeCompare(b.w.start) || b.c.id - a.c.id);
  if (coming.length) return coming[0]!.c;
  const ended = open.sort((a, b) => b.w.end.localeCompare(a.w.end) || b.c.id - a.c.id);
  return ended[0]?.c;
}
