import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import { scopeOf, type Actor } from '../../auth/actor';
import { authorizeRead } from '../../auth/authorize';
import { unitPolicy } from '../../auth/policies/unit.policy';
import { fail, fieldError, refuseImportErrors, zodFieldErrors, type FieldError } from '../../http/errors';
import { audit } from '../audit/audit.service';
import { readUnitsSheet, type UnitSheetRow } from '../../formats/units-sheet';
import { importRowSchema, type createUnitBody, type updateUnitBody } from './unit.schema';
import { presentUnit } from './unit.presenter';
import {
  countActiveChildren, findUnit, findUnitByCode, insertUnit, listUnits, moveSubtree, nextSortOrder, updateUnit, type UnitRow,
} from './unit.store';

type PreviewRow = Omit<UnitSheetRow, 'problems'> & { action: 'create' | 'update' | 'unchanged' | 'error'; errors: FieldError[] };

export function unitService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  async function visibleUnit(actor: Actor, id: number) {
    return authorizeRead(actor, unitPolicy.read, await findUnit(db, id));
  }

  async function requireFreeCode(tx: Queryable, code: string, exceptId?: number) {
    const other = await findUnitByCode(tx, code);
    if (other && other.id !== exceptId) throw fail(409, 'unit.code_taken', { code }, 'code');
  }

  async function move(tx: Queryable, actor: Actor, unit: UnitRow, parentId: number) {
    const parent = await findUnit(tx, parentId);
    if (!parent) throw fail(400, 'unit.parent_missing', {}, 'parentId');
    if (parent.path.startsWith(unit.path)) throw fail(400, 'unit.parent_cycle', {}, 'parentId');
    // As with activation: an active unit never sits under a deactivated one.
    if (unit.active && !parent.active) throw fail(409, 'unit.inactive', {}, 'parentId');
    if (unit.parent_id === parent.id) return;
    const at = now();
    await moveSubtree(tx, unit, parent, at);
    await audit(tx, actor, 'unit.move', { type: 'unit', id: unit.id }, { before: { parentId: unit.parent_id }, after: { parentId: parent.id } }, at);
  }

  /** Reads the sheet and decides, row by row, what importing it would do; writes nothing. */
  async function preview(data: Buffer): Promise<PreviewRow[]> {
    const sheet = await readUnitsSheet(data);
    const seen = new Map<string, number>();
    const inFile = new Set(sheet.map((r) => r.code));
    // The parents the file itself gives: a row that is its own ancestor through other rows would loop.
    const parentInFile = new Map(sheet.map((r) => [r.code, r.parentCode]));
    const loopsInFile = (code: string, parentCode: string) => {
      const seen = new Set([code]);
      for (let p = parentCode; p && parentInFile.has(p); p = parentInFile.get(p)!) {
        if (seen.has(p)) return true;
        seen.add(p);
      }
      return false;
    };
    const out: PreviewRow[] = [];
    for (const { problems, ...r } of sheet) {
      const input = { code: r.code, name: r.name, shortName: r.shortName || undefined, type: r.type, parentCode: r.parentCode || undefined };
      // A cell under a merge or without a value is named first; its row is refused whatever else it holds.
      const errors = [...problems, ...(problems.length ? [] : zodFieldErrors(importRowSchema, input) ?? [])];
      const dup = seen.get(r.code);
      if (r.code && dup !== undefined) errors.push(fieldError('code', 'field.duplicate_in_file', { row: dup }));
      seen.set(r.code, r.row);
      const existing = r.code ? await findUnitByCode(db, r.code) : undefined;
      const parent = r.parentCode ? await findUnitByCode(db, r.parentCode) : undefined;
      if (!r.parentCode && !(existing && existing.parent_id === null)) errors.push(fieldError('parentCode', 'field.required'));
      else if (r.parentCode && !parent && !inFile.has(r.parentCode)) errors.push(fieldError('parentCode', 'unit.parent_missing'));
      else if (r.code && loopsInFile(r.code, r.parentCode)) errors.push(fieldError('parentCode', 'unit.parent_cycle'));
      else if (parent && !parent.active && existing?.active !== 0) errors.push(fieldError('parentCode', 'unit.inactive'));
      else if (r.parentCode && existing && parent && parent.path.startsWith(existing.path)) errors.push(fieldError('parentCode', 'unit.parent_cycle'));
      let action: PreviewRow['action'] = 'create';
      if (errors.length) action = 'error';
      else if (existing) {
        const same = existing.name === r.name && existing.short_name === (r.shortName || existing.short_name) &&
          existing.type === r.type && (r.parentCode ? parent?.id === existing.parent_id : true);
        action = same ? 'unchanged' : 'update';
      }
      out.push({ ...r, action, errors });
    }
    return out;
  }

  return {
    list: async (actor: Actor) => (await listUnits(db, scopeOf(actor))).map(presentUnit),

    get: async (actor: Actor, id: number) => presentUnit(await visibleUnit(actor, id)),

    async create(actor: Actor, body: z.infer<typeof createUnitBody>) {
      return db.transaction().execute(async (tx) => {
        await requireFreeCode(tx, body.code);
        const parent = await findUnit(tx, body.parentId);
        if (!parent) throw fail(400, 'unit.parent_missing', {}, 'parentId');
        if (!parent.active) throw fail(409, 'unit.inactive', {}, 'parentId');
        const at = now();
        const unit = await insertUnit(tx, {
          code: body.code, name: body.name, shortName: body.shortName || body.name, type: body.type,
          parent, sortOrder: body.sortOrder ?? (await nextSortOrder(tx, parent.id)), now: at,
        });
        const after = presentUnit(unit);
        await audit(tx, actor, 'unit.create', { type: 'unit', id: unit.id }, { after }, at);
        return after;
      });
    },

    async update(actor: Actor, id: number, body: z.infer<typeof updateUnitBody>) {
      return db.transaction().execute(async (tx) => {
        const unit = authorizeRead(actor, unitPolicy.read, await findUnit(tx, id));
        if (body.code && body.code !== unit.code) await requireFreeCode(tx, body.code, id);
        const at = now();
        await updateUnit(tx, id, {
          code: body.code, name: body.name, short_name: body.shortName, type: body.type, sort_order: body.sortOrder,
        }, at);
        const after = presentUnit((await findUnit(tx, id))!);
        await audit(tx, actor, 'unit.update', { type: 'unit', id }, { before: presentUnit(unit), after }, at);
        return after;
      });
    },

    async move(actor: Actor, id: number, parentId: number) {
      return db.transaction().execute(async (tx) => {
        const unit = authorizeRead(actor, unitPolicy.read, await findUnit(tx, id));
        await move(tx, actor, unit, parentId);
        return presentUnit((await findUnit(tx, id))!);
      });
    },

    async setActive(actor: Actor, id: number, active: boolean) {
      return db.transaction().execute(async (tx) => {
        const unit = authorizeRead(actor, unitPolicy.read, await findUnit(tx, id));
        if (!active && (await countActiveChildren(tx, id)) > 0) throw fail(409, 'unit.has_active_children');
        if (active && unit.parent_id !== null) {
          const parent = await findUnit(tx, unit.parent_id);
          if (parent && !parent.active) throw fail(409, 'unit.inactive', {}, 'parentId');
        }
        const at = now();
        await updateUnit(tx, id, { active: active ? 1 : 0 }, at);
        const after = presentUnit((await findUnit(tx, id))!);
        await audit(tx, actor, active ? 'unit.activate' : 'unit.deactivate', { type: 'unit', id }, { before: presentUnit(unit), after }, at);
        return after;
      });
    },

    async importPreview(data: Buffer) {
      const rows = await preview(data);
      const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
      for (const r of rows) summary[r.action]++;
      return { rows, summary };
    },

    /**
     * Imports the same sheet the preview showed: all rows or none. Parents are written
     * before their children, whatever order the clerk typed them in.
     */
    async importCommit(actor: Actor, data: Buffer) {
      const rows = await preview(data);
      refuseImportErrors(rows);
      return db.transaction().execute(async (tx) => {
        let created = 0;
        let updated = 0;
        const pending = rows.filter((r) => r.action !== 'unchanged');
        while (pending.length) {
          const readyIndex = pending.findIndex((r) => !r.parentCode || !pending.some((p) => p.code === r.parentCode && p !== r));
          // A cycle inside the file itself (A under B, B under A) leaves no row ready.
          if (readyIndex < 0) throw fail(422, 'unit.parent_cycle', {}, `row ${pending[0]!.row}.parentCode`);
          const r = pending.splice(readyIndex, 1)[0]!;
          const at = now();
          const existing = await findUnitByCode(tx, r.code);
          const parent = r.parentCode ? await findUnitByCode(tx, r.parentCode) : undefined;
          if (!existing) {
            const unit = await insertUnit(tx, {
              code: r.code, name: r.name, shortName: r.shortName || r.name, type: r.type, parent: parent ?? null,
              sortOrder: await nextSortOrder(tx, parent?.id ?? null), now: at,
            });
            await audit(tx, actor, 'unit.create', { type: 'unit', id: unit.id }, { after: { ...presentUnit(unit), via: 'import' } }, at);
            created++;
          } else {
            await updateUnit(tx, existing.id, { name: r.name, short_name: r.shortName || existing.short_name, type: r.type }, at);
            if (parent && parent.id !== existing.parent_id) await move(tx, actor, existing, parent.id);
            const after = presentUnit((await findUnit(tx, existing.id))!);
            await audit(tx, actor, 'unit.update', { type: 'unit', id: existing.id }, { before: presentUnit(existing), after: { ...after, via: 'import' } }, at);
            updated++;
          }
        }
        return { created, updated };
      });
    },
  };
}

export type UnitService = ReturnType<typeof unitService>;
