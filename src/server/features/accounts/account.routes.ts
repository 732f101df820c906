import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf, gate } from '../../auth/authorize';
import { accountPolicy } from '../../auth/policies/account.policy';
import { accountService } from './account.service';
import { loadReceiptKey } from '../reports/report.receipts';
import { sessionIdParams, sessionSchema } from '../auth/auth.schema';
import { sessionService } from '../auth/session.service';
import { twoFactorCrypto } from '../auth/two-factor';
import { twoFactorService } from '../auth/two-factor.service';
import { accountIdParams, accountSchema, createAccountBody, listAccountsQuery, resetPasswordBody, updateAccountBody } from './account.schema';

export async function accountRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const accounts = accountService(deps);
  const sessions = sessionService(deps);
  const twoFactor = twoFactorService(deps, twoFactorCrypto(loadReceiptKey(deps.config.reports)));
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

  r.post('/api/accounts/:id/unlock', {
    schema: { tags, summary: '解除登录限制 Clear failed-login counts', params: accountIdParams },
    onRequest: gate(accountPolicy.unlock),
  }, async (req, reply) => {
    await accounts.unlock(actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.post('/api/accounts/:id/reset-two-factor', {
    schema: { tags, summary: '重置两步验证 Reset two-factor', params: accountIdParams },
    onRequest: gate(accountPolicy.resetTwoFactor),
  }, async (req, reply) => {
    await twoFactor.reset(actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/accounts/:id/sessions', {
    schema: { tags, summary: '账号的登录会话 An account\'s sessions', params: accountIdParams, response: { 200: z.array(sessionSchema) } },
    onRequest: gate(accountPolicy.manageSessions),
  }, async (req) => sessions.listOf(req.params.id));

  r.delete('/api/accounts/:id/sessions/:sessionId', {
    schema: { tags, summary: '结束账号的一个会话 End a session of an account', params: accountIdParams.extend(sessionIdParams.shape) },
    onRequest: gate(accountPolicy.manageSessions),
  }, async (req, reply) => {
    await sessions.revokeOf(actorOf(req), req.params.id, req.params.sessionId);
    return reply.code(204).send();
  });
}
