import { z } from 'zod';
import { roles } from '../../auth/actor';
import { unitTypes } from '../../../domain/orgs/unit-type';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  unit: z.object({ id: z.number(), code: z.string(), name: z.string(), type: z.enum(unitTypes) }),
  roles: z.array(z.enum(roles)),
  mustChangePassword: z.boolean(),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
