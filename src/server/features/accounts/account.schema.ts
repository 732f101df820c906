import { z } from 'zod';
import { rowId, rowIdParam } from '../../http/ids';
import { roles } from '../../auth/actor';

const username = z.string().trim().regex(/^[A-Za-z0-9_.-]{3,32}$/, { error: 'account.username_format' });
const displayName = z.string().trim().min(1).max(64);
const roleList = z.array(z.enum(roles)).min(1).max(roles.length);

export const accountSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  unit: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  roles: z.array(z.enum(roles)),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  twoFactorEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

export const accountIdParams = z.object({ id: rowIdParam });
export const listAccountsQuery = z.object({ unitId: rowIdParam.optional() });

export const createAccountBody = z.object({
  username,
  displayName,
  unitId: rowId,
  roles: roleList,
  password: z.string().min(1).max(256),
});

export const updateAccountBody = z
  .object({
    displayName: displayName.optional(),
    unitId: rowId.optional(),
    roles: roleList.optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const resetPasswordBody = z.object({ password: z.string().min(1).max(256).optional() }).strict();
