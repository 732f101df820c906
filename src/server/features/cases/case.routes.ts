import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { casePolicy } from '../../auth/policies/case.policy';
import { AppError } from '../../http/errors';
import { readStreamedUpload } from '../../http/upload';
import { sendAttachment } from '../summaries/summary.routes';
import { caseFiles } from './case.files';
import { caseService } from './case.service';
import {
  caseActionSchema, caseExportQuery, caseFileParams, caseFileQuery, caseListQuery, caseListSchema, caseMessageSchema, caseParams, caseSchema,
  newCaseSchema,
} from './case.schema';
import { campaignParams } from '../media/media.schema';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function caseRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const files = caseFiles(deps.config.media);
  const cases = caseService(deps, files);
  const tags = ['cases'];
  const base = '/api/campaigns/:id/cases';
  const one = `${base}/:caseId`;

  r.get(base, {
    schema: { tags, summary: '案件队列（我的待办、全部；按状态、类别、县区、来源、超期筛选）The case queue', params: campaignParams, querystring: caseListQuery, response: { 200: caseListSchema } },
    onRequest: gate(casePolicy.list),
  }, async (req) => cases.list(actorOf(req), req.params.id, req.query));

  r.post(base, {
    schema: { tags, summary: '单位上报违法线索，或市安委办登记热线、检查、媒体来源的案件 File a lead or register a call', params: campaignParams, body: newCaseSchema, response: { 201: caseSchema } },
    onRequest: gate((a) => casePolicy.fileLead(a) || casePolicy.register(a)),
  }, async (req, reply) => reply.code(201).send(await cases.create(actorOf(req), req.params.id, req.body)));

  for (const format of ['xlsx', 'csv'] as const) {
    r.get(`/api/campaigns/:id/cases.${format}`, {
      schema: { tags, summary: `导出案件台账（${format}）Export the case register`, params: campaignParams, querystring: caseExportQuery },
      onRequest: gate(casePolicy.export),
    }, async (req, reply) => {
      const file = await cases.exportFile(actorOf(req), req.params.id, req.query, format);
      return sendAttachment(reply, format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8', file);
    });
  }

  r.get(one, {
    schema: { tags, summary: '案件详情 One case', params: caseParams, response: { 200: caseSchema } },
    onRequest: gate(casePolicy.list),
  }, async (req) => cases.get(actorOf(req), req.params.id, req.params.caseId));

  r.post(`${one}/actions`, {
    schema: { tags, summary: '办理一步：受理、不予受理、交办、改派、核查、责令整改、整改完成、办结、合并、督办 Take a step', params: caseParams, body: caseActionSchema, response: { 200: caseSchema } },
    onRequest: gate(casePolicy.list),
  }, async (req) => cases.act(actorOf(req), req.params.id, req.params.caseId, req.body));

  r.post(`${one}/messages`, {
    schema: { tags, summary: '给举报人留言，或写内部备注 Message the reporter, or add an internal note', params: caseParams, body: caseMessageSchema, response: { 200: caseSchema } },
    onRequest: gate(casePolicy.list),
  }, async (req) => cases.message(actorOf(req), req.params.id, req.params.caseId, req.body));

  r.post(`${one}/files`, {
    schema: { tags, summary: '上传核查、整改材料（字段 file）Add evidence or rectification proof', params: caseParams, querystring: caseFileQuery, consumes: ['multipart/form-data'], response: { 200: caseSchema } },
    onRequest: gate(casePolicy.list),
  }, async (req, reply) => {
    const actor = actorOf(req);
    try {
      await cases.checkFileTarget(actor, req.params.id, req.params.caseId);
      const form = await readStreamedUpload(req, {
        fieldNames: [],
        maxFileBytes: files.largest,
        receive: (stream) => files.prepare(stream, 'staff'),
        discard: (p) => files.discard(p),
        tooLarge: files.tooLarge,
      });
      return await cases.addFile(actor, req.params.id, req.params.caseId, req.query.purpose, form.file);
    } catch (e) {
      if (e instanceof AppError && e.statusCode === 413) void reply.header('connection', 'close');
      throw e;
    }
  });

  r.get('/api/case-files/:fileId/:variant', {
    schema: { tags, summary: '案件材料（缩略图、展示图已去除 EXIF/GPS）A case file', params: caseFileParams },
    onRequest: gate(casePolicy.list),
  }, async (req, reply) => {
    const f = await cases.file(actorOf(req), req.params.fileId, req.params.variant);
    // A row whose file is gone is the server's fault, answered as one (500, logged).
    const { size } = await fsp.stat(f.path);
    return reply
      .header('content-type', f.mime)
      .header('content-length', size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `${f.attachment ? 'attachment' : 'inline'}; filename="${f.filename}"`)
      .send(fs.createReadStream(f.path));
  });
}
