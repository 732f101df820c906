import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Role } from '../auth/actor';
import type { AppDeps } from '../context';
import type { UnitType } from '../../domain/orgs/unit-type';
import { findLiveSession, findRoles, touchSession } from '../features/auth/session.store';
import { hashToken } from '../features/auth/auth.service';
import { requiresTwoFactor } from '../features/auth/two-factor';
import { fail } from './errors';

export const SESSION_COOKIE = 'sm_session';
export const CSRF_COOKIE = 'sm_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    /** The public id of the request's session (to mark "this session" in a list). */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** Routes open to anyone say so; every other /api route needs a session. */
    public?: boolean;
    /**
     * Routes a restricted session may use: one that must change its password, or must enrol a second
     * factor first (who am I, change password, log out, two-factor enrolment). Every other route
     * answers 403 to it.
     */
    whileRestricted?: boolean;
  }
}

/** What a signed-in account must do before it may use the platform, if anything. */
export type Restriction = 'must_change_password' | 'two_factor_enrolment' | null;

export function restrictionOf(a: { mustChangePassword: boolean; twoFactorEnabled: boolean }, actor: Pick<Actor, 'roles' | 'unitType'>): Restriction {
  if (a.mustChangePassword) return 'must_change_password';
  if (!a.twoFactorEnabled && requiresTwoFactor(actor)) return 'two_factor_enrolment';
  return null;
}

/** Last-seen is written at most this often: the hook runs on every request and a write per request costs. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves the session cookie into an Actor on every API request, refuses anonymous
 * callers on non-public routes, and checks the CSRF token on every state-changing
 * request that rides on a session (double submit: the header must equal the
 * token stored with the session, which only our own pages can read from its cookie).
 */
export function registerSessionHook(app: FastifyInstance, { db, now, config }: Pick<AppDeps, 'db' | 'now' | 'config'>) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionId', null);

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!req.url.startsWith('/api/')) return;
    const raw = req.cookies[SESSION_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    let restriction: Restriction = null;
    if (unsigned?.valid && unsigned.value) {
      const at = now();
      const tokenHash = hashToken(unsigned.value);
      const s = await findLiveSession(db, tokenHash, at, new Date(at.getTime() - config.sessionIdleMinutes * 60_000));
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
        req.sessionId = s.session_id;
        restriction = restrictionOf({ mustChangePassword: s.must_change_password === 1, twoFactorEnabled: s.totp_enabled_at !== null }, req.actor);
        if (at.getTime() - Date.parse(s.last_seen_at) >= TOUCH_EVERY_MS) await touchSession(db, tokenHash, at);
      }
    }
    // The API description is public: it holds shapes, never data.
    const isDocs = req.url === '/api/docs' || req.url.startsWith('/api/docs/');
    if (!req.actor && !req.routeOptions.config?.public && !isDocs) throw fail(401, 'auth.required');
    if (req.actor && UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== req.actor.csrfToken) {
      throw fail(403, 'request.csrf');
    }
    if (restriction && !req.routeOptions.config?.whileRestricted && !req.routeOptions.config?.public) {
      throw fail(403, restriction === 'must_change_password' ? 'auth.must_change_password' : 'auth.two_factor_enrolment_required');
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
