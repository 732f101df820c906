import type { FastifyReply, FastifyRequest } from 'fastify';
import { fail, forbidden, notFound } from '../http/errors';
import type { Actor } from './actor';

/** A rule about the caller alone (their roles); checked before the request body is even read. */
export type RoleRule = (actor: Actor) => boolean;
/** A rule about the caller and one record. */
export type TargetRule<T> = (actor: Actor, target: T) => boolean;

/** The signed-in caller, or 401. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw fail(401, 'auth.required');
  return req.actor;
}

/** Route hook: refuses callers the rule does not admit, before validation or any query. */
export function gate(rule: RoleRule) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const actor = actorOf(req);
    if (!rule(actor)) throw forbidden();
  };
}

/**
 * For reads: a record outside the caller's reach answers exactly like one that
 * does not exist, so a county never learns another county's records exist.
 */
export function authorizeRead<T>(actor: Actor, rule: TargetRule<T>, target: T | undefined | null): T {
  if (!target || !rule(actor, target)) throw notFound();
  return target;
}

/** For writes on a record the caller may see: 403; on one they may not see: 404. */
export function authorizeWrite<T>(actor: Actor, canSee: TargetRule<T>, rule: TargetRule<T>, target: T | undefined | null): T {
  const seen = authorizeRead(actor, canSee, target);
  if (!rule(actor, seen)) throw forbidden();
  return seen;
}
