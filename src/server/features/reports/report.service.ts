import type { z } from 'zod';
import type { AppDeps } from '../../context';
import { fail } from '../../http/errors';
import { groupCommit } from '../../db/group-commit';
import { shanghaiDay } from '../../../domain/time';
import { newReceipt, normaliseReceipt } from '../../../domain/cases/case.receipt';
import { resolveMerged } from '../../../domain/cases/case.merge';
import type { CaseStatus } from '../../../domain/cases/case.workflow';
import { loadCampaignByCode } from '../campaigns/campaign.cache';
import type { CampaignRecord } from '../campaigns/campaign.store';
import type { UnitRow } from '../orgs/unit.store';
import { findUnitByCode } from '../orgs/unit.store';
import { campaignOf, checkFacts, deadlineFor, factColumns } from '../cases/case.service';
import { caseReference, categoryRef } from '../cases/case.presenter';
import {
  findCase, findCaseByReceipt, insertFile, insertMessage, insertReceivedCases, listEvents, listFiles, listMessages, type CaseRow, type NewCase,
} from '../cases/case.store';
import type { CaseFiles, PreparedFile } from '../cases/case.files';
import type { Challenges } from './report.challenge';
import { hashReceipt } from './report.receipts';
import type { publicReportSchema, reportFormSchema, reportStatusSchema } from './report.schema';
import { campaignUnitScope } from '../campaigns/campaign.scope';

/*
 * The public side of a case. Nothing the reporter's request carries beyond its body is read here:
 * no address, no agent, no cookie. Every row written for a reporter is dated to the Shanghai day
 * only, and no audit entry is written for their actions (an audit row keeps the instant).
 */

/** What a reporter sees of a case's life: the steps that change what they can expect. */
const PUBLIC_STEPS = new Set(['receive', 'accept', 'reject', 'assign', 'verify', 'order_rectification', 'rectify', 'close', 'merge']);

/** The Shanghai day of a row's `at`: a reporter's rows hold the day itself, staff's the instant. */
const dayOf = (at: string) => (at.length === 10 ? at : shanghaiDay(new Date(at)));

/** A report's campaign and county, once checked. */
interface CheckedReport {
  campaign: CampaignRecord;
  county: UnitRow;
}

export function reportService(deps: Pick<AppDeps, 'db' | 'now'>, opts: { receiptKey: Buffer; challenges: Challenges; files: CaseFiles; maxFiles: number; maxBytes: { image: number; video: number } }) {
  const { db, now } = deps;
  const intake = groupCommit(db, (tx, rows: NewCase[]) => insertReceivedCases(tx, rows));

  /**
   * The campaign by its code, from the parsed-definition cache: a report must not parse 35 KB of JSON.
   * An archived campaign's page still opens (a poster's link outlives its year); it takes no report.
   */
  async function campaignByCode(code: string, opts: { forReport: boolean }) {
    const c = (await loadCampaignByCode(db, code, { freshWithinMs: 1000 }))?.record;
    if (!c) throw fail(404, 'report.campaign_unknown');
    if (opts.forReport && c.status === 'archived') throw fail(409, 'campaign.archived', { code: c.code });
    return c;
  }

  /** The case a receipt opens, followed through merges; a wrong receipt learns nothing. */
  async function caseOfReceipt(receipt: string): Promise<{ own: CaseRow; current: CaseRow }> {
    const symbols = normaliseReceipt(receipt);
    const own = symbols ? await findCaseByReceipt(db, hashReceipt(opts.receiptKey, symbols)) : undefined;
    if (!own) throw fail(404, 'report.receipt_unknown', {}, 'receipt');
    const seen = new Map<number, CaseRow>([[own.id, own]]);
    let current = own;
    // A merge chain is short; each hop is one indexed read.
    for (let hops = 0; current.merged_into_id !== null && hops < 20; hops++) {
      const next = seen.get(current.merged_into_id) ?? (await findCase(db, current.merged_into_id));
      if (!next) break;
      seen.set(next.id, next);
      current = next;
    }
    const target = resolveMerged(own.id, (id) => {
      const r = seen.get(id);
      return r ? { id: r.id, status: r.status as CaseStatus, mergedInto: r.merged_into_id } : undefined;
    });
    return { own, current: seen.get(target) ?? current };
  }

  async function statusView(own: CaseRow, current: CaseRow): Promise<z.infer<typeof reportStatusSchema>> {
    const { record } = await campaignOf(db, current.campaign_id);
    const ids = current.id === own.id ? [own.id] : [current.id, own.id];
    const [events, messages, files] = await Promise.all([
      listEvents(db, [current.id]),
      listMessages(db, ids, ['to_reporter', 'from_reporter']),
      listFiles(db, ids),
    ]);
    const steps = events.filter((e) => PUBLIC_STEPS.has(e.action) && e.from_status !== e.to_status)
      .map((e) => ({ status: e.to_status as CaseStatus, on: dayOf(e.at) }));
    return {
      reference: caseReference(record.year, current.id),
      status: current.status as CaseStatus,
      category: categoryRef(record.definition, current.category),
      receivedOn: own.received_on,
      steps,
      // Each case's messages come in its own order; a merged report's two threads are interleaved by day.
      messages: [...messages].sort((a, b) => dayOf(a.at).localeCompare(dayOf(b.at))).map((m) => ({
        id: m.id,
        from: m.kind === 'from_reporter' ? 'reporter' as const : 'handler' as const,
        body: m.body,
        on: dayOf(m.at),
        files: files.filter((f) => f.message_id === m.id).length,
      })),
      rejectReason: current.reject_reason,
      reply: current.reply,
      merged: current.id !== own.id,
      evidenceFiles: files.filter((f) => f.added_by === 'reporter').length,
      // A reporter may still answer after the reply (12350 asks whether they are satisfied).
      canReply: true,
    };
  }

  return {
    challenge: () => opts.challenges.issue(),

    async form(code: string, unitCode: string | undefined): Promise<z.infer<typeof reportFormSchema>> {
      const c = await campaignByCode(code, { forReport: false });
      const def = c.definition;
      // The counties and zones of this campaign's organiser only: another city's are not offered.
      const scope = await campaignUnitScope(db, c);
      let countyQuery = db.selectFrom('units').select(['id', 'code', 'name', 'sort_order'])
        .where('type', 'in', ['county', 'zone']).where('active', '=', 1);
      if (scope.kind === 'subtree') countyQuery = countyQuery.where('path', 'like', `${scope.path}%`);
      const counties = await countyQuery.orderBy('type').orderBy('sort_order').orderBy('code').execute();
      const poster = unitCode ? await findUnitByCode(db, unitCode) : undefined;
      const theme = def.identity.theme ?? null;
      return {
        campaign: { code: c.code, name: def.identity.title, theme, archived: c.status === 'archived' },
        categories: def.cases.categories.map((x) => ({ key: x.key, name: x.name })),
        counties: counties.map((u) => ({ id: u.id, code: u.code, name: u.name })),
        posterUnit: poster && poster.active ? { code: poster.code, name: poster.name } : null,
        limits: { maxFiles: opts.maxFiles, imageMB: Math.floor(opts.maxBytes.image / 1048576), videoMB: Math.floor(opts.maxBytes.video / 1048576) },
      };
    },

    /** Everything a report can be refused for that needs no file: checked before a file is received. */
    async check(code: string, body: z.infer<typeof publicReportSchema>): Promise<CheckedReport> {
      const c = await campaignByCode(code, { forReport: true });
      const county = await checkFacts(db, c.definition, body, now());
      return { campaign: c, county };
    },

    /**
     * Admits a report before any file of it is read: its proof of work is verified (one hash),
     * everything else that needs no file is checked, and the proof is spent. A report refused for
     * its facts keeps its proof for the corrected one.
     */
    async admit(code: string, body: z.infer<typeof publicReportSchema>): Promise<CheckedReport> {
      opts.challenges.verify(body.challenge, body.nonce);
      const checked = await this.check(code, body);
      await opts.challenges.spend(body.challenge);
      return checked;
    },

    /**
     * `admitted`: what `admit` found. Files take time to arrive and be cleaned: a report that
     * brought some has its facts (not its spent proof) checked again before it is written.
     */
    async submit(code: string, body: z.infer<typeof publicReportSchema>, files: PreparedFile[], admitted: CheckedReport) {
      try {
        const { campaign, county } = files.length ? await this.check(code, body) : admitted;
        const at = now();
        const day = shanghaiDay(at);
        const poster = body.posterUnit ? await findUnitByCode(db, body.posterUnit) : undefined;
        const receipt = newReceipt();
        const row: NewCase = {
          campaign_id: campaign.id, source: 'public', ...factColumns(body, county), status: 'received', received_on: day,
          deadline_at: deadlineFor(campaign.definition, 'received', at), poster_unit_id: poster?.active ? poster.id : null,
          filed_by_unit_id: null, created_by: null, receipt_hash: hashReceipt(opts.receiptKey, normaliseReceipt(receipt)!), updated_on: day,
        };
        // A report without files joins the next group commit; one with files (placed on disk inside
        // its transaction) commits on its own.
        const id = !files.length ? await intake.run(row) : await db.transaction().execute(async (tx) => {
          const [caseId] = await insertReceivedCases(tx, [row]);
          for (const f of files) await this.keepFile(tx, caseId!, null, f, day);
          return caseId!;
        });
        return { receipt, reference: caseReference(campaign.year, id) };
      } catch (e) {
        await Promise.all(files.map((f) => opts.files.discard(f)));
        throw e;
      }
    },

    async keepFile(tx: Parameters<typeof insertFile>[0], caseId: number, messageId: number | null, f: PreparedFile, day: string) {
      await insertFile(tx, {
        caseId, messageId, addedBy: 'reporter', purpose: 'evidence', kind: f.received.kind, mime: f.received.mime, size: f.received.size,
        sha256: f.received.sha256, width: f.derivatives?.width ?? null, height: f.derivatives?.height ?? null, storageKey: f.keys.storageKey,
        thumbKey: f.keys.thumbKey, displayKey: f.keys.displayKey, uploadedBy: null, addedOn: day,
      });
      await opts.files.placeReporterFile(f, day);
    },

    async status(receipt: string) {
      const { own, current } = await caseOfReceipt(receipt);
      return statusView(own, current);
    },

    /** Checks a receipt before any file of a reporter's message is received. */
    checkReceipt: (receipt: string) => caseOfReceipt(receipt),

    async reply(receipt: string, body: string, files: PreparedFile[]) {
      try {
        const { own, current } = await this.checkReceipt(receipt);
        const day = shanghaiDay(now());
        await db.transaction().execute(async (tx) => {
          // The reporter writes into the case they now follow; their message stays dated to the day.
          const messageId = await insertMessage(tx, { caseId: current.id, kind: 'from_reporter', body, authorId: null, at: day });
          for (const f of files) await this.keepFile(tx, current.id, messageId, f, day);
        });
        return statusView(own, current);
      } catch (e) {
        await Promise.all(files.map((f) => opts.files.discard(f)));
        throw e;
      }
    },
  };
}

export type ReportService = ReturnType<typeof reportService>;
