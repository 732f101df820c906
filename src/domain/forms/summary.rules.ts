import type { Text } from '../text';
import { isEditable, statisticsStatusLabels, step, type StatisticsStatus } from './statistics.workflow';

/*
 * 总结报告: a unit's summary, written in the sections the campaign defines (forms.summary.sections),
 * each a piece of rich text the server has already sanitised, plus photos and videos picked from
 * the unit's media library. Its life is the statistics table's without the approval step:
 *
 *   (none) ─save→ draft ─submit→ submitted ─accept→ accepted (locked)
 *                   ↑                 │                    │
 *                   └──── returned ←──┴─ return   reopen ──┘
 */

export const summaryStatuses = ['draft', 'submitted', 'accepted', 'returned'] as const satisfies readonly StatisticsStatus[];
export type SummaryStatus = (typeof summaryStatuses)[number];

export const summaryActions = ['save', 'submit', 'accept', 'return', 'reopen'] as const;
export type SummaryAction = (typeof summaryActions)[number];

export const summaryStatusLabels: Record<SummaryStatus, Text> = {
  draft: statisticsStatusLabels.draft,
  submitted: statisticsStatusLabels.submitted,
  accepted: statisticsStatusLabels.accepted,
  returned: statisticsStatusLabels.returned,
};

export type SummaryWorkflowError = 'locked' | 'not_editable' | 'wrong_state';
export type SummaryStep = { ok: true; status: SummaryStatus } | { ok: false; error: SummaryWorkflowError };

/**
 * The statistics workflow's `step` with no approval: without it, that function never answers
 * `approved` or `no_approval` (its tests hold it to that), so the narrowing below is exact.
 */
export function summaryStep(status: SummaryStatus | null, action: SummaryAction): SummaryStep {
  return step(status, action, false) as SummaryStep;
}

/** The unit may still change its text and picks. */
export const isSummaryEditable = (s: SummaryStatus | null) => isEditable(s);

/* A summary counts as filed once submitted, until returned: reporting.ts decides, as for the table. */

/**
 * Limits on what is stored. A section is measured after sanitising (what is kept, markup
 * included): 30,000 characters is some 20 pages of Chinese text, far beyond any real summary.
 * The raw limit is looser because HTML pasted from Word carries styles the sanitiser drops.
 */
export const MAX_SECTION_CHARS = 30_000;
export const MAX_SECTION_INPUT_CHARS = 200_000;
/** Picked photos are embedded in the .docx; more than this makes a document nobody prints. */
export const MAX_MEDIA_PICKS = 30;
export const MAX_CAPTION_CHARS = 100;

export interface SectionDef { key: string; name: Text; hint?: Text }

export interface SectionError { key: string; code: 'unknown_section' | 'too_long' }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of sanitised HTML, its tags dropped and entities read; block ends become line breaks. */
export function htmlText(html: string): string {
  return html
    .replace(/<\/(p|h3|h4|li|blockquote)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

export const isBlankHtml = (html: string) => htmlText(html).trim() === '';

/**
 * Sanitised sections checked against the campaign's: every key must be one it defines and no
 * section may pass the size limit. Blank sections are dropped, so "nothing written" has one form.
 */
export function checkSections(defined: readonly SectionDef[], sections: Readonly<Record<string, string>>): {
  sections: Record<string, string>;
  errors: SectionError[];
} {
  const known = new Set(defined.map((d) => d.key));
  const kept: Record<string, string> = {};
  const errors: SectionError[] = [];
  for (const [key, html] of Object.entries(sections)) {
    if (!known.has(key)) errors.push({ key, code: 'unknown_section' });
    else if (html.length > MAX_SECTION_CHARS) errors.push({ key, code: 'too_long' });
    else if (!isBlankHtml(html)) kept[key] = html;
  }
  return { sections: kept, errors };
}

/** A summary goes to the city office only with something written in it. */
export const hasContent = (sections: Readonly<Record<string, string>>) => Object.values(sections).some((h) => !isBlankHtml(h));

/** The campaign's sections in its order, each with what the unit wrote (blank when nothing). */
export function orderedSections(defined: readonly SectionDef[], sections: Readonly<Record<string, string>>) {
  return defined.map((d) => ({ ...d, html: sections[d.key] ?? '' }));
}

export interface MediaPick { id: number; caption: string | null }

export interface PickError { index: number; code: 'media_unknown' | 'media_kind' | 'media_twice' }

/**
 * Picks checked against the items the unit may use (its own subtree's, in this campaign): an id
 * not among them is unknown, whatever the reason (another county's, another campaign's, deleted);
 * only photos and videos illustrate a summary; each item once.
 */
export function checkPicks(picks: readonly MediaPick[], usable: ReadonlyMap<number, { kind: string }>): PickError[] {
  const errors: PickError[] = [];
  const seen = new Set<number>();
  picks.forEach((p, index) => {
    const item = usable.get(p.id);
    if (!item) errors.push({ index, code: 'media_unknown' });
    else if (item.kind !== 'image' && item.kind !== 'video') errors.push({ index, code: 'media_kind' });
    else if (seen.has(p.id)) errors.push({ index, code: 'media_twice' });
    seen.add(p.id);
  });
  return errors;
}
