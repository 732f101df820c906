import type { z } from 'zod';
import type { AccountWithUnit } from '../accounts/account.store';
import type { meSchema } from './auth.schema';
import type { UnitType } from '../../../domain/orgs/unit-type';

/** What the signed-in person learns about themselves: never the hash or the lockout counters. */
export function presentMe(a: AccountWithUnit): z.infer<typeof meSchema> {
  return {
    id: a.id,
    username: a.username,
    displayName: a.display_name,
    unit: { id: a.unit_id, code: a.unit_code, name: a.unit_name, type: a.unit_type as UnitType },
    roles: a.roles,
    mustChangePassword: a.must_change_password === 1,
  };
}
