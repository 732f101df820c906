import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { accountPolicy } from '../../auth/policies/account.policy';
import { accountService } from './account.service';
import { accountIdParams, accountSchema, createAccountBody, listAccountsQuery, resetPasswordBody, updateAccountBody } from './account.schema';

export async function accountRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const accounts = accountService(deps);
  const tags = ['accounts'];

  r.get('/api/accounts', {
    schema: { tags, summary: '账号列表 Accounts', querystring: listAccountsQuery, response: { 200: z.array(accountSchema) } },
    onRequest: gate(accountPolicy.list),
  }, async (req) => accounts.list(req.query));

  r.post('/api/accounts', {
    schema: { tags, summary: '新建账号 Create an account', body: createAccountBody, response: { 201: accountSchema } },
    onRequest: gate(accountPolicy.create),
  }, async (req, reply) => reply.code(201).send(await accounts.create(actorOf(req), req.body)));

  r.patch('/api/accounts/:id', {
    schema: { tags, summary: '修改账号（角色、单位、启停）Edit an account', params: accountIdParams, body: updateAccountBody, response: { 200: accountSchema } },
    onRequest: gate(accountPolicy.update),
  }, async (req) => accounts.update(actorOf(req), req.params.id, req.body));

  r.post('/api/accounts/:id/reset-password', {
    schema: { tags, summary: '重置密码 Reset a password', params: accountIdParams, body: resetPasswordBody.optional(), response: { 200: z.object({ password: z.string() }) } },
    onRequest: gate(accountPolicy.resetPassword),
  }, async (req) => accounts.resetPassword(actorOf(req), req.params.id, req.body?.password));
}
