import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';

export const unitCode = z.string().trim().regex(/^[A-Za-z0-9-]{1,32}$/, { error: 'unit.code_format' });
const unitName = z.string().trim().min(1).max(100);

export const unitSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  type: z.enum(unitTypes),
  parentId: z.number().nullable(),
  active: z.boolean(),
  sortOrder: z.number(),
});

export const unitIdParams = z.object({ id: rowIdParam });

export const createUnitBody = z.object({
  code: unitCode,
  name: unitName,
  shortName: z.string().trim().max(40).optional(),
  type: z.enum(unitTypes),
  parentId: rowId,
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const updateUnitBody = z
  .object({
    code: unitCode.optional(),
    name: unitName.optional(),
    shortName: z.string().trim().min(1).max(40).optional(),
    type: z.enum(unitTypes).optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

export const moveUnitBody = z.object({ parentId: rowId });

/** One row of the import sheet as read: every cell is text until validated. */
export const importRowSchema = z.object({
  code: unitCode,
  name: unitName,
  shortName: z.string().trim().max(40).optional(),
  type: z.enum(unitTypes, { error: 'field.unit_type' }),
  parentCode: unitCode.optional(),
});

export const importPreviewSchema = z.object({
  rows: z.array(
    z.object({
      row: z.number(),
      code: z.string(),
      name: z.string(),
      shortName: z.string(),
      type: z.string(),
      parentCode: z.string(),
      action: z.enum(['create', 'update', 'unchanged', 'error']),
      errors: z.array(z.object({ field: z.string(), message: z.string(), messageEn: z.string() })),
    }),
  ),
  summary: z.object({ create: z.number(), update: z.number(), unchanged: z.number(), error: z.number() }),
});
