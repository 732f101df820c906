import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { campaignPolicy } from '../../auth/policies/campaign.policy';
import { campaignService, presentCampaign } from './campaign.service';
import { refuseForeignCampaigns, refuseWritesToArchived } from './campaign.guard';
import { campaignIdParams, campaignSchema, campaignSummarySchema, copyCampaignBody, updateDefinitionBody } from './campaign.schema';

/** Archiving takes no body; anything but an empty one is refused like any other wrong input. */
const noBody = z.strictObject({}).nullish();

export async function campaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const campaigns = campaignService(deps);
  const tags = ['campaigns'];
  refuseForeignCampaigns(app, deps);
  refuseWritesToArchived(app, deps);

  r.get('/api/campaigns', {
    schema: { tags, summary: '活动方案列表 Campaigns', response: { 200: z.array(campaignSummarySchema) } },
    onRequest: gate(campaignPolicy.read),
  }, async (req) => campaigns.list(actorOf(req)));

  r.get('/api/campaigns/:id', {
    schema: { tags, summary: '活动方案 One campaign with its definition', params: campaignIdParams, response: { 200: campaignSchema } },
    onRequest: gate(campaignPolicy.read),
  }, async (req) => presentCampaign(await campaigns.get(req.params.id)));

  r.put('/api/campaigns/:id/definition', {
    schema: { tags, summary: '修改活动方案 Replace the definition', params: campaignIdParams, body: updateDefinitionBody, response: { 200: campaignSchema } },
    onRequest: gate(campaignPolicy.update),
  }, async (req) => presentCampaign(await campaigns.updateDefinition(actorOf(req), req.params.id, req.body.definition)));

  r.post('/api/campaigns/:id/copy', {
    schema: { tags, summary: '复制为新年度方案 Copy to another year', params: campaignIdParams, body: copyCampaignBody, response: { 201: campaignSchema } },
    onRequest: gate(campaignPolicy.copy),
  }, async (req, reply) => reply.code(201).send(presentCampaign(await campaigns.copy(actorOf(req), req.params.id, req.body))));

  r.post('/api/campaigns/:id/archive', {
    schema: { tags, summary: '归档活动（只读，仍可查看）Archive: read-only, still viewable', params: campaignIdParams, body: noBody, response: { 200: campaignSchema } },
    onRequest: gate(campaignPolicy.archive),
  }, async (req) => presentCampaign(await campaigns.setArchived(actorOf(req), req.params.id, true)));

  r.post('/api/campaigns/:id/unarchive', {
    schema: { tags, summary: '取消归档 Reopen an archived campaign', params: campaignIdParams, body: noBody, response: { 200: campaignSchema } },
    onRequest: gate(campaignPolicy.archive),
  }, async (req) => presentCampaign(await campaigns.setArchived(actorOf(req), req.params.id, false)));
}
