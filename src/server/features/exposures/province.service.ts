import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Actor } from '../../auth/actor';
import { exposurePolicy } from '../../auth/policies/exposure.policy';
import { fail, forbidden } from '../../http/errors';
import { endOfMonth, shanghaiDay, startOfMonth } from '../../../domain/time';
import { tourMonths } from '../../../domain/exposures/exposure.quota';
import { writeProvinceDocx, writeProvinceSheet, type ProvinceRow } from '../../formats/province-report';
import { isUniqueViolation } from '../../db/errors';
import { audit } from '../audit/audit.service';
import { campaignOf } from '../cases/case.service';
import { listPublishedBetween, listRuns } from './exposure.store';
import type { sendBody } from './exposure.schema';
import { organiserUnit } from '../campaigns/campaign.scope';

/*
 * 曝光情况报送表: each month of the Tour, the cases exposed, where and when they ran and how they
 * were handled, for the province office. Until it is sent it is read live; marking it sent stores
 * the rows as they were, so the month's report never changes after it left the office.
 */

export function provinceService(deps: Pick<AppDeps, 'db' | 'now'>) {
  const { db, now } = deps;

  async function months(campaignId: number) {
    const { record } = await campaignOf(db, campaignId);
    const o = record.definition.obligations.find((x) => x.kind === 'quota' && x.counts === 'typical_cases');
    const tour = record.definition.periods.find((p) => p.key === (o?.window ?? 'tour')) ?? record.definition.periods.at(-1)!;
    return { record, months: tourMonths(tour.start, tour.end) };
  }

  async function liveRows(campaignId: number, month: string): Promise<ProvinceRow[]> {
    const cases = await listPublishedBetween(db, campaignId, startOfMonth(month).toISOString(), endOfMonth(month).toISOString());
    const runs = await listRuns(db, cases.map((c) => c.id));
    return cases.map((c) => ({
      title: c.title, subject: c.subject, sector: c.sector, publishedOn: shanghaiDay(new Date(c.published_at!)),
      outlets: runs.filter((r) => r.typical_case_id === c.id).map((r) => ({ outlet: r.outlet, ranOn: r.ran_on, link: r.link })),
      handling: c.handling, dualPenalty: !!c.dual_penalty, criminalTransfer: !!c.criminal_transfer,
    }));
  }

  const sentRow = (campaignId: number, month: string) =>
    db.selectFrom('province_reports').leftJoin('accounts', 'accounts.id', 'province_reports.sent_by')
      .select(['month', 'sent_at', 'sent_to', 'sent_by', 'snapshot_json', 'accounts.display_name as sender'])
      .where('campaign_id', '=', campaignId).where('month', '=', month).executeTakeFirst();

  async function report(actor: Actor, campaignId: number, month: string) {
    if (!exposurePolicy.province(actor)) throw forbidden();
    const { record, months: tour } = await months(campaignId);
    if (!tour.includes(month)) throw fail(404, 'exposure.month_outside');
    const sent = await sentRow(campaignId, month);
    const rows = sent ? (JSON.parse(sent.snapshot_json) as ProvinceRow[]) : await liveRows(campaignId, month);
    return {
      record, month, rows,
      sent: sent ? { at: sent.sent_at, to: sent.sent_to, by: sent.sent_by !== null ? { id: sent.sent_by, displayName: sent.sender ?? '' } : null } : null,
    };
  }

  return {
    async list(actor: Actor, campaignId: number) {
      if (!exposurePolicy.province(actor)) throw forbidden();
      const { months: tour } = await months(campaignId);
      const sent = await db.selectFrom('province_reports').select(['month', 'sent_at', 'sent_to', 'snapshot_json']).where('campaign_id', '=', campaignId).execute();
      const out = [];
      for (const month of tour) {
        const s = sent.find((r) => r.month === month);
        const cases = s ? (JSON.parse(s.snapshot_json) as unknown[]).length : (await liveRows(campaignId, month)).length;
        out.push({ month, cases, sent: s ? { at: s.sent_at, to: s.sent_to } : null });
      }
      return { months: out };
    },

    async get(actor: Actor, campaignId: number, month: string) {
      const r = await report(actor, campaignId, month);
      return { month: r.month, rows: r.rows, sent: r.sent };
    },

    async file(actor: Actor, campaignId: number, month: string, format: 'xlsx' | 'docx') {
      const r = await report(actor, campaignId, month);
      // 报送单位: the campaign's organiser, as the unit tree names it (the plan's issuer if it has none).
      const organiser = await organiserUnit(db, r.record);
      const input = {
        campaignName: r.record.definition.identity.title.zh, month, reportingUnit: organiser?.name ?? r.record.definition.identity.issuer.zh, rows: r.rows,
        sentTo: r.sent?.to ?? null, sentOn: r.sent ? shanghaiDay(new Date(r.sent.at)) : null,
      };
      const data = format === 'xlsx' ? await writeProvinceSheet(input) : await writeProvinceDocx(input);
      return { data, filename: `曝光情况报送表-${month}.${format}`, ascii: `exposure-report-${month}.${format}` };
    },

    /** Marks the month sent and freezes it as it is now. */
    async send(actor: Actor, campaignId: number, month: string, body: z.infer<typeof sendBody>) {
      if (!exposurePolicy.sendProvince(actor)) throw forbidden();
      const r = await report(actor, campaignId, month);
      if (r.sent) throw fail(409, 'exposure.report_sent');
      const at = now();
      const sentAt = body.sentOn ? `${body.sentOn}T12:00:00+08:00` : at.toISOString();
      try {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('province_reports').values({
            campaign_id: campaignId, month, sent_at: new Date(sentAt).toISOString(), sent_to: body.sentTo, sent_by: actor.accountId, snapshot_json: JSON.stringify(r.rows),
          }).execute();
          await audit(tx, actor, 'province_report.send', { type: 'province_report', id: `${campaignId}:${month}` }, { after: { month, sentTo: body.sentTo, cases: r.rows.length } }, at);
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw fail(409, 'exposure.report_sent');
        throw e;
      }
      return this.get(actor, campaignId, month);
    },
  };
}
