import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { packagePolicy } from '../../auth/policies/package.policy';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { sendAttachment } from '../summaries/summary.routes';
import { packageRunner } from './package.runner';
import { packageService } from './package.service';
import { campaignParams, createBody, jobListSchema, jobParams, jobSchema } from './package.schema';

export async function packageRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const runner = packageRunner(deps);
  const packages = packageService(deps, runner);
  const tags = ['packages'];
  const base = '/api/campaigns/:id/packages';

  await packages.recover().catch((err: unknown) => deps.log?.warn({ err }, 'could not tidy package jobs at start'));
  // A job in hand when the server stops is failed as interrupted and its temp file removed, not left half-written.
  app.addHook('onClose', async () => runner.stop());

  r.post(base, {
    schema: {
      tags, summary: '生成材料包（单位或全部单位；后台进行）Make the final package, for one unit or all, in the background',
      params: campaignParams, body: createBody, response: { 202: jobSchema },
    },
    onRequest: gate(packagePolicy.create),
  }, async (req, reply) => reply.code(202).send(await packages.create(actorOf(req), req.params.id, req.body.unitId)));

  r.get(base, {
    schema: { tags, summary: '最近的材料包 Recent packages', params: campaignParams, response: { 200: jobListSchema } },
    onRequest: gate(packagePolicy.read),
  }, async (req) => packages.list(req.params.id));

  r.get(`${base}/:jobId`, {
    schema: { tags, summary: '材料包进度 A package’s progress', params: jobParams, response: { 200: jobSchema } },
    onRequest: gate(packagePolicy.read),
  }, async (req) => packages.get(req.params.id, req.params.jobId));

  r.get(`${base}/:jobId/download`, {
    schema: { tags, summary: '下载材料包（zip）Download the package (zip)', params: jobParams },
    onRequest: gate(packagePolicy.read),
  }, async (req, reply) => {
    const { job, size, stream } = await packages.file(req.params.id, req.params.jobId);
    const c = await loadCampaignWithObligations(deps.db, job.campaignId);
    const who = job.unit ? job.unit.shortName : '全部单位';
    void reply.header('content-length', size);
    return sendAttachment(reply, 'application/zip', {
      data: stream,
      filename: `${c?.record.definition.identity.shortTitle.zh ?? ''}活动材料-${who}.zip`,
      ascii: `package-${job.campaignId}-${job.unit?.code ?? 'all'}-${job.id}.zip`,
    });
  });
}
