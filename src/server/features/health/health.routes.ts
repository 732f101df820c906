import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../context';

export async function healthRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/api/health', { config: { public: true }, schema: { tags: ['health'], summary: '健康检查 Health' } }, async (_req, reply) => {
    // "ok" means the database answers, not merely that the process is up.
    await sql`select 1`.execute(db);
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });
}
