import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { activityPolicy } from '../../auth/policies/activity.policy';
import { mediaFiles } from '../media/media.files';
import { activityService } from './activity.service';
import {
  acceptBody, activityParams, activitySchema, attachBody, attachmentParams, calendarQuery, calendarSchema, campaignParams,
  coverageSchema, createBody, listQuery, listSchema, publicCampaignParams, publicListSchema, publicMediaParams, publicQuery,
  returnBody, submitBody, timelineSchema, unitParams, updateBody,
} from './activity.schema';

export async function activityRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const activities = activityService(deps);
  const files = mediaFiles(deps.config.media);
  const tags = ['activities'];
  const base = '/api/campaigns/:id/activities';
  const one = `${base}/:activityId`;

  r.get(base, {
    schema: { tags, summary: '活动记录列表（按单位、类别、状态、日期筛选）Activities, by unit, category, status and date', params: campaignParams, querystring: listQuery, response: { 200: listSchema } },
  }, async (req) => activities.list(actorOf(req), req.params.id, req.query));

  r.post(base, {
    schema: { tags, summary: '新建活动记录（草稿）Record an activity (draft)', params: campaignParams, body: createBody, response: { 201: activitySchema } },
    onRequest: gate(activityPolicy.write),
  }, async (req, reply) => reply.code(201).send(await activities.create(actorOf(req), req.params.id, req.body)));

  r.get(`${base}/calendar`, {
    schema: { tags, summary: '活动日历（按月）The campaign calendar, one month', params: campaignParams, querystring: calendarQuery, response: { 200: calendarSchema } },
  }, async (req) => activities.calendar(actorOf(req), req.params.id, req.query));

  r.get(`${base}/units/:unitId/timeline`, {
    schema: { tags, summary: '单位活动时间线 A unit’s activities in date order', params: unitParams, response: { 200: timelineSchema } },
  }, async (req) => activities.timeline(actorOf(req), req.params.id, req.params.unitId));

  r.get(`${base}/units/:unitId/coverage`, {
    schema: { tags, summary: '各项任务开展情况 Which tasks a unit has covered with accepted activities', params: unitParams, response: { 200: coverageSchema } },
  }, async (req) => activities.coverage(actorOf(req), req.params.id, req.params.unitId));

  r.get(one, {
    schema: { tags, summary: '活动记录 One activity', params: activityParams, response: { 200: activitySchema } },
  }, async (req) => activities.get(actorOf(req), req.params.id, req.params.activityId));

  r.put(one, {
    schema: { tags, summary: '修改活动记录（草稿或已退回）Change an activity (draft or returned)', params: activityParams, body: updateBody, response: { 200: activitySchema } },
    onRequest: gate(activityPolicy.write),
  }, async (req) => activities.update(actorOf(req), req.params.id, req.params.activityId, req.body));

  r.delete(one, {
    schema: { tags, summary: '删除草稿 Delete a draft', params: activityParams },
    onRequest: gate(activityPolicy.write),
  }, async (req, reply) => {
    await activities.remove(actorOf(req), req.params.id, req.params.activityId);
    return reply.code(204).send();
  });

  r.post(`${one}/submit`, {
    schema: { tags, summary: '提交 Submit', params: activityParams, body: submitBody, response: { 200: activitySchema } },
    onRequest: gate(activityPolicy.write),
  }, async (req) => activities.submit(actorOf(req), req.params.id, req.params.activityId, req.body.revision));

  r.post(`${one}/accept`, {
    schema: { tags, summary: '接收（锁定）Accept (and lock)', params: activityParams, body: acceptBody, response: { 200: activitySchema } },
    onRequest: gate(activityPolicy.decide),
  }, async (req) => activities.decide(actorOf(req), req.params.id, req.params.activityId, 'accept', req.body.comment));

  r.post(`${one}/return`, {
    schema: { tags, summary: '退回修改 Return with a comment', params: activityParams, body: returnBody, response: { 200: activitySchema } },
    onRequest: gate(activityPolicy.decide),
  }, async (req) => activities.decide(actorOf(req), req.params.id, req.params.activityId, 'return', req.body.comment));

  r.post(`${one}/media`, {
    schema: { tags, summary: '附加素材 Attach a media library item', params: activityParams, body: attachBody, response: { 200: activitySchema } },
    onRequest: gate(activityPolicy.write),
  }, async (req) => activities.attach(actorOf(req), req.params.id, req.params.activityId, req.body.mediaId));

  r.delete(`${one}/media/:mediaId`, {
    schema: { tags, summary: '移除素材 Detach a media item', params: attachmentParams, response: { 200: activitySchema } },
    onRequest: gate(activityPolicy.write),
  }, async (req) => activities.detach(actorOf(req), req.params.id, req.params.activityId, req.params.mediaId));

  // Open to anyone, on a phone: throttled per source like the login, and never more than the page shows.
  const publicConfig = { public: true, rateLimit: { max: deps.config.publicPerMinutePerSource, timeWindow: '1 minute' } };

  r.get('/api/public/campaigns/:code/activities', {
    schema: { tags, summary: '公开活动（无需登录）Public activities of a campaign, no account needed', params: publicCampaignParams, querystring: publicQuery, response: { 200: publicListSchema } },
    config: publicConfig,
  }, async (req) => activities.publicList(req.params.code, req.query));

  r.get('/api/public/media/:mediaId/display', {
    schema: { tags, summary: '公开活动的照片（已去除 EXIF/GPS）A public activity’s photo, metadata stripped', params: publicMediaParams },
    config: publicConfig,
  }, async (req, reply) => {
    const photo = await activities.publicPhoto(req.params.mediaId);
    const file = files.derivedPath(photo.displayKey);
    // A row whose file is gone is a fault of the server, answered as one (500, logged), not as "not found".
    const { size } = await fsp.stat(file);
    return reply
      .header('content-type', 'image/jpeg')
      .header('content-length', size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      // Not `public`: an activity may stop being public, and a shared cache would keep serving it.
      .header('cache-control', 'private, max-age=600')
      .header('content-disposition', `inline; filename="activity-${photo.id}.jpg"`)
      .send(fs.createReadStream(file));
  });
}
