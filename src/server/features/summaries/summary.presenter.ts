import type { z } from 'zod';
import type { MediaPick } from '../../../domain/forms/summary.rules';
import type { MediaRow } from '../media/media.store';
import type { SummaryRow } from './summary.store';
import type { pickSchema, summarySchema } from './summary.schema';

/** A picked item: its derivatives' addresses only (the original is the office's, through the library). */
export function presentPick(pick: MediaPick, m: MediaRow): z.infer<typeof pickSchema> {
  const url = `/api/media/${m.id}`;
  return {
    id: m.id,
    caption: pick.caption,
    kind: m.kind,
    originalName: m.originalName,
    unit: { id: m.unit.id, code: m.unit.code, name: m.unit.name, shortName: m.unit.shortName },
    category: m.category,
    takenOn: m.takenOn,
    thumbUrl: m.thumbKey ? `${url}/thumb` : null,
    displayUrl: m.displayKey ? `${url}/display` : null,
  };
}

export function presentSummary(s: SummaryRow, picks: { pick: MediaPick; item: MediaRow }[]): z.infer<typeof summarySchema> {
  return {
    id: s.id,
    status: s.status,
    sections: s.sections,
    media: picks.map((p) => presentPick(p.pick, p.item)),
    revision: s.revision,
    late: s.late,
    firstSubmittedAt: s.firstSubmittedAt,
    submittedAt: s.submittedAt,
    submittedBy: s.submittedBy,
    returnComment: s.returnComment,
    updatedAt: s.updatedAt,
  };
}
