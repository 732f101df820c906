import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { obligationPolicy } from '../../auth/policies/obligation.policy';
import { obligationService } from './obligation.service';
import { campaignParams, matrixQuery, matrixSchema, mineQuery, obligationParams, recordFulfilmentBody, todoListSchema } from './obligation.schema';

export async function obligationRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const obligations = obligationService(deps);
  const tags = ['obligations'];

  r.get('/api/campaigns/:id/obligations/mine', {
    schema: { tags, summary: '本单位待办 A unit’s to-do list', params: campaignParams, querystring: mineQuery, response: { 200: todoListSchema } },
  }, async (req) => obligations.todo(actorOf(req), req.params.id, req.query.unitId));

  r.get('/api/campaigns/:id/obligations/matrix', {
    schema: { tags, summary: '任务完成矩阵 Units × obligations', params: campaignParams, querystring: matrixQuery, response: { 200: matrixSchema } },
    onRequest: gate(obligationPolicy.readMatrix),
  }, async (req) => obligations.matrix(req.params.id, req.query.unitType));

  r.post('/api/campaigns/:id/obligations/:key/fulfilments', {
    schema: { tags, summary: '登记线下报送 Record a submission received offline', params: obligationParams, body: recordFulfilmentBody, response: { 201: z.object({ id: z.number() }) } },
    onRequest: gate(obligationPolicy.recordFulfilment),
  }, async (req, reply) => reply.code(201).send(await obligations.recordOffline(actorOf(req), req.params.id, req.params.key, req.body)));
}
