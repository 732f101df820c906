import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { actorOf, authorizeRead, gate } from '../../auth/authorize';
import { casePolicy } from '../../auth/policies/case.policy';
import { AppError, fail, forbidden, parseOrThrow } from '../../http/errors';
import { rowIdParam } from '../../http/ids';
import { readJsonWithFiles } from '../../http/upload';
import { shanghaiDay } from '../../../domain/time';
import { findCampaign } from '../campaigns/campaign.store';
import { campaignService } from '../campaigns/campaign.service';
import { findUnit, type UnitRow } from '../orgs/unit.store';
import { sendAttachment } from '../summaries/summary.routes';
import { caseFiles, type PreparedFile } from '../cases/case.files';
import type { ReceivedFile } from '../media/media.files';
import { challenges } from './report.challenge';
import { renderPoster } from './report.poster';
import { loadReceiptKey } from './report.receipts';
import { reportService } from './report.service';
import { scheduleReporterFilePass } from '../cases/reporter-file-pass';
import {
  challengeSchema, publicCampaignParams, publicReportSchema, receiptSchema, reportFormQuery, reportFormSchema, reporterMessageSchema,
  reportStatusSchema, submittedSchema,
} from './report.schema';

const posterParams = z.object({ id: rowIdParam, unitId: rowIdParam, format: z.enum(['png', 'pdf']) });

export async function reportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { reports: cfg, media } = deps.config;
  const files = caseFiles(media, { reporterMaxPixels: cfg.maxImagePixels });
  const proofs = await challenges(cfg.powBits, { redis: deps.redis, prefix: deps.config.redisPrefix });
  const reports = reportService(deps, {
    receiptKey: loadReceiptKey(cfg), challenges: proofs, files, maxFiles: cfg.maxFiles,
    maxBytes: { image: media.maxBytes.image, video: media.maxBytes.video },
  });
  const tags = ['reports'];
  const stopFilePass = scheduleReporterFilePass(deps.db, files, deps.now, (err) => deps.log?.warn({ err }, 'could not rewrite the reporter files of a finished day'));
  app.addHook('onClose', async () => stopFilePass());

  /*
   * Every public report route is unlogged ('silent'): a request log line carries the instant it
   * arrived, and the reporter's routes must leave no time finer than the day. Rate limits count
   * per source (req.ip) in the limiter's memory, or in the shared Redis with an expiry, and are
   * never written anywhere else. They run first (onRequest), before a byte of the body is read.
   */
  const open = (max: number, timeWindow: string) => ({ logLevel: 'silent' as const, config: { public: true, rateLimit: { max, timeWindow } } });
  const browse = open(deps.config.publicPerMinutePerSource, '1 minute');
  const lookups = open(cfg.lookupsPerMinutePerSource, '1 minute');
  const sends = open(cfg.perHourPerSource, '1 hour');

  r.get('/api/public/campaigns/current', {
    schema: { tags, summary: '当前开放举报的活动 The campaign that takes reports now', response: { 200: z.object({ code: z.string() }) } },
    ...browse,
  }, async () => ({ code: (await campaignService(deps).current()).code }));

  r.get('/api/public/campaigns/:code/report-form', {
    schema: { tags, summary: '举报页面所需信息（类别、县区、海报单位）What the report page shows', params: publicCampaignParams, querystring: reportFormQuery, response: { 200: reportFormSchema } },
    ...browse,
  }, async (req) => reports.form(req.params.code, req.query.unit));

  r.post('/api/public/report-challenge', {
    // No body is expected; anything but an empty one is refused like any other wrong input.
    schema: { tags, summary: '取得提交前的计算校验题（工作量证明）A proof-of-work challenge', body: z.strictObject({}).nullish(), response: { 200: challengeSchema } },
    ...browse,
  }, async (req) => {
    // A multipart form escapes the body schema (the form parser leaves the body unread).
    if (req.isMultipart()) throw fail(400, 'request.invalid', {}, '(body)');
    return reports.challenge();
  });

  /**
   * A JSON body, or a multipart form of the JSON (field `jsonField`) and up to maxFiles files. The
   * order of work is the point: `admit` (the proof of work or the receipt, the small fields) runs
   * on the JSON before a byte of any file is read; files are then only stored, raw, with their size
   * cap and type sniffed; and only once the whole form is in and admitted is an image decoded.
   */
  async function readForm<T extends z.ZodType, C>(req: FastifyRequest, schema: T, jsonField: string, admit: (body: z.output<T>) => Promise<C>) {
    if (!req.isMultipart()) {
      const body = parseOrThrow(schema, req.body);
      return { body, files: [] as PreparedFile[], admitted: await admit(body) };
    }
    let admitted: { body: z.output<T>; checked: C } | undefined;
    const form = await readJsonWithFiles(req, {
      jsonField, maxFiles: cfg.maxFiles, maxFileBytes: Math.max(media.maxBytes.image, media.maxBytes.video),
      receive: (stream) => files.receive(stream, 'reporter'),
      discard: (received) => files.discardReceived(received),
      tooLarge: files.tooLarge,
      check: async (json) => {
        const body = parseOrThrow(schema, json);
        admitted = { body, checked: await admit(body) };
      },
    });
    return { body: admitted!.body, files: await processAll(form.files), admitted: admitted!.checked };
  }

  /** Decodes and cleans the files of an admitted form one after another; on a refusal none is left. */
  async function processAll(received: ReceivedFile[]): Promise<PreparedFile[]> {
    const done: PreparedFile[] = [];
    try {
      for (const r of received) done.push(await files.process(r, 'reporter'));
      return done;
    } catch (e) {
      await Promise.all([...done.map((p) => files.discard(p)), ...received.slice(done.length + 1).map((r) => files.discardReceived(r))]);
      throw e;
    }
  }

  /** A refused form may still be arriving: the answer closes the connection instead of reading the rest. */
  async function refusingUnread<R>(req: FastifyRequest, reply: FastifyReply, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (e) {
      if (req.isMultipart() || (e instanceof AppError && e.statusCode === 413)) void reply.header('connection', 'close');
      throw e;
    }
  }

  r.post('/api/public/campaigns/:code/reports', {
    schema: {
      tags, summary: '提交举报（JSON，或 multipart：字段 report 为 JSON，随后 file 为照片、视频）Submit a report; anonymous by default',
      params: publicCampaignParams, response: { 201: submittedSchema },
    },
    ...sends,
  }, async (req, reply) => refusingUnread(req, reply, async () => {
    const { body, files: sent, admitted } = await readForm(req, publicReportSchema, 'report', (b) => reports.admit(req.params.code, b));
    return reply.code(201).send(await reports.submit(req.params.code, body, sent, admitted));
  }));

  r.post('/api/public/report-status', {
    schema: { tags, summary: '凭回执码查询办理进度 Follow a report with its receipt', body: receiptSchema, response: { 200: reportStatusSchema } },
    ...lookups,
  }, async (req) => reports.status(req.body.receipt));

  r.post('/api/public/report-messages', {
    schema: {
      tags, summary: '举报人凭回执码回复、补充证据（JSON，或 multipart：字段 message 为 JSON，随后 file）Answer the handler with the receipt',
      response: { 201: reportStatusSchema },
    },
    ...lookups,
  }, async (req, reply) => refusingUnread(req, reply, async () => {
    const { body, files: sent } = await readForm(req, reporterMessageSchema, 'message', (b) => reports.checkReceipt(b.receipt));
    return reply.code(201).send(await reports.reply(body.receipt, body.body, sent));
  }));

  r.get('/api/campaigns/:id/units/:unitId/poster.:format', {
    schema: { tags, summary: '单位举报二维码海报（A4，PNG 或 PDF）A unit\'s QR poster for public reporting', params: posterParams },
    onRequest: gate(casePolicy.poster),
  }, async (req, reply) => {
    const actor = actorOf(req);
    const campaign = await findCampaign(deps.db, req.params.id);
    const unit = authorizeRead(actor, (a, u: UnitRow) => casePolicy.posterFor(a, u.path) || casePolicy.readsAll(a), await findUnit(deps.db, req.params.unitId));
    if (!campaign) throw fail(404, 'request.not_found');
    if (!casePolicy.posterFor(actor, unit.path)) throw forbidden();
    const origin = deps.config.publicUrl ?? `${req.protocol}://${req.host}`;
    const url = `${origin}/report?campaign=${encodeURIComponent(campaign.code)}&unit=${encodeURIComponent(unit.code)}`;
    const data = await renderPoster({
      campaignName: campaign.definition.identity.title.zh, theme: campaign.definition.identity.theme.zh, unitName: unit.name, url, format: req.params.format,
    });
    const name = `举报海报-${unit.code}-${unit.name}.${req.params.format}`;
    return sendAttachment(reply, req.params.format === 'png' ? 'image/png' : 'application/pdf', { data, filename: name, ascii: `poster-${unit.code}.${req.params.format}` });
  });

  if (cfg.benchBaseline) await baselineRoute(app, deps);
}

/**
 * The baseline bench/intake.bench.ts compares public intake with: the same body validated, one row
 * inserted with one durable statement. Registered only under SAFEMONTH_BENCH_BASELINE=true.
 */
async function baselineRoute(app: FastifyInstance, deps: AppDeps) {
  const id = deps.dialect === 'postgres' ? 'serial primary key' : 'integer primary key autoincrement';
  await sql.raw(`create table if not exists bench_intake (id ${id}, day text not null, body text not null)`).execute(deps.db);
  app.post('/api/bench/intake-baseline', { logLevel: 'silent', config: { public: true } }, async (req, reply) => {
    const body = parseOrThrow(publicReportSchema, req.body);
    await sql`insert into bench_intake (day, body) values (${shanghaiDay(deps.now())}, ${JSON.stringify(body)})`.execute(deps.db);
    return reply.code(201).send({ ok: true });
  });
}
