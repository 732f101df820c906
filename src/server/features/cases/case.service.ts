import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { casePolicy, isCaseDesk, type CaseTarget } from '../../auth/policies/case.policy';
import { fail, forbidden, invalidFields, fieldError, notFound, type AppError } from '../../http/errors';
import type { MessageKey } from '../../http/messages';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { shanghaiDay } from '../../../domain/time';
import { appliesTo } from '../../../domain/obligations/obligation.rules';
import {
  availableActions, canEscalate, caseStep, deadlineOf, type CaseAction, type CaseSide, type CaseStatus, type CaseStepError,
} from '../../../domain/cases/case.workflow';
import { calendarDeadline, workingDeadline } from '../../../domain/cases/case.deadlines';
import { checkMerge } from '../../../domain/cases/case.merge';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { recordFulfilment } from '../obligations/obligation.service';
import { findUnit, unitsOnPath, type UnitRow } from '../orgs/unit.store';
import {
  countCases, eachCase, findCase, findFile, insertCase, insertEvent, insertFile, insertMessage, listCases, listEvents, listFiles, listMessages,
  mergedInto, unitIdsUnder, unitsById, updateCase, type CaseFilter, type CaseRow, type NewCase,
} from './case.store';
import { caseReference, isCaseOverdue, presentCase, presentCaseSummary } from './case.presenter';
import { writeCasesCsv, writeCasesSheet, type CaseSheetRow } from '../../formats/cases-sheet';
import type { CaseFiles, CaseFileVariant, PreparedFile } from './case.files';
import type { caseActionSchema, caseExportQuery, caseFactsSchema, caseListQuery, caseMessageSchema, newCaseSchema } from './case.schema';

const STEP_ERRORS: Record<CaseStepError, MessageKey> = {
  wrong_state: 'case.wrong_state',
  wrong_side: 'case.wrong_side',
  closed: 'case.closed',
  verification_result_required: 'case.founded_required',
};

const SIDE_NAMES: Record<CaseSide, { zh: string; en: string }> = {
  office: { zh: '市安委办', en: 'the city office' },
  unit: { zh: '承办单位', en: 'the responsible unit' },
};

/** Units a case can be handed to: those that run the campaign below the city office. */
const HANDLING_UNIT_TYPES = new Set(['county', 'zone', 'department', 'township']);

type Facts = z.infer<typeof caseFactsSchema>;

export async function campaignOf(db: Queryable, campaignId: number) {
  const c = await loadCampaignWithObligations(db, campaignId);
  if (!c) throw notFound();
  return c;
}

/** Checks the facts against the campaign: a known category, a county-level unit, a date not in the future. */
export async function checkFacts(db: Queryable, def: CampaignDefinition, f: Facts, now: Date): Promise<UnitRow> {
  const errors = [];
  if (!def.cases.categories.some((c) => c.key === f.category)) errors.push(fieldError('category', 'case.category_unknown'));
  const county = await findUnit(db, f.countyId);
  if (!county || !county.active || (county.type !== 'county' && county.type !== 'zone')) errors.push(fieldError('countyId', 'case.county_unknown'));
  if (f.occurredOn && f.occurredOn > shanghaiDay(now)) errors.push(fieldError('occurredOn', 'case.occurred_future'));
  if (errors.length) throw invalidFields(errors);
  return county!;
}

/** The deadline a case in `status` is now measured against, counted from `from`. */
export function deadlineFor(def: CampaignDefinition, status: CaseStatus, from: Date, rectifyDays?: number): string | null {
  const d = def.cases.deadlines;
  switch (deadlineOf[status]) {
    case 'accept': return workingDeadline(from, d.acceptWorkingDays, def.cases.calendar).toISOString();
    case 'verify': return workingDeadline(from, d.verifyWorkingDays, def.cases.calendar).toISOString();
    case 'rectify': return calendarDeadline(from, rectifyDays ?? d.rectifyDays).toISOString();
    default: return null;
  }
}

/** The facts as columns of a new case. */
export function factColumns(f: Facts, county: UnitRow) {
  return {
    category: f.category, whistleblower: f.whistleblower ? 1 : 0, county_id: county.id, address: f.address,
    latitude: f.latitude ?? null, longitude: f.longitude ?? null, enterprise: f.enterprise ?? null, occurred_on: f.occurredOn ?? null,
    description: f.description, reporter_name: f.reporterName ?? null, reporter_phone: f.reporterPhone ?? null,
  };
}

export function caseService(deps: Pick<AppDeps, 'db' | 'now' | 'log'>, files: CaseFiles) {
  const { db, now } = deps;

  async function targetOf(c: CaseRow): Promise<CaseTarget & { row: CaseRow }> {
    const units = await unitsById(db, [c.assigned_unit_id, c.filed_by_unit_id]);
    return {
      row: c,
      assignedPath: c.assigned_unit_id !== null ? units.get(c.assigned_unit_id)?.path ?? null : null,
      filedByPath: c.filed_by_unit_id !== null ? units.get(c.filed_by_unit_id)?.path ?? null : null,
    };
  }

  async function visibleCase(actor: Actor, campaignId: number, caseId: number) {
    const c = await findCase(db, caseId);
    if (!c || c.campaign_id !== campaignId) throw notFound();
    return authorizeRead(actor, casePolicy.read, await targetOf(c));
  }

  const sideOf = (actor: Actor, t: CaseTarget): CaseSide | null =>
    isCaseDesk(actor) ? 'office' : casePolicy.actsForUnit(actor, t) ? 'unit' : null;

  function actionsFor(actor: Actor, t: CaseTarget & { row: CaseRow }, at: Date): string[] {
    const side = sideOf(actor, t);
    if (!side) return [];
    const status = t.row.status as CaseStatus;
    const list: string[] = availableActions(status, side);
    const deadline = t.row.deadline_at ? new Date(t.row.deadline_at) : null;
    if (side === 'office' && canEscalate(status, deadline, at, t.row.escalated_at !== null) === null) list.push('escalate');
    return list;
  }

  async function detail(actor: Actor, t: CaseTarget & { row: CaseRow }) {
    const c = t.row;
    const { record } = await campaignOf(db, c.campaign_id);
    const side = sideOf(actor, t);
    const [events, messages, fileRows, merged] = await Promise.all([
      listEvents(db, [c.id]), listMessages(db, [c.id]), listFiles(db, [c.id]), mergedInto(db, c.id),
    ]);
    const units = await unitsById(db, [c.county_id, c.assigned_unit_id, c.filed_by_unit_id, c.poster_unit_id, ...events.map((e) => e.unit_id)]);
    const at = now();
    return presentCase(c, {
      year: record.year, def: record.definition, units, now: at, events, messages, files: fileRows, merged,
      seesReporter: casePolicy.seesReporter(actor), actions: actionsFor(actor, t, at), canMessage: side !== null,
      opensOriginal: (addedBy) => casePolicy.original(actor, addedBy),
    });
  }

  function filterFor(actor: Actor, campaignId: number, q: z.infer<typeof caseExportQuery>): CaseFilter {
    const f: CaseFilter = {
      campaignId, status: q.status, category: q.category, countyId: q.countyId, source: q.source, q: q.q,
      ...(q.overdue && { overdueAt: now().toISOString() }),
    };
    if (!casePolicy.readsAll(actor)) f.subtreePath = actor.unitPath;
    if (q.queue === 'mine') f.waitingOn = isCaseDesk(actor) ? { desk: true } : { path: actor.unitPath };
    return f;
  }

  /** Fulfils the violation-lead quota of every unit on the filing unit's path that owes one. */
  async function creditLead(tx: Queryable, def: CampaignDefinition, instances: Awaited<ReturnType<typeof campaignOf>>['instances'], campaignId: number, filer: UnitRow, caseId: number, actor: Actor, at: Date) {
    const keys = new Set(def.obligations.filter((o) => o.kind === 'quota' && o.counts === 'violation_leads').map((o) => o.key));
    if (!keys.size) return;
    for (const unit of await unitsOnPath(tx, filer.path)) {
      for (const inst of instances) {
        if (!keys.has(inst.baseKey) || !appliesTo(inst, unit.type as UnitType)) continue;
        await recordFulfilment(tx, {
          campaignId, unitId: unit.id, obligationKey: inst.baseKey, at, sourceType: 'case', sourceId: caseId, note: `case ${caseId}`, recordedBy: actor.accountId,
        }, at);
      }
    }
  }

  return {
    async list(actor: Actor, campaignId: number, q: z.infer<typeof caseListQuery>) {
      if (!casePolicy.list(actor)) throw forbidden();
      const { record } = await campaignOf(db, campaignId);
      // The page and its four counts read one subtree: its units are looked up once for all five.
      const subtreeUnitIds = casePolicy.readsAll(actor) ? undefined : await unitIdsUnder(db, actor.unitPath);
      const scoped = (query: Parameters<typeof filterFor>[2]): CaseFilter => ({ ...filterFor(actor, campaignId, query), subtreeUnitIds });
      const f = scoped(q);
      const at = now();
      const base = scoped({ queue: 'all' });
      const [rows, total, open, overdue, mine] = await Promise.all([
        listCases(db, f, at.toISOString(), { offset: (q.page - 1) * q.pageSize, limit: q.pageSize }),
        countCases(db, f),
        countCases(db, { ...base, openOnly: true }),
        countCases(db, { ...base, overdueAt: at.toISOString() }),
        countCases(db, scoped({ queue: 'mine' })),
      ]);
      const units = await unitsById(db, rows.flatMap((c) => [c.county_id, c.assigned_unit_id, c.filed_by_unit_id]));
      return {
        items: rows.map((c) => presentCaseSummary(c, record.year, record.definition, units, at)),
        total, page: q.page, pageSize: q.pageSize, counts: { open, overdue, mine },
      };
    },

    async get(actor: Actor, campaignId: number, caseId: number) {
      return detail(actor, await visibleCase(actor, campaignId, caseId));
    },

    /** A unit's violation lead, or a call the desk registers from the hotline, an inspection or the media. */
    async create(actor: Actor, campaignId: number, body: z.infer<typeof newCaseSchema>) {
      const isLead = body.source === 'unit';
      if (isLead ? !casePolicy.fileLead(actor) : !casePolicy.register(actor)) throw fail(403, 'case.source_forbidden', {}, 'source');
      const { record, instances } = await campaignOf(db, campaignId);
      const def = record.definition;
      const at = now();
      const county = await checkFacts(db, def, body, at);
      let filer: UnitRow | null = null;
      if (isLead) {
        filer = (await findUnit(db, body.unitId ?? actor.unitId)) ?? null;
        if (!filer || !filer.path.startsWith(actor.unitPath)) throw invalidFields([fieldError('unitId', 'unit.missing')]);
      }
      const id = await db.transaction().execute(async (tx) => {
        const row: NewCase = {
          campaign_id: campaignId, source: body.source, ...factColumns(body, county), status: 'received', received_on: shanghaiDay(at),
          deadline_at: deadlineFor(def, 'received', at), poster_unit_id: null, filed_by_unit_id: filer?.id ?? null, created_by: actor.accountId,
          receipt_hash: null, updated_on: shanghaiDay(at),
        };
        const newId = await insertCase(tx, row);
        await insertEvent(tx, { caseId: newId, action: 'receive', from: null, to: 'received', actorId: actor.accountId, unitId: actor.unitId, comment: null, at: at.toISOString() });
        if (filer) await creditLead(tx, def, instances, campaignId, filer, newId, actor, at);
        await audit(tx, actor, 'case.create', { type: 'case', id: newId }, { after: { source: body.source, category: body.category, countyId: county.id, filedBy: filer?.id ?? null } }, at);
        return newId;
      });
      return this.get(actor, campaignId, id);
    },

    async act(actor: Actor, campaignId: number, caseId: number, body: z.infer<typeof caseActionSchema>) {
      const t = await visibleCase(actor, campaignId, caseId);
      const c = t.row;
      const side = sideOf(actor, t);
      if (!side) throw forbidden();
      if (body.revision !== c.revision) throw fail(409, 'case.stale');
      const { record } = await campaignOf(db, campaignId);
      const def = record.definition;
      const at = now();
      const status = c.status as CaseStatus;
      const need = (ok: unknown, field: string, key: MessageKey): void => {
        if (ok === undefined || ok === null || ok === '') throw invalidFields([fieldError(field, key)]);
      };

      if (body.action === 'escalate') {
        if (side !== 'office') throw fail(403, 'case.wrong_side', { side: SIDE_NAMES.office.zh, sideEn: SIDE_NAMES.office.en });
        const refusal = canEscalate(status, c.deadline_at ? new Date(c.deadline_at) : null, at, c.escalated_at !== null);
        if (refusal === 'not_overdue') throw fail(409, 'case.not_overdue');
        if (refusal === 'wrong_state') throw fail(409, 'case.already_escalated');
        if (refusal) throw fail(409, STEP_ERRORS[refusal]);
        need(body.reason, 'reason', 'case.reason_required');
        await commit(c, { escalated_at: at.toISOString() }, 'escalate', status, body.reason ?? null);
        return this.get(actor, campaignId, caseId);
      }

      const action = body.action as CaseAction;
      const step = caseStep(status, action, side, { founded: body.founded });
      if (!step.ok) {
        const e: AppError = step.error === 'verification_result_required'
          ? invalidFields([fieldError('founded', 'case.founded_required')])
          : fail(step.error === 'wrong_side' ? 403 : 409, STEP_ERRORS[step.error],
            step.error === 'wrong_side' ? { side: SIDE_NAMES[side === 'office' ? 'unit' : 'office'].zh, sideEn: SIDE_NAMES[side === 'office' ? 'unit' : 'office'].en } : {});
        throw e;
      }
      const to = step.status;
      const changes: Partial<CaseRow> = { status: to, deadline_at: deadlineFor(def, to, at, body.days) };
      let comment: string | null = null;
      let merging: CaseRow | undefined;
      switch (action) {
        case 'reject':
          need(body.reason, 'reason', 'case.reason_required');
          changes.reject_reason = comment = body.reason!;
          break;
        case 'assign':
        case 'reassign': {
          need(body.unitId, 'unitId', 'case.unit_required');
          if (action === 'reassign') need(body.reason, 'reason', 'case.reason_required');
          const unit = await findUnit(db, body.unitId!);
          if (!unit || !unit.active) throw invalidFields([fieldError('unitId', 'unit.missing')]);
          if (!HANDLING_UNIT_TYPES.has(unit.type)) throw invalidFields([fieldError('unitId', 'case.unit_not_handler')]);
          changes.assigned_unit_id = unit.id;
          comment = action === 'reassign' ? `${unit.name}：${body.reason}` : unit.name;
          break;
        }
        case 'verify':
          need(body.findings, 'findings', 'case.findings_required');
          changes.findings = comment = body.findings!;
          break;
        case 'order_rectification':
          need(body.requirement, 'requirement', 'case.requirement_required');
          changes.rectification_required = comment = body.requirement!;
          break;
        case 'rectify':
          need(body.report, 'report', 'case.report_required');
          changes.rectification_report = comment = body.report!;
          break;
        case 'close':
          need(body.reply, 'reply', 'case.reply_required');
          changes.reply = comment = body.reply!;
          break;
        case 'merge': {
          need(body.targetId, 'targetId', 'case.target_required');
          merging = await findCase(db, body.targetId!);
          if (!merging || merging.campaign_id !== campaignId) throw invalidFields([fieldError('targetId', 'case.target_required')]);
          const refusal = checkMerge(
            { id: c.id, status, mergedInto: c.merged_into_id },
            { id: merging.id, status: merging.status as CaseStatus, mergedInto: merging.merged_into_id },
          );
          if (refusal === 'same_case') throw invalidFields([fieldError('targetId', 'case.merge_same_case')]);
          if (refusal === 'source_closed') throw fail(409, 'case.closed');
          if (refusal) throw invalidFields([fieldError('targetId', 'case.merge_target_closed')]);
          changes.merged_into_id = merging.id;
          comment = caseReference(record.year, merging.id);
          break;
        }
        default:
          break;
      }
      await commit(c, changes, action, to, comment, merging);
      return this.get(actor, campaignId, caseId);

      async function commit(row: CaseRow, set: Partial<CaseRow>, name: string, toStatus: string, note: string | null, target?: CaseRow) {
        await db.transaction().execute(async (tx) => {
          if (!(await updateCase(tx, row.id, row.revision, { ...set, updated_on: shanghaiDay(at) }))) throw fail(409, 'case.stale');
          await insertEvent(tx, { caseId: row.id, action: name, from: row.status, to: toStatus, actorId: actor.accountId, unitId: actor.unitId, comment: note, at: at.toISOString() });
          if (target) {
            await insertEvent(tx, {
              caseId: target.id, action: 'merge_in', from: target.status, to: target.status, actorId: actor.accountId, unitId: actor.unitId,
              comment: caseReference(record.year, row.id), at: at.toISOString(),
            });
          }
          await audit(tx, actor, `case.${name}`, { type: 'case', id: row.id }, { before: { status: row.status }, after: { status: toStatus, ...set } }, at);
        });
      }
    },

    async message(actor: Actor, campaignId: number, caseId: number, body: z.infer<typeof caseMessageSchema>) {
      const t = await visibleCase(actor, campaignId, caseId);
      if (!sideOf(actor, t)) throw forbidden();
      if (body.kind === 'to_reporter' && t.row.receipt_hash === null) throw invalidFields([fieldError('kind', 'case.no_reporter')]);
      const at = now();
      await db.transaction().execute(async (tx) => {
        const id = await insertMessage(tx, { caseId, kind: body.kind, body: body.body, authorId: actor.accountId, at: at.toISOString() });
        await audit(tx, actor, 'case.message', { type: 'case', id: caseId }, { after: { messageId: id, kind: body.kind } }, at);
      });
      return this.get(actor, campaignId, caseId);
    },

    /** Checks, before any byte is received, that the caller may add files to this case. */
    async checkFileTarget(actor: Actor, campaignId: number, caseId: number) {
      const t = await visibleCase(actor, campaignId, caseId);
      if (!sideOf(actor, t)) throw fail(403, 'case.file_forbidden');
      return t;
    },

    async addFile(actor: Actor, campaignId: number, caseId: number, purpose: 'evidence' | 'rectification', prepared: PreparedFile) {
      try {
        await this.checkFileTarget(actor, campaignId, caseId);
        const at = now();
        await db.transaction().execute(async (tx) => {
          const id = await insertFile(tx, {
            caseId, messageId: null, addedBy: 'staff', purpose, kind: prepared.received.kind, mime: prepared.received.mime, size: prepared.received.size,
            sha256: prepared.received.sha256, width: prepared.derivatives?.width ?? null, height: prepared.derivatives?.height ?? null,
            storageKey: prepared.keys.storageKey, thumbKey: prepared.keys.thumbKey, displayKey: prepared.keys.displayKey, uploadedBy: actor.accountId, addedOn: shanghaiDay(at),
          });
          await audit(tx, actor, 'case.file', { type: 'case', id: caseId }, { after: { fileId: id, purpose, kind: prepared.received.kind } }, at);
          await files.place(prepared);
        });
      } catch (e) {
        await files.discard(prepared);
        throw e;
      }
      return this.get(actor, campaignId, caseId);
    },

    /**
     * One stored file: the thumbnail and the copy without metadata (an image's display copy, a staff
     * video's cleaned copy) for whoever reads the case, the original only as casePolicy.original says.
     */
    async file(actor: Actor, fileId: number, variant: CaseFileVariant) {
      const f = await findFile(db, fileId);
      if (!f) throw notFound();
      const c = await findCase(db, f.case_id);
      if (!c) throw notFound();
      authorizeRead(actor, casePolicy.read, await targetOf(c));
      if (variant === 'original' && !casePolicy.original(actor, f.added_by as 'reporter' | 'staff')) throw fail(403, 'case.original_forbidden');
      const key = variant === 'original' ? f.storage_key : variant === 'thumb' ? f.thumb_key : f.display_key;
      if (!key) throw notFound();
      // An image's thumbnail and display copy are JPEG; a video's copy is the same kind as its original.
      const isJpeg = variant === 'thumb' || (variant === 'display' && f.kind === 'image');
      return {
        path: files.pathOf(variant, key), mime: isJpeg ? 'image/jpeg' : f.mime,
        filename: `case-${f.case_id}-${f.id}${variant === 'original' ? '' : `-${variant}`}.${isJpeg ? 'jpg' : f.storage_key.split('.').pop()}`,
        attachment: variant === 'original',
      };
    },

    /** The register as xlsx or CSV, filtered like the queue; reporters' identities only for the desk. */
    async exportFile(actor: Actor, campaignId: number, q: z.infer<typeof caseExportQuery>, format: 'xlsx' | 'csv') {
      if (!casePolicy.export(actor)) throw forbidden();
      const { record } = await campaignOf(db, campaignId);
      const def = record.definition;
      const at = now();
      const withReporter = casePolicy.seesReporter(actor);
      const rows: CaseSheetRow[] = [];
      for await (const page of eachCase(db, filterFor(actor, campaignId, q))) {
        const units = await unitsById(db, page.flatMap((c) => [c.county_id, c.assigned_unit_id]));
        for (const c of page) {
          rows.push({
            reference: caseReference(record.year, c.id),
            source: SOURCE_LABELS[c.source] ?? c.source,
            category: def.cases.categories.find((x) => x.key === c.category)?.name.zh ?? c.category,
            county: c.county_id !== null ? units.get(c.county_id)?.name ?? '' : '',
            address: c.address ?? '',
            enterprise: c.enterprise ?? '',
            occurredOn: c.occurred_on ?? '',
            receivedOn: c.received_on,
            status: STATUS_LABELS[c.status as CaseStatus] ?? c.status,
            assignedUnit: c.assigned_unit_id !== null ? units.get(c.assigned_unit_id)?.name ?? '' : '',
            deadline: c.deadline_at ? shanghaiDay(new Date(new Date(c.deadline_at).getTime() - 1)) : '',
            overdue: isCaseOverdue(c, at) ? '是' : '',
            escalated: c.escalated_at ? '是' : '',
            findings: c.findings ?? '',
            rectification: c.rectification_report ?? '',
            reply: c.reply ?? '',
            ...(withReporter && { reporterName: c.reporter_name ?? '', reporterPhone: c.reporter_phone ?? '' }),
          });
        }
      }
      await db.transaction().execute((tx) => audit(tx, actor, 'case.export', { type: 'campaign', id: campaignId }, { after: { format, rows: rows.length, withReporter } }, at));
      const base = `举报案件台账-${record.code}-${shanghaiDay(at)}`;
      const ascii = `cases-${record.code}-${shanghaiDay(at)}.${format}`;
      if (format === 'csv') return { data: Buffer.from(writeCasesCsv(rows, withReporter), 'utf8'), filename: `${base}.csv`, ascii };
      const data = await writeCasesSheet({
        title: `${def.identity.title.zh}举报案件台账`, subtitle: `导出日期：${shanghaiDay(at)}\u3000共 ${rows.length} 件`, rows, withReporter,
      });
      return { data, filename: `${base}.xlsx`, ascii };
    },

    filterFor,
    targetOf,
  };
}

const SOURCE_LABELS: Record<string, string> = { public: '群众举报', unit: '单位上报线索', hotline: '12350热线', inspection: '执法检查', media: '媒体曝光' };
const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '待受理', not_accepted: '不予受理', accepted: '已受理', assigned: '核查中', founded: '属实', unfounded: '不属实',
  rectifying: '整改中', rectified: '已整改', closed: '已办结', merged: '已合并',
};

export type CaseService = ReturnType<typeof caseService>;
