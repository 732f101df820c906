import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { liaisonPolicy } from '../../auth/policies/liaison.policy';
import { readSmallUpload, readSmallUploadWithFields } from '../../http/upload';
import { liaisonService } from './liaison.service';
import {
  campaignParams, historySchema, importCommittedSchema, importPreviewSchema, listQuery, mineQuery, mineSchema, officeListSchema,
  submitBody, submittedSchema, unitParams,
} from './liaison.schema';

/** The same limit as the units import: a consolidated 附件1 of every unit is a few dozen kilobytes. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export async function liaisonRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const liaisons = liaisonService(deps);
  const tags = ['liaisons'];

  r.get('/api/campaigns/:id/liaisons/mine', {
    schema: { tags, summary: '本单位联络员反馈表 A unit’s liaison form and its versions', params: campaignParams, querystring: mineQuery, response: { 200: mineSchema } },
  }, async (req) => liaisons.mine(actorOf(req), req.params.id, req.query.unitId));

  r.post('/api/campaigns/:id/liaisons', {
    schema: { tags, summary: '报送联络员反馈表（新版本）File the liaison form (a new version)', params: campaignParams, body: submitBody, response: { 201: submittedSchema } },
    onRequest: gate(liaisonPolicy.submit),
  }, async (req, reply) => reply.code(201).send(await liaisons.submit(actorOf(req), req.params.id, req.body)));

  r.get('/api/campaigns/:id/liaisons', {
    schema: { tags, summary: '联络员反馈表汇总 Every unit’s liaison form', params: campaignParams, querystring: listQuery, response: { 200: officeListSchema } },
    onRequest: gate(liaisonPolicy.list),
  }, async (req) => liaisons.list(req.params.id, req.query.unitType));

  r.get('/api/campaigns/:id/liaisons/export.xlsx', {
    schema: { tags, summary: '导出联络员反馈表（附件1）Export the consolidated liaison form (xlsx)', params: campaignParams, querystring: listQuery },
    onRequest: gate(liaisonPolicy.export),
  }, async (req, reply) => {
    const { data, filename, code } = await liaisons.exportSheet(req.params.id, req.query.unitType);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="liaisons-${code}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(data);
  });

  r.post('/api/campaigns/:id/liaisons/import/preview', {
    schema: {
      tags, summary: '导入联络员反馈表预览（不写入）Preview importing a filled liaison sheet, writing nothing',
      params: campaignParams, consumes: ['multipart/form-data'], response: { 200: importPreviewSchema },
    },
    onRequest: gate(liaisonPolicy.import),
  }, async (req) => liaisons.importPreview(req.params.id, await readSmallUpload(req, IMPORT_MAX_BYTES)));

  r.post('/api/campaigns/:id/liaisons/import', {
    schema: {
      tags, summary: '导入联络员反馈表（全部或不导入）Import a filled liaison sheet: every row or none',
      params: campaignParams, consumes: ['multipart/form-data'], response: { 200: importCommittedSchema },
    },
    onRequest: gate(liaisonPolicy.import),
  }, async (req) => {
    // choices: {"<row>": "unit" | "file"} for each row the preview flagged as the unit's own filing.
    const { data, fields } = await readSmallUploadWithFields(req, IMPORT_MAX_BYTES, ['choices']);
    return liaisons.importCommit(actorOf(req), req.params.id, data, fields.choices);
  });

  r.get('/api/campaigns/:id/liaisons/:unitId/versions', {
    schema: { tags, summary: '联络员反馈表历史版本 A unit’s versions', params: unitParams, response: { 200: historySchema } },
  }, async (req) => liaisons.history(actorOf(req), req.params.id, req.params.unitId));
}
