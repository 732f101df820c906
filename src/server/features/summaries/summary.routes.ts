import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { summaryPolicy } from '../../auth/policies/summary.policy';
import { summaryService } from './summary.service';
import { DOCX, summaryFiles } from './summary.files';
import {
  campaignParams, decideBody, listQuery, officeListSchema, reopenBody, returnBody, saveBody, unitParams, unitSummarySchema,
} from './summary.schema';

/** RFC 5987 allows none of ' ( ) * in the value; encodeURIComponent leaves them as they are. */
const extValue = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function sendAttachment(reply: FastifyReply, type: string, file: { data: Buffer | NodeJS.ReadableStream; filename: string; ascii: string }) {
  return reply
    .header('content-type', type)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename="${file.ascii}"; filename*=UTF-8''${extValue(file.filename)}`)
    .send(file.data);
}

export async function summaryRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const summaries = summaryService(deps);
  const files = summaryFiles(deps);
  const tags = ['summaries'];
  const base = '/api/campaigns/:id/summaries';

  r.get(`${base}/units/:unitId`, {
    schema: { tags, summary: '单位的活动情况总结报告 A unit’s summary report', params: unitParams, response: { 200: unitSummarySchema } },
  }, async (req) => summaries.unitSummary(actorOf(req), req.params.id, req.params.unitId));

  r.put(`${base}/units/:unitId`, {
    schema: { tags, summary: '保存草稿（内容经服务器净化）Save a draft (the HTML is sanitised)', params: unitParams, body: saveBody, response: { 200: unitSummarySchema } },
    onRequest: gate(summaryPolicy.write),
  }, async (req) => summaries.save(actorOf(req), req.params.id, req.params.unitId, req.body, false));

  r.post(`${base}/units/:unitId/submit`, {
    schema: { tags, summary: '提交总结报告 Submit the summary', params: unitParams, body: saveBody, response: { 200: unitSummarySchema } },
    onRequest: gate(summaryPolicy.write),
  }, async (req) => summaries.save(actorOf(req), req.params.id, req.params.unitId, req.body, true));

  r.post(`${base}/units/:unitId/accept`, {
    schema: { tags, summary: '市安委办接收（锁定）The office accepts (and locks) the summary', params: unitParams, body: decideBody, response: { 200: unitSummarySchema } },
    onRequest: gate(summaryPolicy.decide),
  }, async (req) => summaries.decide(actorOf(req), req.params.id, req.params.unitId, 'accept', req.body.comment));

  r.post(`${base}/units/:unitId/return`, {
    schema: { tags, summary: '退回修改 Return the summary with a comment', params: unitParams, body: returnBody, response: { 200: unitSummarySchema } },
    onRequest: gate(summaryPolicy.decide),
  }, async (req) => summaries.decide(actorOf(req), req.params.id, req.params.unitId, 'return', req.body.comment));

  r.post(`${base}/units/:unitId/reopen`, {
    schema: { tags, summary: '重新打开已接收的总结报告 Reopen an accepted summary', params: unitParams, body: reopenBody, response: { 200: unitSummarySchema } },
    onRequest: gate(summaryPolicy.decide),
  }, async (req) => summaries.decide(actorOf(req), req.params.id, req.params.unitId, 'reopen', req.body.reason));

  r.get(`${base}/units/:unitId/export.docx`, {
    schema: { tags, summary: '下载单位总结报告（Word）Download a unit’s summary (.docx)', params: unitParams },
  }, async (req, reply) => sendAttachment(reply, DOCX, await files.exportUnit(actorOf(req), req.params.id, req.params.unitId)));

  r.get(base, {
    schema: { tags, summary: '总结报告报送情况（完整性、及时性）Who filed their summary, on time or not', params: campaignParams, querystring: listQuery, response: { 200: officeListSchema } },
    onRequest: gate(summaryPolicy.list),
  }, async (req) => summaries.list(req.params.id, req.query.unitType));

  r.get('/api/campaigns/:id/city-summary.docx', {
    schema: { tags, summary: '生成全市活动总结初稿（Word）The city summary draft (.docx)', params: campaignParams },
    onRequest: gate(summaryPolicy.citySummary),
  }, async (req, reply) => sendAttachment(reply, DOCX, await files.citySummary(req.params.id)));
}
