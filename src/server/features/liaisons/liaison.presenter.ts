import type { z } from 'zod';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { diffValues } from '../../../domain/forms/liaison.rules';
import type { UnitRow } from '../orgs/unit.store';
import type { SubmissionRow } from './liaison.store';
import type { versionSchema } from './liaison.schema';

export const presentUnitRef = (u: UnitRow) => ({ id: u.id, code: u.code, name: u.name, shortName: u.short_name, type: u.type as UnitType });

/** The versions of one unit, oldest first in, newest first out, each with what it changed. */
export function presentVersions(rows: SubmissionRow[]): z.infer<typeof versionSchema>[] {
  return rows
    .map((r, i) => ({
      id: r.id,
      version: r.version,
      values: r.values,
      submittedAt: r.submittedAt,
      submittedBy: r.submittedBy,
      late: r.late,
      changes: diffValues(i > 0 ? rows[i - 1]!.values : null, r.values),
    }))
    .reverse();
}
