import type { z } from 'zod';
import type { AccountWithUnit } from './account.store';
import type { accountSchema } from './account.schema';

/** The office's view of an account: never the password hash. */
export function presentAccount(a: AccountWithUnit & { blocked_until?: string | null }): z.infer<typeof accountSchema> {
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    unit: { id: a.unit_id, code: a.unit_code, name: a.unit_name },
    roles: a.roles,
    active: a.active === 1,
    // The latest wait a failed-login count imposes on this name (from some source, or from all).
    lockedUntil: a.blocked_until ?? null,
    twoFactorEnabled: a.totp_enabled_at !== null,
    lastLoginAt: a.last_login_at,
    createdAt: a.created_at,
  };
}
