import type { z } from 'zod';
import type { AccountWithUnit } from '../accounts/account.store';
import type { meSchema } from './auth.schema';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { restrictionOf } from '../../http/session';
import { requiresTwoFactor } from './two-factor';

/** What the signed-in person learns about themselves: never the hash, the secret or the lockout counters. */
export function presentMe(a: AccountWithUnit): z.infer<typeof meSchema> {
  const who = { roles: new Set(a.roles), unitType: a.unit_type as UnitType };
  const twoFactor = { enabled: a.totp_enabled_at !== null, required: requiresTwoFactor(who) };
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    unit: { id: a.unit_id, code: a.unit_code, name: a.unit_name, type: a.unit_type as UnitType },
    roles: a.roles,
    mustChangePassword: a.must_change_password === 1,
    twoFactor,
    restriction: restrictionOf({ mustChangePassword: a.must_change_password === 1, twoFactorEnabled: twoFactor.enabled }, who),
  };
}
