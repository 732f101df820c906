import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { exposurePolicy } from '../../auth/policies/exposure.policy';
import { sendAttachment } from '../summaries/summary.routes';
import { caseFiles } from '../cases/case.files';
import { exposureService } from './exposure.service';
import { exposureFeed } from './exposure.feed';
import { provinceService } from './province.service';
import {
  actionBody, campaignParams, evidenceSchema, feedQuery, feedTokenSchema, imageBody, imageParams, imageUpdateBody, listQuery, monthFileParams, monthParams,
  provinceListSchema, provinceReportSchema, publicCampaignParams, publicExposureSchema, publicImageParams, quotaSchema, runBody, sendBody, typicalBody,
  typicalListSchema, typicalParams, typicalSchema,
} from './exposure.schema';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function exposureRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const exposures = exposureService(deps, caseFiles(deps.config.media));
  const province = provinceService(deps);
  const feed = exposureFeed(deps);
  const tags = ['exposures'];
  const base = '/api/campaigns/:id/typical-cases';
  const one = `${base}/:typicalId`;
  const origin = (req: { protocol: string; host: string }) => deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

  const sendJpeg = async (reply: FastifyReply, file: string, cache: string) => {
    const { size } = await fsp.stat(file);
    return reply.header('content-type', 'image/jpeg').header('content-length', size).header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox").header('cache-control', cache).send(fs.createReadStream(file));
  };

  r.get(base, {
    schema: { tags, summary: '典型案例列表（媒体只见已发布）Typical cases', params: campaignParams, querystring: listQuery, response: { 200: typicalListSchema } },
    onRequest: gate(exposurePolicy.list),
  }, async (req) => exposures.list(actorOf(req), req.params.id, req.query));

  r.post(base, {
    schema: { tags, summary: '起草典型案例 Draft a typical case from verified cases', params: campaignParams, body: typicalBody, response: { 201: typicalSchema } },
    onRequest: gate(exposurePolicy.draft),
  }, async (req, reply) => reply.code(201).send(await exposures.create(actorOf(req), req.params.id, req.body)));

  r.get(one, {
    schema: { tags, summary: '典型案例 One typical case', params: typicalParams, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.list),
  }, async (req) => exposures.get(actorOf(req), req.params.id, req.params.typicalId));

  r.put(one, {
    schema: { tags, summary: '修改草稿 Edit a draft', params: typicalParams, body: typicalBody, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.draft),
  }, async (req) => exposures.update(actorOf(req), req.params.id, req.params.typicalId, req.body));

  r.post(`${one}/actions`, {
    schema: { tags, summary: '提交审核、通过、退回、发布、撤回 A review step', params: typicalParams, body: actionBody, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.list),
  }, async (req) => exposures.act(actorOf(req), req.params.id, req.params.typicalId, req.body));

  r.get(`${one}/evidence`, {
    schema: { tags, summary: '来源案件的证据照片 The source cases\' photos', params: typicalParams, response: { 200: evidenceSchema } },
    onRequest: gate(exposurePolicy.draft),
  }, async (req) => exposures.evidence(actorOf(req), req.params.id, req.params.typicalId));

  r.post(`${one}/images`, {
    schema: { tags, summary: '加入一张打码照片（服务器生成模糊副本）Add a redacted photo', params: typicalParams, body: imageBody, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.draft),
  }, async (req) => exposures.addImage(actorOf(req), req.params.id, req.params.typicalId, req.body));

  r.put(`${one}/images/:imageId`, {
    schema: { tags, summary: '修改打码区域 Change the redaction', params: imageParams, body: imageUpdateBody, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.draft),
  }, async (req) => exposures.updateImage(actorOf(req), req.params.id, req.params.typicalId, req.params.imageId, req.body));

  r.delete(`${one}/images/:imageId`, {
    schema: { tags, summary: '移除照片 Remove a photo', params: imageParams, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.draft),
  }, async (req) => exposures.removeImage(actorOf(req), req.params.id, req.params.typicalId, req.params.imageId));

  r.get('/api/typical-images/:imageId', {
    schema: { tags, summary: '打码后的照片 A redacted photo', params: publicImageParams },
    onRequest: gate(exposurePolicy.list),
  }, async (req, reply) => sendJpeg(reply, await exposures.imageFile(actorOf(req), req.params.imageId), 'private, no-store'));

  r.post(`${one}/runs`, {
    schema: { tags, summary: '登记媒体刊播 Record where it ran', params: typicalParams, body: runBody, response: { 200: typicalSchema } },
    onRequest: gate(exposurePolicy.list),
  }, async (req) => exposures.addRun(actorOf(req), req.params.id, req.params.typicalId, req.body));

  r.get(`${one}/package`, {
    schema: { tags, summary: '下载素材包（docx 与打码照片）The media package', params: typicalParams },
    onRequest: gate(exposurePolicy.list),
  }, async (req, reply) => sendAttachment(reply, 'application/zip', await exposures.package(actorOf(req), req.params.id, req.params.typicalId)));

  r.get('/api/campaigns/:id/exposure-quota', {
    schema: { tags, summary: '每月曝光指标 The monthly exposure quota', params: campaignParams, response: { 200: quotaSchema } },
    onRequest: gate(exposurePolicy.quota),
  }, async (req) => exposures.quota(actorOf(req), req.params.id));

  r.post('/api/feed-token', {
    schema: { tags, summary: '生成媒体订阅令牌（旧令牌失效）A new feed token', response: { 200: feedTokenSchema } },
    onRequest: gate(exposurePolicy.feedToken),
  }, async (req) => {
    const token = await feed.newToken(actorOf(req));
    return { token, feedUrl: `${origin(req)}/api/feeds/exposures.json?token=${token}` };
  });

  r.get('/api/feeds/exposures.json', {
    schema: { tags, summary: '典型案例订阅源（JSON Feed，凭令牌）The media feed, with a token', querystring: feedQuery },
    // A feed reader has no session; the token is its key. Its URL is not logged with the token.
    config: { public: true, rateLimit: { max: deps.config.publicPerMinutePerSource, timeWindow: '1 minute' } },
    logLevel: 'warn',
  }, async (req, reply) => reply.header('content-type', 'application/feed+json; charset=utf-8').header('cache-control', 'private, max-age=300')
    .send(JSON.stringify(await feed.feed(req.query.token, origin(req)))));

  r.get('/api/campaigns/:id/province-reports', {
    schema: { tags, summary: '曝光情况报送（按月）Monthly reports to the province', params: campaignParams, response: { 200: provinceListSchema } },
    onRequest: gate(exposurePolicy.province),
  }, async (req) => province.list(actorOf(req), req.params.id));

  r.get('/api/campaigns/:id/province-reports/:month', {
    schema: { tags, summary: '某月报送表 One month\'s report', params: monthParams, response: { 200: provinceReportSchema } },
    onRequest: gate(exposurePolicy.province),
  }, async (req) => province.get(actorOf(req), req.params.id, req.params.month));

  r.get('/api/campaigns/:id/province-reports/:month/report.:format', {
    schema: { tags, summary: '下载报送表（xlsx、docx）Download the report', params: monthFileParams },
    onRequest: gate(exposurePolicy.province),
  }, async (req, reply) => {
    const f = await province.file(actorOf(req), req.params.id, req.params.month, req.params.format);
    return sendAttachment(reply, req.params.format === 'xlsx' ? XLSX : DOCX, f);
  });

  r.post('/api/campaigns/:id/province-reports/:month/send', {
    schema: { tags, summary: '标记已报送（冻结）Mark sent; the report is frozen', params: monthParams, body: sendBody, response: { 200: provinceReportSchema } },
    onRequest: gate(exposurePolicy.sendProvince),
  }, async (req) => province.send(actorOf(req), req.params.id, req.params.month, req.body));

  const open = { config: { public: true, rateLimit: { max: deps.config.publicPerMinutePerSource, timeWindow: '1 minute' } } };

  r.get('/api/public/campaigns/:code/exposures', {
    schema: { tags, summary: '曝光台：已发布的典型案例（无需登录）Published typical cases', params: publicCampaignParams, response: { 200: publicExposureSchema } },
    ...open,
  }, async (req) => exposures.publicList(req.params.code));

  r.get('/api/public/exposure-images/:imageId', {
    schema: { tags, summary: '已发布案例的打码照片 A published case\'s redacted photo', params: publicImageParams },
    ...open,
  }, async (req, reply) => sendJpeg(reply, await exposures.imageFile(null, req.params.imageId), 'private, max-age=600'));
}
