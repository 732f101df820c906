import { sql } from 'kysely';
import type { Queryable } from '../../db';
import type { UnitTable } from '../../db/schema';
import type { Scope } from '../../auth/actor';

export type UnitRow = Omit<UnitTable, 'id'> & { id: number };

export async function listUnits(db: Queryable, scope: Scope, opts: { activeOnly?: boolean } = {}): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll();
  if (scope.kind === 'subtree') q = q.where('path', 'like', `${scope.path}%`);
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('sort_order').orderBy('code').execute();
}

export const findUnit = (db: Queryable, id: number) =>
  db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();

/** The units on a materialised path (a unit's ancestors and itself), root first. */
export async function unitsOnPath(db: Queryable, path: string): Promise<UnitRow[]> {
  const ids = path.split('/').filter(Boolean).map(Number);
  if (!ids.length) return [];
  const rows = await db.selectFrom('units').selectAll().where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is UnitRow => !!r);
}

export const findUnitByCode = (db: Queryable, code: string) =>
  db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();

export async function insertUnit(
  db: Queryable,
  u: { code: string; name: string; shortName: string; type: string; parent: { id: number; path: string } | null; sortOrder: number; now: Date },
): Promise<UnitRow> {
  const at = u.now.toISOString();
  const { id } = await db
    .insertInto('units')
    .values({
      code: u.code, name: u.name, short_name: u.shortName, type: u.type,
      parent_id: u.parent?.id ?? null, path: '', sort_order: u.sortOrder, active: 1, created_at: at, updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The path holds the row's own id, known only after the insert.
  const path = `${u.parent?.path ?? '/'}${id}/`;
  await db.updateTable('units').set({ path }).where('id', '=', id).execute();
  return (await findUnit(db, id))!;
}

export async function updateUnit(
  db: Queryable,
  id: number,
  patch: Partial<Pick<UnitRow, 'code' | 'name' | 'short_name' | 'type' | 'sort_order' | 'active'>>,
  now: Date,
) {
  await db.updateTable('units').set({ ...patch, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/** Re-roots a whole subtree in one statement: every path under the old prefix gets the new one. */
export async function moveSubtree(db: Queryable, unit: UnitRow, newParent: UnitRow, now: Date) {
  const newPath = `${newParent.path}${unit.id}/`;
  await db
    .updateTable('units')
    .set({ path: sql<string>`${newPath} || substr(path, ${unit.path.length + 1})` })
    .where('path', 'like', `${unit.path}%`)
    .execute();
  await db.updateTable('units').set({ parent_id: newParent.id, updated_at: now.toISOString() }).where('id', '=', unit.id).execute();
}

export async function countActiveChildren(db: Queryable, id: number): Promise<number> {
  const r = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function nextSortOrder(db: Queryable, parentId: number | null): Promise<number> {
  const r = await db
    .selectFrom('units')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('parent_id', parentId === null ? 'is' : '=', parentId as never)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 10;
}

/** The installation's unit types (migration 0016), in their order, with their labels. */
export async function listUnitTypes(db: Queryable) {
  const rows = await db.selectFrom('unit_types').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, label: { zh: r.label_zh, en: r.label_en } }));
}
