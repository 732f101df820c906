import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf } from '../../auth/authorize';
import { fail } from '../../http/errors';
import { clearSessionCookies, setSessionCookies } from '../../http/session';
import { findAccountById } from '../accounts/account.store';
import { authService } from './auth.service';
import { presentMe } from './auth.presenter';
import { changePasswordBody, loginBody, meSchema } from './auth.schema';

export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = authService(deps);

  r.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '登录 Log in', body: loginBody, response: { 200: z.object({ account: meSchema }) } },
    config: {
      public: true,
      // Per source, in memory: a password-guessing loop slows down before the account lock even starts.
      rateLimit: { max: deps.config.login.perMinutePerSource, timeWindow: '1 minute' },
    },
  }, async (req, reply) => {
    const s = await auth.login(req.body.username, req.body.password);
    setSessionCookies(reply, s.token, s.csrfToken, deps.config.cookieSecure, deps.config.sessionHours);
    const account = await findAccountById(deps.db, s.accountId);
    return { account: presentMe(account!) };
  });

  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out' } }, async (req, reply) => {
    await auth.logout(actorOf(req), req.sessionToken!);
    clearSessionCookies(reply);
    return reply.code(204).send();
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前账号 The signed-in account', response: { 200: meSchema } } }, async (req) => {
    const account = await findAccountById(deps.db, actorOf(req).accountId);
    if (!account) throw fail(401, 'auth.required');
    return presentMe(account);
  });

  r.post('/api/auth/password', { schema: { tags: ['auth'], summary: '修改密码 Change own password', body: changePasswordBody } }, async (req, reply) => {
    await auth.changePassword(actorOf(req), req.sessionToken!, req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send();
  });
}
