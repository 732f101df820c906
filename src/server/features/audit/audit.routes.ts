import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../context';
import { gate } from '../../auth/authorize';
import { auditPolicy } from '../../auth/policies/audit.policy';
import { findAudit } from './audit.store';

const auditQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

const auditItem = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({ id: z.number(), username: z.string() }).nullable(),
  unit: z.object({ id: z.number(), name: z.string() }).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});

/** Read-only by design: there is no route that updates or deletes an audit record. */
export async function auditRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/audit', {
    schema: { tags: ['audit'], summary: '审计日志 Audit log', querystring: auditQuery, response: { 200: z.object({ items: z.array(auditItem), total: z.number() }) } },
    onRequest: gate(auditPolicy.read),
  }, async (req) => {
    const q = req.query;
    const toUtc = (s?: string) => (s ? new Date(s).toISOString() : undefined);
    const { total, rows } = await findAudit(db, { ...q, from: toUtc(q.from), to: toUtc(q.to) });
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor_id !== null && r.username ? { id: r.actor_id, username: r.username } : null,
        unit: r.actor_unit_id !== null && r.unit_name ? { id: r.actor_unit_id, name: r.unit_name } : null,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
      })),
    };
  });
}
