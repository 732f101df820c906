import fsp from 'node:fs/promises';
import sharp from 'sharp';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { summaryPolicy } from '../../auth/policies/summary.policy';
import { fail } from '../../http/errors';
import { writeSummaryDocx, type SummaryPhoto } from '../../formats/summary-docx';
import { writeCitySummaryDocx, type CitySummaryPhoto } from '../../formats/city-summary-docx';
import { shanghaiDay } from '../../../domain/time';
import { unitTypeLabels } from '../../../domain/orgs/unit-type';
import { orderedSections } from '../../../domain/forms/summary.rules';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { mediaFiles } from '../media/media.files';
import { listMedia, type MediaRow } from '../media/media.store';
import { statisticsService } from '../statistics/statistics.service';
import { findSummary, listSummaryHeads, type SummaryRow } from './summary.store';
import { resolvePicks, summaryService, type SummaryForm } from './summary.service';

/*
 * The summary documents: one unit's 总结报告 and the city's summary draft, both .docx in the
 * official style, built from the stored data and the display copies of the photos (already
 * stripped of their metadata, and small enough to embed).
 */

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Photos per task category in the city draft: a page or two each, not an album. */
const HIGHLIGHTS_PER_CATEGORY = 6;

const planBase = (f: SummaryForm) => f.def.identity.title.zh.replace(/(活动)?方案$/, '');
export const unitSummaryTitle = (f: SummaryForm) => `${planBase(f)}活动情况总结报告`;
export const citySummaryTitle = (f: SummaryForm) => `${planBase(f)}活动总结`;

/** What a person called the file, without its extension: the caption when the unit gave none. */
function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function summaryFiles(deps: Pick<AppDeps, 'db' | 'now' | 'config' | 'log'>) {
  const { db, now, log } = deps;
  const files = mediaFiles(deps.config.media);
  const summaries = summaryService(deps);
  const statistics = statisticsService(deps);

  /** The display copy of an image with its pixel size; null (and logged) when its file is gone. */
  async function displayOf(m: MediaRow): Promise<CitySummaryPhoto | null> {
    if (m.kind !== 'image' || !m.displayKey) return null;
    try {
      const data = await fsp.readFile(files.derivedPath(m.displayKey));
      const meta = await sharp(data).metadata();
      if (!meta.width || !meta.height) return null;
      return { data, width: meta.width, height: meta.height };
    } catch (err) {
      log?.error({ err, mediaId: m.id }, 'display copy missing for a summary document');
      return null;
    }
  }

  async function unitDocument(f: SummaryForm, unit: UnitRow, summary: SummaryRow): Promise<Buffer> {
    const photos: SummaryPhoto[] = [];
    const videos: string[] = [];
    for (const { pick, item } of await resolvePicks(db, summary.media)) {
      const caption = pick.caption ?? stem(item.originalName);
      if (item.kind === 'video') videos.push(caption);
      const shown = await displayOf(item);
      if (shown) photos.push({ ...shown, caption });
    }
    return writeSummaryDocx({
      title: unitSummaryTitle(f),
      unitName: unit.name,
      sections: orderedSections(f.sections, summary.sections).map((s) => ({ name: s.name.zh, html: s.html })),
      photos,
      videos,
      date: summary.submittedAt ? shanghaiDay(new Date(summary.submittedAt)) : null,
      creator: f.def.identity.issuer.zh,
    });
  }

  const filename = (f: SummaryForm, what: string) => f.def.identity.shortTitle.zh + what;

  return {
    /** One unit's summary as a Word document, for whoever may read the unit. */
    async exportUnit(actor: Actor, campaignId: number, unitId: number) {
      const f = await summaries.formOf(campaignId);
      const unit = authorizeRead(actor, summaryPolicy.read, await findUnit(db, unitId));
      const summary = await findSummary(db, campaignId, unit.id);
      if (!summary) throw fail(409, 'summary.missing', {}, 'unitId');
      return {
        data: await unitDocument(f, unit, summary),
        filename: `${filename(f, '总结报告')}-${unit.short_name}.docx`,
        ascii: `summary-${f.campaign.code}-${unit.code}.docx`,
      };
    },

    /** The same document for the office's package; null when the unit wrote nothing yet. */
    async unitDocument(campaignId: number, unit: UnitRow): Promise<Buffer | null> {
      const f = await summaries.formOf(campaignId);
      const summary = await findSummary(db, campaignId, unit.id);
      return summary ? unitDocument(f, unit, summary) : null;
    },

    /** The city's summary draft, from the consolidated statistics, the featured photos and the completeness lists. */
    async citySummary(campaignId: number) {
      const f = await summaries.formOf(campaignId);
      const [rollup, filed, summaryList] = await Promise.all([
        statistics.rollup(campaignId), statistics.list(campaignId), summaries.list(campaignId),
      ]);
      // A caption a unit gave a photo in its summary is the best description of that activity.
      const captions = new Map<number, string>();
      for (const s of await listSummaryHeads(db, campaignId)) for (const p of s.media) if (p.caption) captions.set(p.id, p.caption);

      const categories = [];
      for (const t of f.def.taskCategories) {
        const featured = await listMedia(db, {
          campaignId, scope: { kind: 'all' }, category: t.key, kind: 'image', featured: true,
        }, { limit: HIGHLIGHTS_PER_CATEGORY, offset: 0 });
        const highlights = [];
        for (const m of featured.rows.sort((a, b) => a.takenOn.localeCompare(b.takenOn) || a.id - b.id)) {
          highlights.push({ unitName: m.unit.name, text: captions.get(m.id) ?? stem(m.originalName), day: m.takenOn, photo: await displayOf(m) });
        }
        categories.push({ name: t.name.zh, highlights });
      }

      const overall = filed.completeness.overall;
      const data = await writeCitySummaryDocx({
        title: citySummaryTitle(f),
        plan: {
          title: f.def.identity.title.zh, documentNumber: f.def.identity.documentNumber, theme: f.def.identity.theme.zh,
          edition: f.def.identity.edition, issuer: f.def.identity.issuer.zh,
        },
        periods: f.def.periods.map((p) => ({ name: p.name.zh, start: p.start, end: p.end })),
        asOf: shanghaiDay(now()),
        statistics: {
          units: overall.units,
          reported: rollup.reports > 0 ? overall.submitted : 0,
          categories: rollup.categories.map((c) => ({
            name: c.name.zh,
            figures: rollup.indicators.filter((i) => i.category === c.key)
              .map((i) => ({ label: i.label.zh, value: rollup.total[i.key] ?? 0, measure: i.measure.zh })),
          })),
        },
        categories,
        completeness: {
          rows: filed.completeness.byType.map((r) => ({ ...r, label: unitTypeLabels[r.type].zh })),
          overall,
          missing: filed.missing.map((u) => u.shortName),
          returned: filed.returned.map((u) => u.shortName),
        },
        summaries: summaryList.rows.length ? { units: summaryList.completeness.overall.units, submitted: summaryList.completeness.overall.submitted } : null,
        // Violation leads and exposures are not recorded by any feature yet; the draft leaves their passage out.
        enforcement: null,
        creator: f.def.identity.issuer.zh,
      });
      return { data, filename: `${filename(f, '活动总结（初稿）')}.docx`, ascii: `city-summary-${f.campaign.code}.docx` };
    },
  };
}

export type SummaryFiles = ReturnType<typeof summaryFiles>;
