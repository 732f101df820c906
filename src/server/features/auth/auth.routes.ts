import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { actorOf } from '../../auth/authorize';
import { fail } from '../../http/errors';
import { clearSessionCookies, setSessionCookies } from '../../http/session';
import { findAccountById } from '../accounts/account.store';
import { loadReceiptKey } from '../reports/report.receipts';
import { authService } from './auth.service';
import { presentMe } from './auth.presenter';
import { coarseAgent, sessionService } from './session.service';
import { twoFactorCrypto } from './two-factor';
import { twoFactorService } from './two-factor.service';
import {
  changePasswordBody, disableTwoFactorBody, enableTwoFactorBody, loginAnswer, loginBody, loginCodeBody, meSchema,
  sessionIdParams, sessionSchema, twoFactorEnrolment, twoFactorStatus,
} from './auth.schema';

export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secrets = twoFactorCrypto(loadReceiptKey(deps.config.reports));
  const signer = {
    sign: (v: string) => app.signCookie(v),
    unsign: (v: string) => { const u = app.unsignCookie(v); return u.valid ? u.value : null; },
  };
  const auth = authService(deps, { signer, secrets });
  const twoFactor = twoFactorService(deps, secrets);
  const sessions = sessionService(deps);
  const tags = ['auth'];
  const origin = (req: FastifyRequest) => ({ source: req.ip, agent: coarseAgent(req.headers['user-agent']) });
  // Per source, in memory: a guessing loop slows down before the database's counts even start.
  const loginLimit = { max: deps.config.login.perMinutePerSource, timeWindow: '1 minute' };

  r.post('/api/auth/login', {
    schema: { tags, summary: '登录 Log in (step 1: password)', body: loginBody, response: { 200: loginAnswer } },
    config: { public: true, rateLimit: loginLimit },
  }, async (req, reply) => {
    const s = await auth.login(req.body.username, req.body.password, origin(req));
    if ('pendingToken' in s) return { pendingToken: s.pendingToken };
    setSessionCookies(reply, s.session.token, s.session.csrfToken, deps.config.cookieSecure, deps.config.sessionHours);
    return { account: presentMe((await findAccountById(deps.db, s.session.accountId))!) };
  });

  r.post('/api/auth/login/code', {
    schema: { tags, summary: '登录第二步：验证码或恢复码 Log in (step 2: authenticator or recovery code)', body: loginCodeBody, response: { 200: loginAnswer } },
    config: { public: true, rateLimit: loginLimit },
  }, async (req, reply) => {
    const s = await auth.completeLogin(req.body.pendingToken, req.body.code, origin(req));
    setSessionCookies(reply, s.token, s.csrfToken, deps.config.cookieSecure, deps.config.sessionHours);
    return { account: presentMe((await findAccountById(deps.db, s.accountId))!) };
  });

  r.post('/api/auth/logout', { schema: { tags, summary: '退出 Log out' }, config: { whileRestricted: true } }, async (req, reply) => {
    await auth.logout(actorOf(req), req.sessionToken!);
    clearSessionCookies(reply);
    return reply.code(204).send();
  });

  r.get('/api/auth/me', { schema: { tags, summary: '当前账号 The signed-in account', response: { 200: meSchema } }, config: { whileRestricted: true } }, async (req) => {
    const account = await findAccountById(deps.db, actorOf(req).accountId);
    if (!account) throw fail(401, 'auth.required');
    return presentMe(account);
  });

  r.post('/api/auth/password', { schema: { tags, summary: '修改密码 Change own password', body: changePasswordBody }, config: { whileRestricted: true } }, async (req, reply) => {
    await auth.changePassword(actorOf(req), req.sessionToken!, req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send();
  });

  r.get('/api/auth/two-factor', {
    schema: { tags, summary: '两步验证状态 Two-factor status', response: { 200: twoFactorStatus } }, config: { whileRestricted: true },
  }, async (req) => twoFactor.status(actorOf(req)));

  r.post('/api/auth/two-factor/setup', {
    schema: { tags, summary: '开始设置两步验证（二维码）Start two-factor set-up (QR code)', response: { 200: twoFactorEnrolment } }, config: { whileRestricted: true },
  }, async (req) => twoFactor.setup(actorOf(req)));

  r.post('/api/auth/two-factor/enable', {
    schema: { tags, summary: '确认并启用两步验证 Confirm and turn on two-factor', body: enableTwoFactorBody, response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) } },
    config: { whileRestricted: true },
  }, async (req) => twoFactor.enable(actorOf(req), req.body.code));

  r.post('/api/auth/two-factor/disable', {
    schema: { tags, summary: '停用两步验证 Turn off two-factor', body: disableTwoFactorBody },
  }, async (req, reply) => {
    await twoFactor.disable(actorOf(req), req.sessionToken!, req.body.password, req.body.code);
    return reply.code(204).send();
  });

  r.get('/api/auth/sessions', {
    schema: { tags, summary: '我的登录会话 My sessions', response: { 200: z.array(sessionSchema) } },
  }, async (req) => sessions.listOwn(actorOf(req), req.sessionId));

  r.delete('/api/auth/sessions/:sessionId', {
    schema: { tags, summary: '结束我的一个会话 End one of my sessions', params: sessionIdParams },
  }, async (req, reply) => {
    await sessions.revokeOwn(actorOf(req), req.params.sessionId);
    return reply.code(204).send();
  });
}
