import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Role } from '../auth/actor';
import type { AppDeps } from '../context';
import type { UnitType } from '../../domain/orgs/unit-type';
import { findLiveSession, findRoles } from '../features/auth/session.store';
import { hashToken } from '../features/auth/auth.service';
import { fail } from './errors';

export const SESSION_COOKIE = 'sm_session';
export const CSRF_COOKIE = 'sm_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Routes open to anyone say so; every other /api route needs a session. */
    public?: boolean;
  }
}

/**
 * Resolves the session cookie into an Actor on every API request, refuses anonymous
 * callers on non-public routes, and checks the CSRF token on every state-changing
 * request that rides on a session (double submit: the header must equal the
 * token stored with the session, which only our own pages can read from its cookie).
 */
export function registerSessionHook(app: FastifyInstance, { db, now }: Pick<AppDeps, 'db' | 'now'>) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!req.url.startsWith('/api/')) return;
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    if (unsigned?.valid && unsigned.value) {
      const s = await findLiveSession(db, hashToken(unsigned.value), now());
      if (s && s.active) {
        const roles = (await findRoles(db, s.account_id)) as Role[];
        req.actor = {
          accountId: s.account_id,
          username: s.username,
          unitId: s.unit_id,
          unitType: s.unit_type as UnitType,
          unitPath: s.unit_path,
          roles: new Set(roles),
          csrfToken: s.csrf_token,
        };
        req.sessionToken = unsigned.value;
      }
    }
    // The API description is public: it holds shapes, never data.
    const isDocs = req.url === '/api/docs' || req.url.startsWith('/api/docs/');
    if (!req.actor && !req.routeOptions.config?.public && !isDocs) throw fail(401, 'auth.required');
    if (req.actor && UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== req.actor.csrfToken) {
      throw fail(403, 'request.csrf');
    }
  });
}

export function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string, secure: boolean, hours: number) {
  const maxAge = hours * 3600;
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true, maxAge });
  // Readable by our scripts (not HttpOnly) so they can echo it in the x-csrf-token header.
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure, maxAge });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
