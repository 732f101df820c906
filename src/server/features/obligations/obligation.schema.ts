import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { unitTypes } from '../../../domain/orgs/unit-type';

const text = z.object({ zh: z.string(), en: z.string() });
export const obligationStatuses = ['not_due', 'due_soon', 'done_on_time', 'done_late', 'overdue', 'returned'] as const;
const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string(), shortName: z.string(), type: z.enum(unitTypes) });

export const todoItemSchema = z.object({
  key: z.string(),
  name: text,
  description: text.optional(),
  section: z.string(),
  kind: z.string(),
  form: z.string().optional(),
  due: z.string(),
  status: z.enum(obligationStatuses),
  fulfilledAt: z.string().nullable(),
  count: z.number(),
  minCount: z.number(),
  targetCount: z.number().optional(),
  /** A coverage obligation's task categories that have no accepted activity yet. */
  missing: z.array(z.object({ key: z.string(), name: text })).optional(),
});

export const todoListSchema = z.object({ unit: unitRef, items: z.array(todoItemSchema) });

/** fulfilledAt: when the obligation was met; for a `returned` form, when it was first submitted. */
const cell = z.object({ status: z.enum(obligationStatuses), fulfilledAt: z.string().nullable(), count: z.number() }).nullable();

export const matrixSchema = z.object({
  obligations: z.array(z.object({ key: z.string(), name: text, due: z.string() })),
  rows: z.array(z.object({ unit: unitRef, cells: z.record(z.string(), cell) })),
  summary: z.record(z.string(), z.object({ applicable: z.number(), done: z.number(), onTime: z.number(), overdue: z.number() })),
});

export const campaignParams = z.object({ id: rowIdParam });
export const obligationParams = z.object({ id: rowIdParam, key: z.string().min(1).max(100) });
export const mineQuery = z.object({ unitId: rowIdParam.optional() });
export const matrixQuery = z.object({ unitType: z.enum(unitTypes).optional() });
export const recordFulfilmentBody = z.object({
  unitId: rowId,
  at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
  /** For a coverage obligation: the task category the material received covers. */
  category: z.string().min(1).max(64).optional(),
});
