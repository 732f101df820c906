import type { Queryable } from '../../db';

export interface AuditEntry {
  at: Date;
  actorId: number | null;
  actorUnitId: number | null;
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

export async function insertAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at.toISOString(),
      actor_id: e.actorId,
      actor_unit_id: e.actorUnitId,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId === null ? null : String(e.entityId),
      before_json: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after_json: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
    })
    .execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function findAudit(db: Queryable, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('accounts as ac', 'ac.id', 'a.actor_id')
    .leftJoin('units as u', 'u.id', 'a.actor_unit_id');
  if (f.actor) q = q.where('ac.username', '=', f.actor);
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.entityType) q = q.where('a.entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  if (f.from) q = q.where('a.at', '>=', f.from);
  if (f.to) q = q.where('a.at', '<', f.to);
  const [{ total }] = (await q.select((eb) => eb.fn.countAll<number>().as('total')).execute()) as [{ total: number }];
  const rows = await q
    .select([
      'a.id', 'a.at', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before_json', 'a.after_json',
      'a.actor_id', 'ac.username', 'a.actor_unit_id', 'u.name as unit_name',
    ])
    .orderBy('a.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(total), rows };
}
