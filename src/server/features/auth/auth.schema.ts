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
  twoFactor: z.object({ enabled: z.boolean(), required: z.boolean() }),
  /** What the account must do before anything else: change its password, or set up two-factor. */
  restriction: z.enum(['must_change_password', 'two_factor_enrolment']).nullable(),
});

/** Either the session's account, or (two-factor on) a token for the second step; never both. */
export const loginAnswer = z.object({ account: meSchema.optional(), pendingToken: z.string().optional() });

export const loginCodeBody = z.object({
  pendingToken: z.string().min(1).max(512),
  /** A 6-digit authenticator code or a recovery code. */
  code: z.string().trim().min(1).max(32),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const twoFactorStatus = z.object({
  enabled: z.boolean(), enabledAt: z.string().nullable(), required: z.boolean(), recoveryCodesLeft: z.number(),
});
export const twoFactorEnrolment = z.object({ secret: z.string(), uri: z.string(), qr: z.string() });
export const enableTwoFactorBody = z.object({ code: z.string().trim().min(1).max(16) });
export const disableTwoFactorBody = z.object({ password: z.string().min(1).max(256), code: z.string().trim().min(1).max(32) });

export const sessionSchema = z.object({
  id: z.string(), agent: z.string(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), current: z.boolean(),
});
export const sessionIdParams = z.object({ sessionId: z.string().min(1).max(64) });
