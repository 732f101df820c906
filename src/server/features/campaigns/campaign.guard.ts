import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context';
import { fail, notFound } from '../../http/errors';
import { loadCampaignByCode, loadCampaignWithObligations } from './campaign.cache';
import { organiserUnit } from './campaign.scope';
import type { Actor } from '../../auth/actor';

/**
 * An account reaches the campaigns of its own tree: those whose organiser stands above its unit
 * (a county's staff in their city's campaign, a city's in the province's) and those organised
 * inside its subtree (the province office's staff in each city's). Another city's campaign does
 * not exist for it: 404, as for a record out of reach.
 */
export function reaches(actor: Pick<Actor, 'unitPath'>, organiserPath: string | undefined): boolean {
  if (organiserPath === undefined) return true;
  return actor.unitPath.startsWith(organiserPath) || organiserPath.startsWith(actor.unitPath);
}

export function refuseForeignCampaigns(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>) {
  app.addHook('preHandler', async (req) => {
    const route = req.routeOptions.url ?? '';
    const id = (req.params as Record<string, unknown> | undefined)?.id;
    if (!req.actor || typeof id !== 'number' || !(route === '/api/campaigns/:id' || route.startsWith('/api/campaigns/:id/'))) return;
    const entry = await loadCampaignWithObligations(db, id);
    if (!entry) return; // the route answers its own 404
    if (!reaches(req.actor, (await organiserUnit(db, entry.record))?.path)) throw notFound();
  });
}

/*
 * An archived campaign is read-only. Every write to its records goes through a route under
 * /api/campaigns/:id/… (or the public /api/public/campaigns/:code/…), so one hook refuses them all
 * with 409 naming the campaign, before any handler runs — a route added later is covered without
 * remembering to. Reading, exporting and packaging stay open; copying (how a finished year becomes
 * the next) and un-archiving are the writes an archived campaign still takes.
 */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const STILL_ALLOWED = new Set(['/api/campaigns/:id/copy', '/api/campaigns/:id/archive', '/api/campaigns/:id/unarchive', '/api/campaigns/:id/packages']);

export function refuseWritesToArchived(app: FastifyInstance, { db }: Pick<AppDeps, 'db'>) {
  app.addHook('preHandler', async (req) => {
    if (READS.has(req.method)) return;
    const route = req.routeOptions.url ?? '';
    if (STILL_ALLOWED.has(route)) return;
    const params = (req.params ?? {}) as Record<string, unknown>;
    let entry;
    if (route.startsWith('/api/campaigns/:id/') && typeof params.id === 'number') entry = await loadCampaignWithObligations(db, params.id);
    else if (route.startsWith('/api/public/campaigns/:code/') && typeof params.code === 'string') entry = await loadCampaignByCode(db, params.code);
    if (entry?.record.status === 'archived') throw fail(409, 'campaign.archived', { code: entry.record.code });
  });
}
