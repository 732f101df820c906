import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { insertAudit } from './audit.store';

/**
 * Every write calls this inside its own transaction, so the record and the change
 * commit together or not at all.
 */
export function audit(
  tx: Queryable,
  actor: Pick<Actor, 'accountId' | 'unitId'> | null,
  action: string,
  entity: { type: string; id: string | number | null },
  change: { before?: unknown; after?: unknown } = {},
  at: Date = new Date(),
) {
  return insertAudit(tx, {
    at,
    actorId: actor?.accountId ?? null,
    actorUnitId: actor?.unitId ?? null,
    action,
    entityType: entity.type,
    entityId: entity.id,
    before: change.before,
    after: change.after,
  });
}
