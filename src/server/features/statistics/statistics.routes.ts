import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { statisticsPolicy } from '../../auth/policies/statistics.policy';
import { readSmallUpload, readSmallUploadWithFields } from '../../http/upload';
import { statisticsService } from './statistics.service';
import { statisticsFiles } from './statistics.files';
import {
  campaignParams, checkBody, checkResultSchema, decideBody, formSchema, importPreviewSchema, importResultSchema, listQuery,
  officeListSchema, reopenBody, returnBody, rollupSchema, saveBody, unitFormSchema, unitParams,
} from './statistics.schema';

/** An import sheet is a few hundred rows at most; the limit keeps a zip bomb's outer size small. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(reply: FastifyReply, type: string, file: { data: Buffer | string | NodeJS.ReadableStream; filename: string; ascii: string }) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${file.ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(file.data);
}

export async function statisticsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const stats = statisticsService(deps);
  const files = statisticsFiles(deps);
  const tags = ['statistics'];
  const base = '/api/campaigns/:id/statistics';

  r.get(`${base}/form`, {
    schema: { tags, summary: '统计表指标与校验规则 The table’s indicators and rules', params: campaignParams, response: { 200: formSchema } },
  }, async (req) => stats.form(req.params.id));

  r.get(`${base}/units/:unitId`, {
    schema: { tags, summary: '单位的活动进展情况统计表 A unit’s statistics table', params: unitParams, response: { 200: unitFormSchema } },
  }, async (req) => stats.unitForm(actorOf(req), req.params.id, req.params.unitId));

  r.put(`${base}/units/:unitId`, {
    schema: { tags, summary: '保存草稿 Save a draft', params: unitParams, body: saveBody, response: { 200: unitFormSchema } },
    onRequest: gate(statisticsPolicy.fill),
  }, async (req) => stats.save(actorOf(req), req.params.id, req.params.unitId, req.body, false));

  r.post(`${base}/units/:unitId/submit`, {
    schema: { tags, summary: '提交统计表 Submit the table', params: unitParams, body: saveBody, response: { 200: unitFormSchema } },
    onRequest: gate(statisticsPolicy.fill),
  }, async (req) => stats.save(actorOf(req), req.params.id, req.params.unitId, req.body, true));

  r.post(`${base}/units/:unitId/check`, {
    schema: { tags, summary: '校验（不保存）Check figures without saving', params: unitParams, body: checkBody, response: { 200: checkResultSchema } },
  }, async (req) => stats.check(actorOf(req), req.params.id, req.params.unitId, req.body.values));

  r.post(`${base}/units/:unitId/approve`, {
    schema: { tags, summary: '单位审核通过 The unit’s approver signs the table off', params: unitParams, body: decideBody, response: { 200: unitFormSchema } },
    onRequest: gate(statisticsPolicy.approve),
  }, async (req) => stats.decide(actorOf(req), req.params.id, req.params.unitId, 'approve', req.body.comment));

  r.post(`${base}/units/:unitId/accept`, {
    schema: { tags, summary: '市安委办接收（锁定）The office accepts (and locks) the table', params: unitParams, body: decideBody, response: { 200: unitFormSchema } },
    onRequest: gate(statisticsPolicy.decide),
  }, async (req) => stats.decide(actorOf(req), req.params.id, req.params.unitId, 'accept', req.body.comment));

  r.post(`${base}/units/:unitId/return`, {
    schema: { tags, summary: '退回修改 Return the table with a comment', params: unitParams, body: returnBody, response: { 200: unitFormSchema } },
    onRequest: gate(statisticsPolicy.returnAny),
  }, async (req) => stats.decide(actorOf(req), req.params.id, req.params.unitId, 'return', req.body.comment));

  r.post(`${base}/units/:unitId/reopen`, {
    schema: { tags, summary: '重新打开已接收的统计表 Reopen an accepted table', params: unitParams, body: reopenBody, response: { 200: unitFormSchema } },
    onRequest: gate(statisticsPolicy.decide),
  }, async (req) => stats.decide(actorOf(req), req.params.id, req.params.unitId, 'reopen', req.body.reason));

  r.get(`${base}/units/:unitId/export.xlsx`, {
    schema: { tags, summary: '导出单位统计表 Export a unit’s table (xlsx)', params: unitParams },
  }, async (req, reply) => download(reply, XLSX, await files.exportUnit(actorOf(req), req.params.id, req.params.unitId)));

  r.get(base, {
    schema: { tags, summary: '报送情况（完整性、及时性）Who filed, on time or not', params: campaignParams, querystring: listQuery, response: { 200: officeListSchema } },
    onRequest: gate(statisticsPolicy.list),
  }, async (req) => stats.list(req.params.id, req.query.unitType));

  r.get(`${base}/rollup`, {
    schema: { tags, summary: '汇总表（含小计、合计）The consolidated table', params: campaignParams, querystring: listQuery, response: { 200: rollupSchema } },
    onRequest: gate(statisticsPolicy.list),
  }, async (req) => stats.rollup(req.params.id, req.query.unitType));

  r.get(`${base}/export.xlsx`, {
    schema: { tags, summary: '导出汇总表（附件2）Export the consolidated table (xlsx)', params: campaignParams, querystring: listQuery },
    onRequest: gate(statisticsPolicy.export),
  }, async (req, reply) => download(reply, XLSX, await files.exportConsolidated(req.params.id, req.query.unitType)));

  r.get(`${base}/export.csv`, {
    schema: { tags, summary: '导出汇总表（CSV）Export the consolidated table (CSV)', params: campaignParams, querystring: listQuery },
    onRequest: gate(statisticsPolicy.export),
  }, async (req, reply) => download(reply, 'text/csv; charset=utf-8', await files.exportCsv(req.params.id, req.query.unitType)));

  r.post(`${base}/import/preview`, {
    schema: { tags, summary: '导入预览 Preview an import', params: campaignParams, response: { 200: importPreviewSchema } },
    onRequest: gate(statisticsPolicy.import),
  }, async (req) => files.importPreview(req.params.id, await readSmallUpload(req, IMPORT_MAX_BYTES)));

  r.post(`${base}/import`, {
    schema: { tags, summary: '导入（全部或不导入；覆盖单位自行填报的行须逐行选择）Import, all rows or none; rows replacing a unit’s own filing need a choice each', params: campaignParams, response: { 200: importResultSchema } },
    onRequest: gate(statisticsPolicy.import),
  }, async (req) => {
    // choices: {"<row>": "unit" | "file"} for each row the preview flagged as the unit's own filing.
    const { data, fields } = await readSmallUploadWithFields(req, IMPORT_MAX_BYTES, ['choices']);
    return files.importCommit(actorOf(req), req.params.id, data, fields.choices);
  });
}
