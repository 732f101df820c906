import type { z } from 'zod';
import type { UnitType } from '../../../domain/orgs/unit-type';
import type { UnitRow } from './unit.store';
import type { unitSchema } from './unit.schema';

export function presentUnit(u: UnitRow): z.infer<typeof unitSchema> {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.short_name,
    type: u.type as UnitType,
    parentId: u.parent_id,
    active: u.active === 1,
    sortOrder: u.sort_order,
  };
}

/** How another feature names a unit in its answers: enough to show and link it. */
export const presentUnitRef = (u: UnitRow) => ({ id: u.id, code: u.code, name: u.name, shortName: u.short_name, type: u.type as UnitType });
