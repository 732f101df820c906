import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import sharp from 'sharp';
import type { z } from 'zod';
import type { AppDeps } from '../../context';
import { FILE_MODE } from '../../file-modes';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { exposurePolicy } from '../../auth/policies/exposure.policy';
import { fail, fieldError, forbidden, invalidFields, notFound } from '../../http/errors';
import type { MessageKey } from '../../http/messages';
import { shanghaiDay } from '../../../domain/time';
import type { Role } from '../../../domain/accounts/roles';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { appliesTo } from '../../../domain/obligations/obligation.rules';
import {
  availableReviewActions, isEditable, reviewStep, type ExposureReviewAction, type ExposureReviewError, type ExposureStatus,
} from '../../../domain/exposures/exposure.review';
import { monthlyExposure, tourMonths } from '../../../domain/exposures/exposure.quota';
import { blurBoxes, checkBoxes } from '../../formats/redact';
import { writeTypicalCaseDocx } from '../../formats/typical-case-docx';
import { audit } from '../audit/audit.service';
import { campaignOf } from '../cases/case.service';
import { findCase, findFile } from '../cases/case.store';
import type { CaseFiles } from '../cases/case.files';
import { findCampaignByCode } from '../campaigns/campaign.store';
import { recordFulfilment } from '../obligations/obligation.service';
import { deleteFulfilments } from '../obligations/obligation.store';
import { caseReference } from '../cases/case.presenter';
import {
  countBy, findImage, findTypical, insertEvent, insertImage, insertTypical, listEvents, listImages, listPublicationInstants, listPublished, listRuns,
  listSources, listTypical, replaceSources, updateTypical, type TypicalFields, type TypicalRow,
} from './exposure.store';
import { presentPublic, presentSummary, presentTypical } from './exposure.presenter';
import type { actionBody, imageBody, imageUpdateBody, listQuery, runBody, typicalBody } from './exposure.schema';

const REVIEW_ERRORS: Record<ExposureReviewError, MessageKey> = {
  wrong_state: 'exposure.wrong_state',
  wrong_role: 'request.forbidden',
  comment_required: 'exposure.comment_required',
  locked: 'exposure.locked',
};

/** A typical case is drawn from cases whose facts were verified. */
const VERIFIED = new Set(['founded', 'rectifying', 'rectified', 'closed']);

const fieldsOf = (b: z.infer<typeof typicalBody>): TypicalFields => ({
  title: b.title, subject: b.subject, sector: b.sector ?? null, facts: b.facts, violations: b.violations, handling: b.handling,
  dual_penalty: b.dualPenalty ? 1 : 0, criminal_transfer: b.criminalTransfer ? 1 : 0, lesson: b.lesson,
});

export function exposureService(deps: Pick<AppDeps, 'db' | 'now'>, files: CaseFiles) {
  const { db, now } = deps;

  async function visible(actor: Actor, campaignId: number, id: number) {
    const t = await findTypical(db, id);
    if (!t || t.campaign_id !== campaignId) throw notFound();
    return authorizeRead(actor, exposurePolicy.read, t);
  }

  async function checkSources(campaignId: number, caseIds: number[]) {
    for (const [i, caseId] of [...new Set(caseIds)].entries()) {
      const c = await findCase(db, caseId);
      if (!c || c.campaign_id !== campaignId) throw invalidFields([fieldError(`caseIds.${i}`, 'exposure.source_missing')]);
      if (!VERIFIED.has(c.status)) throw invalidFields([fieldError(`caseIds.${i}`, 'exposure.source_unverified')]);
    }
    return [...new Set(caseIds)];
  }

  async function detail(actor: Actor, t: TypicalRow) {
    const { record } = await campaignOf(db, t.campaign_id);
    const [sources, images, runs, events] = await Promise.all([listSources(db, [t.id]), listImages(db, [t.id]), listRuns(db, [t.id]), listEvents(db, t.id)]);
    const state = { status: t.status as ExposureStatus, stage: t.stage };
    const actions = availableReviewActions(state, [...actor.roles] as Role[], record.definition.exposure.reviewChain).filter((a) => a !== 'edit');
    return presentTypical(t, {
      def: record.definition, year: record.year, sources, images, runs, events, actions,
      canEdit: exposurePolicy.draft(actor) && isEditable(state), canRecordRun: exposurePolicy.recordRun(actor, t),
    });
  }

  function editable(actor: Actor, t: TypicalRow) {
    if (!exposurePolicy.draft(actor)) throw forbidden();
    if (!isEditable({ status: t.status as ExposureStatus })) throw fail(409, 'exposure.locked');
  }

  /** Publication fulfils the office's monthly quota in the month it happens; a withdrawal takes it back. */
  async function countExposure(tx: Queryable, t: TypicalRow, at: Date, actor: Actor, published: boolean) {
    if (!published) return deleteFulfilments(tx, { campaignId: t.campaign_id, sourceType: 'typical_case', sourceId: t.id });
    const { record, instances } = await campaignOf(tx, t.campaign_id);
    const keys = new Set(record.definition.obligations.filter((o) => o.kind === 'quota' && o.counts === 'typical_cases').map((o) => o.key));
    const offices = await tx.selectFrom('units').select(['id', 'type']).where('type', '=', 'city_office').where('active', '=', 1).execute();
    const done = new Set<string>();
    for (const unit of offices) {
      for (const inst of instances) {
        if (!keys.has(inst.baseKey) || !appliesTo(inst, unit.type as UnitType) || done.has(`${unit.id}:${inst.baseKey}`)) continue;
        done.add(`${unit.id}:${inst.baseKey}`);
        await recordFulfilment(tx, {
          campaignId: t.campaign_id, unitId: unit.id, obligationKey: inst.baseKey, at, sourceType: 'typical_case', sourceId: t.id,
          note: `typical case ${t.id}`, recordedBy: actor.accountId,
        }, at);
      }
    }
  }

  async function renderBlurred(caseFileId: number, boxes: z.infer<typeof imageBody>['boxes']) {
    let checked;
    try {
      checked = checkBoxes(boxes);
    } catch (e) {
      throw invalidFields([fieldError('boxes', 'exposure.boxes', { detail: (e as Error).message })]);
    }
    const f = await findFile(db, caseFileId);
    if (!f || f.kind !== 'image') throw invalidFields([fieldError('caseFileId', 'exposure.image_missing')]);
    const data = await blurBoxes(files.pathOf('original', f.storage_key), checked);
    const meta = await sharp(data).metadata();
    const key = `${crypto.randomBytes(16).toString('hex')}-redacted.jpg`;
    const path = files.pathOf('display', key);
    const temp = `${path}.tmp`;
    await fsp.writeFile(temp, data, { flag: 'wx', mode: FILE_MODE });
    return { key, path, temp, width: meta.width ?? 0, height: meta.height ?? 0, boxes: checked, file: f };
  }

  return {
    async list(actor: Actor, campaignId: number, q: z.infer<typeof listQuery>) {
      if (!exposurePolicy.list(actor)) throw forbidden();
      const { record } = await campaignOf(db, campaignId);
      const statuses = exposurePolicy.readsUnpublished(actor) ? (q.status ? [q.status] : undefined) : ['published'];
      const rows = await listTypical(db, campaignId, statuses);
      const ids = rows.map((r) => r.id);
      const [images, runs] = await Promise.all([countBy(db, 'typical_case_images', ids), countBy(db, 'exposure_runs', ids)]);
      return { items: rows.map((r) => presentSummary(r, record.definition, { images: images.get(r.id) ?? 0, runs: runs.get(r.id) ?? 0 })) };
    },

    async get(actor: Actor, campaignId: number, id: number) {
      return detail(actor, await visible(actor, campaignId, id));
    },

    async create(actor: Actor, campaignId: number, body: z.infer<typeof typicalBody>) {
      if (!exposurePolicy.draft(actor)) throw forbidden();
      await campaignOf(db, campaignId);
      const caseIds = await checkSources(campaignId, body.caseIds);
      const at = now().toISOString();
      const id = await db.transaction().execute(async (tx) => {
        const newId = await insertTypical(tx, campaignId, fieldsOf(body), actor.accountId, at);
        await replaceSources(tx, newId, caseIds);
        await insertEvent(tx, { typicalId: newId, action: 'draft', from: null, to: 'draft', stage: null, actorId: actor.accountId, comment: null, at });
        await audit(tx, actor, 'typical.create', { type: 'typical_case', id: newId }, { after: { title: body.title, caseIds } }, now());
        return newId;
      });
      return this.get(actor, campaignId, id);
    },

    async update(actor: Actor, campaignId: number, id: number, body: z.infer<typeof typicalBody>) {
      const t = await visible(actor, campaignId, id);
      editable(actor, t);
      if (body.revision !== undefined && body.revision !== t.revision) throw fail(409, 'exposure.stale');
      const caseIds = await checkSources(campaignId, body.caseIds);
      await db.transaction().execute(async (tx) => {
        if (!(await updateTypical(tx, id, t.revision, { ...fieldsOf(body), updated_at: now().toISOString() }))) throw fail(409, 'exposure.stale');
        await replaceSources(tx, id, caseIds);
        await audit(tx, actor, 'typical.update', { type: 'typical_case', id }, { before: { title: t.title }, after: { title: body.title, caseIds } }, now());
      });
      return this.get(actor, campaignId, id);
    },

    async act(actor: Actor, campaignId: number, id: number, body: z.infer<typeof actionBody>) {
      const t = await visible(actor, campaignId, id);
      if (body.revision !== t.revision) throw fail(409, 'exposure.stale');
      const { record } = await campaignOf(db, campaignId);
      const action = body.action as ExposureReviewAction;
      const from = { status: t.status as ExposureStatus, stage: t.stage };
      const step = reviewStep(from, action, [...actor.roles] as Role[], record.definition.exposure.reviewChain, { comment: body.comment ?? undefined });
      if (!step.ok) {
        if (step.error === 'comment_required') throw invalidFields([fieldError('comment', 'exposure.comment_required')]);
        throw fail(step.error === 'wrong_role' ? 403 : 409, REVIEW_ERRORS[step.error]);
      }
      const at = now();
      const iso = at.toISOString();
      const set: Partial<TypicalRow> = { status: step.state.status, stage: step.state.stage, updated_at: iso };
      if (action === 'return') set.return_comment = body.comment;
      if (action === 'submit') set.return_comment = null;
      if (action === 'publish') set.published_at = iso;
      if (action === 'withdraw') { set.withdrawn_at = iso; set.withdraw_reason = body.comment; }
      await db.transaction().execute(async (tx) => {
        if (!(await updateTypical(tx, id, t.revision, set))) throw fail(409, 'exposure.stale');
        await insertEvent(tx, { typicalId: id, action, from: t.status, to: step.state.status, stage: t.stage, actorId: actor.accountId, comment: body.comment ?? null, at: iso });
        if (action === 'publish' || action === 'withdraw') await countExposure(tx, t, at, actor, action === 'publish');
        await audit(tx, actor, `typical.${action}`, { type: 'typical_case', id }, { before: from, after: step.state }, at);
      });
      return this.get(actor, campaignId, id);
    },

    /** The source cases' photos the office may redact into the typical case. */
    async evidence(actor: Actor, campaignId: number, id: number) {
      const t = await visible(actor, campaignId, id);
      if (!exposurePolicy.draft(actor)) throw forbidden();
      const { record } = await campaignOf(db, campaignId);
      const sources = await listSources(db, [t.id]);
      const rows = sources.length
        ? await db.selectFrom('case_files').selectAll().where('case_id', 'in', sources.map((s) => s.id)).where('kind', '=', 'image').orderBy('case_id').orderBy('seq').execute()
        : [];
      return {
        items: rows.map((f) => ({
          caseFileId: f.id, caseId: f.case_id, reference: caseReference(record.year, f.case_id), displayUrl: `/api/case-files/${f.id}/display`, width: f.width, height: f.height,
        })),
      };
    },

    async addImage(actor: Actor, campaignId: number, id: number, body: z.infer<typeof imageBody>) {
      const t = await visible(actor, campaignId, id);
      editable(actor, t);
      const sources = new Set((await listSources(db, [id])).map((s) => s.id));
      const f = await findFile(db, body.caseFileId);
      if (!f || !sources.has(f.case_id)) throw invalidFields([fieldError('caseFileId', 'exposure.image_missing')]);
      const r = await renderBlurred(body.caseFileId, body.boxes);
      try {
        await db.transaction().execute(async (tx) => {
          const imageId = await insertImage(tx, { typicalId: id, caseFileId: f.id, boxes: JSON.stringify(r.boxes), key: r.key, width: r.width, height: r.height, caption: body.caption ?? null });
          await touch(tx, t);
          await audit(tx, actor, 'typical.image', { type: 'typical_case', id }, { after: { imageId, caseFileId: f.id, boxes: r.boxes.length } }, now());
          await fsp.rename(r.temp, r.path);
        });
      } catch (e) {
        await fsp.rm(r.temp, { force: true });
        throw e;
      }
      return this.get(actor, campaignId, id);
    },

    async updateImage(actor: Actor, campaignId: number, id: number, imageId: number, body: z.infer<typeof imageUpdateBody>) {
      const t = await visible(actor, campaignId, id);
      editable(actor, t);
      const image = await findImage(db, imageId);
      if (!image || image.typical_case_id !== id) throw notFound();
      const r = await renderBlurred(image.case_file_id, body.boxes);
      try {
        await db.transaction().execute(async (tx) => {
          await tx.updateTable('typical_case_images').set({ boxes_json: JSON.stringify(r.boxes), blurred_key: r.key, width: r.width, height: r.height, caption: body.caption ?? null })
            .where('id', '=', imageId).execute();
          await touch(tx, t);
          await audit(tx, actor, 'typical.image', { type: 'typical_case', id }, { after: { imageId, boxes: r.boxes.length } }, now());
          await fsp.rename(r.temp, r.path);
        });
      } catch (e) {
        await fsp.rm(r.temp, { force: true });
        throw e;
      }
      await fsp.rm(files.pathOf('display', image.blurred_key), { force: true });
      return this.get(actor, campaignId, id);
    },

    async removeImage(actor: Actor, campaignId: number, id: number, imageId: number) {
      const t = await visible(actor, campaignId, id);
      editable(actor, t);
      const image = await findImage(db, imageId);
      if (!image || image.typical_case_id !== id) throw notFound();
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('typical_case_images').where('id', '=', imageId).execute();
        await touch(tx, t);
        await audit(tx, actor, 'typical.image_remove', { type: 'typical_case', id }, { before: { imageId } }, now());
      });
      await fsp.rm(files.pathOf('display', image.blurred_key), { force: true });
      return this.get(actor, campaignId, id);
    },

    /** The blurred copy, for whoever may read the typical case (the public: published only). */
    async imageFile(actor: Actor | null, imageId: number) {
      const image = await findImage(db, imageId);
      if (!image) throw notFound();
      const t = await findTypical(db, image.typical_case_id);
      if (!t) throw notFound();
      if (actor ? !exposurePolicy.read(actor, t) : t.status !== 'published') throw notFound();
      return files.pathOf('display', image.blurred_key);
    },

    async addRun(actor: Actor, campaignId: number, id: number, body: z.infer<typeof runBody>) {
      const t = await visible(actor, campaignId, id);
      if (!exposurePolicy.recordRun(actor, t)) throw t.status === 'published' ? forbidden() : fail(409, 'exposure.not_published');
      const at = now();
      await db.transaction().execute(async (tx) => {
        const run = await tx.insertInto('exposure_runs').values({
          typical_case_id: id, outlet: body.outlet, ran_on: body.ranOn, link: body.link ?? null, recorded_by: actor.accountId, created_at: at.toISOString(),
        }).returning('id').executeTakeFirstOrThrow();
        await audit(tx, actor, 'typical.run', { type: 'typical_case', id }, { after: { runId: run.id, outlet: body.outlet, ranOn: body.ranOn } }, at);
      });
      return this.get(actor, campaignId, id);
    },

    async quota(actor: Actor, campaignId: number) {
      if (!exposurePolicy.quota(actor)) throw forbidden();
      const { record } = await campaignOf(db, campaignId);
      const o = record.definition.obligations.find((x) => x.kind === 'quota' && x.counts === 'typical_cases');
      const tour = record.definition.periods.find((p) => p.key === (o?.window ?? 'tour')) ?? record.definition.periods.at(-1)!;
      const minCount = o?.minCount ?? 1;
      const targetCount = o?.targetCount ?? minCount;
      const published = (await listPublicationInstants(db, campaignId)).map((r) => ({ at: new Date(r.published_at!), withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at) : null }));
      const months = monthlyExposure({ months: tourMonths(tour.start, tour.end), published, now: now(), minCount, targetCount });
      return { minCount, targetCount, months };
    },

    async publicList(code: string) {
      const c = await findCampaignByCode(db, code);
      if (!c) throw fail(404, 'report.campaign_unknown');
      const rows = await listPublished(db, c.id);
      const ids = rows.map((r) => r.id);
      const [images, runs] = await Promise.all([listImages(db, ids), listRuns(db, ids)]);
      return {
        campaign: { code: c.code, name: c.definition.identity.title },
        items: rows.map((r) => presentPublic(r, images.filter((i) => i.typical_case_id === r.id), runs.filter((x) => x.typical_case_id === r.id))),
      };
    },

    /** The media's package: the article as .docx with the blurred photos, and the photos themselves. */
    async package(actor: Actor, campaignId: number, id: number) {
      const t = await visible(actor, campaignId, id);
      const { record } = await campaignOf(db, campaignId);
      const images = await listImages(db, [id]);
      const photos = await Promise.all(images.map(async (i) => ({ data: await fsp.readFile(files.pathOf('display', i.blurred_key)), width: i.width, height: i.height, caption: i.caption })));
      const docx = await writeTypicalCaseDocx({
        campaignName: record.definition.identity.title.zh, title: t.title, subject: t.subject, sector: t.sector,
        publishedOn: t.published_at ? shanghaiDay(new Date(t.published_at)) : null, facts: t.facts, violations: t.violations, handling: t.handling,
        dualPenalty: !!t.dual_penalty, criminalTransfer: !!t.criminal_transfer, lesson: t.lesson, images: photos,
      });
      const zip = archiver('zip', { zlib: { level: 6 } });
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const ended = new Promise<void>((resolve, reject) => { out.on('end', resolve); zip.on('error', reject); });
      zip.pipe(out);
      zip.append(docx, { name: '典型案例.docx' });
      photos.forEach((p, n) => zip.append(p.data, { name: `图片/${n + 1}.jpg` }));
      await zip.finalize();
      await ended;
      await db.transaction().execute((tx) => audit(tx, actor, 'typical.package', { type: 'typical_case', id }, {}, now()));
      const name = `典型案例-${t.id}-${t.title.slice(0, 40)}.zip`;
      return { data: Buffer.concat(chunks), filename: name, ascii: `typical-case-${t.id}.zip` };
    },
  };

  async function touch(tx: Queryable, t: TypicalRow) {
    if (!(await updateTypical(tx, t.id, t.revision, { updated_at: now().toISOString() }))) throw fail(409, 'exposure.stale');
  }
}

export type ExposureService = ReturnType<typeof exposureService>;
