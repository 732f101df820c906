import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { unitPolicy } from '../../auth/policies/unit.policy';
import { readSmallUpload } from '../../http/upload';
import { writeUnitsTemplate } from '../../formats/units-sheet';
import { unitService } from './unit.service';
import { listUnitTypes } from './unit.store';
import { createUnitBody, importPreviewSchema, moveUnitBody, unitIdParams, unitSchema, updateUnitBody } from './unit.schema';

const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export async function unitRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const units = unitService(deps);
  const tags = ['units'];

  r.get('/api/units', {
    schema: { tags, summary: '单位列表（本单位及下级）Units in reach', response: { 200: z.array(unitSchema) } },
    onRequest: gate(unitPolicy.list),
  }, async (req) => units.list(actorOf(req)));

  r.get('/api/unit-types', {
    schema: {
      tags, summary: '单位类型 The unit types of this installation',
      response: { 200: z.array(z.object({ code: z.string(), label: z.object({ zh: z.string(), en: z.string() }) })) },
    },
    onRequest: gate(unitPolicy.list),
  }, async () => listUnitTypes(deps.db));

  r.get('/api/units/:id', {
    schema: { tags, summary: '单位详情 One unit', params: unitIdParams, response: { 200: unitSchema } },
  }, async (req) => units.get(actorOf(req), req.params.id));

  r.post('/api/units', {
    schema: { tags, summary: '新建单位 Create a unit', body: createUnitBody, response: { 201: unitSchema } },
    onRequest: gate(unitPolicy.create),
  }, async (req, reply) => reply.code(201).send(await units.create(actorOf(req), req.body)));

  r.patch('/api/units/:id', {
    schema: { tags, summary: '修改单位 Edit a unit', params: unitIdParams, body: updateUnitBody, response: { 200: unitSchema } },
    onRequest: gate(unitPolicy.update),
  }, async (req) => units.update(actorOf(req), req.params.id, req.body));

  r.post('/api/units/:id/move', {
    schema: { tags, summary: '调整上级单位 Move a unit', params: unitIdParams, body: moveUnitBody, response: { 200: unitSchema } },
    onRequest: gate(unitPolicy.move),
  }, async (req) => units.move(actorOf(req), req.params.id, req.body.parentId));

  r.post('/api/units/:id/deactivate', {
    schema: { tags, summary: '停用单位 Deactivate a unit', params: unitIdParams, response: { 200: unitSchema } },
    onRequest: gate(unitPolicy.deactivate),
  }, async (req) => units.setActive(actorOf(req), req.params.id, false));

  r.post('/api/units/:id/activate', {
    schema: { tags, summary: '启用单位 Activate a unit', params: unitIdParams, response: { 200: unitSchema } },
    onRequest: gate(unitPolicy.deactivate),
  }, async (req) => units.setActive(actorOf(req), req.params.id, true));

  r.get('/api/units/import/template', {
    schema: { tags, summary: '单位导入模板 Import template (xlsx)' },
    onRequest: gate(unitPolicy.import),
  }, async (_req, reply) => {
    const data = await writeUnitsTemplate([
      { code: '530102-01', name: '华山街道', shortName: '华山', type: 'township', parentCode: '530102' },
    ]);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="units-template.xlsx"; filename*=UTF-8''${encodeURIComponent('单位导入模板.xlsx')}`)
      .send(data);
  });

  r.post('/api/units/import/preview', {
    schema: { tags, summary: '导入预览（不写入）Preview an import, writing nothing', consumes: ['multipart/form-data'], response: { 200: importPreviewSchema } },
    onRequest: gate(unitPolicy.import),
  }, async (req) => units.importPreview(await readSmallUpload(req, IMPORT_MAX_BYTES)));

  r.post('/api/units/import/commit', {
    schema: { tags, summary: '确认导入（全部或不导入）Import all rows or none', consumes: ['multipart/form-data'], response: { 200: z.object({ created: z.number(), updated: z.number() }) } },
    onRequest: gate(unitPolicy.import),
  }, async (req) => units.importCommit(actorOf(req), await readSmallUpload(req, IMPORT_MAX_BYTES)));
}
