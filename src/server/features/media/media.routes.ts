import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { mediaPolicy } from '../../auth/policies/media.policy';
import { AppError } from '../../http/errors';
import { readStreamedUpload } from '../../http/upload';
import { mediaFiles } from './media.files';
import { mediaService, type MediaVariant } from './media.service';
import { campaignParams, featureBody, galleryQuery, gallerySchema, mediaItemSchema, mediaParams, uploadFieldNames } from './media.schema';

const asciiName = (name: string) => name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
/** RFC 5987 allows none of ' ( ) * in the value (' is its own separator); encodeURIComponent leaves them as they are. */
const extValue = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function mediaRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const files = mediaFiles(deps.config.media);
  const media = mediaService(deps, files);
  const tags = ['media'];

  await files.sweepStaleTemps().catch((err: unknown) => deps.log?.warn({ err }, 'could not sweep stale media temp files'));

  r.post('/api/campaigns/:id/media', {
    schema: {
      tags, summary: '上传图片、视频或文档（字段 file，可选 unitId、category、takenOn）Upload a photo, video or document',
      params: campaignParams, consumes: ['multipart/form-data'], response: { 201: mediaItemSchema },
    },
    onRequest: gate(mediaPolicy.upload),
  }, async (req, reply) => {
    const actor = actorOf(req);
    try {
      await media.checkCampaign(req.params.id);
      const form = await readStreamedUpload(req, {
        fieldNames: uploadFieldNames,
        maxFileBytes: files.largest,
        receive: (stream) => files.receive(stream),
        discard: (received) => files.discard(received, null),
        tooLarge: files.tooLarge,
      });
      return reply.code(201).send(await media.upload(actor, req.params.id, form));
    } catch (e) {
      // The rest of an oversized body is not worth receiving: the client is told, and the connection ends.
      if (e instanceof AppError && e.statusCode === 413) void reply.header('connection', 'close');
      throw e;
    }
  });

  r.get('/api/campaigns/:id/media', {
    schema: {
      tags, summary: '素材库（按单位、类别、日期筛选）The media gallery, by unit, category and date',
      params: campaignParams, querystring: galleryQuery, response: { 200: gallerySchema },
    },
  }, async (req) => media.list(actorOf(req), req.params.id, req.query));

  r.get('/api/media/:mediaId', {
    schema: { tags, summary: '素材信息 One media item', params: mediaParams, response: { 200: mediaItemSchema } },
  }, async (req) => media.get(actorOf(req), req.params.mediaId));

  const sendFile = async (reply: FastifyReply, f: Awaited<ReturnType<typeof media.file>>) => reply
    .header('content-type', f.mime)
    .header('content-length', f.size)
    .header('x-content-type-options', 'nosniff')
    // Even if a browser were talked into rendering a stored file, it could run nothing and reach nothing.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', f.attachment ? 'private, no-store' : 'private, max-age=3600')
    .header('content-disposition', `${f.attachment ? 'attachment' : 'inline'}; filename="${asciiName(f.filename)}"; filename*=UTF-8''${extValue(f.filename)}`)
    .send(fs.createReadStream(f.path));

  const variants: { variant: MediaVariant; summary: string }[] = [
    { variant: 'thumb', summary: '缩略图（已去除 EXIF/GPS）Thumbnail, metadata stripped' },
    { variant: 'display', summary: '展示图（已去除 EXIF/GPS）Display copy, metadata stripped' },
  ];
  for (const { variant, summary } of variants) {
    r.get(`/api/media/:mediaId/${variant}`, {
      schema: { tags, summary, params: mediaParams },
    }, async (req, reply) => sendFile(reply, await media.file(actorOf(req), req.params.mediaId, variant)));
  }

  r.get('/api/media/:mediaId/original', {
    schema: { tags, summary: '下载原件（仅市安委办、领导小组）Download the original, for the office only', params: mediaParams },
    onRequest: gate(mediaPolicy.readOriginal),
  }, async (req, reply) => sendFile(reply, await media.file(actorOf(req), req.params.mediaId, 'original')));

  r.patch('/api/media/:mediaId', {
    schema: { tags, summary: '设为或取消精选 Mark or unmark as featured for the summary', params: mediaParams, body: featureBody, response: { 200: mediaItemSchema } },
    onRequest: gate(mediaPolicy.feature),
  }, async (req) => media.feature(actorOf(req), req.params.mediaId, req.body.featured));

  r.delete('/api/media/:mediaId', {
    schema: { tags, summary: '删除素材 Delete a media item', params: mediaParams },
    onRequest: gate(mediaPolicy.remove),
  }, async (req, reply) => {
    await media.remove(actorOf(req), req.params.mediaId);
    return reply.code(204).send();
  });
}
