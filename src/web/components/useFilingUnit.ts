import { useParams } from 'react-router-dom';
import { useMe } from '../api/auth';

/**
 * Whose filing a unit page shows: the unit in the address (`/…/units/:unitId`, for the office and
 * approvers), else the caller's own. `badUnit` when the address names no unit.
 */
export function useFilingUnit(): { unitId: number | undefined; badUnit: boolean } {
  const { unitId: param } = useParams<{ unitId?: string }>();
  const { data: me } = useMe();
  if (param === undefined) return { unitId: me?.unit.id, badUnit: false };
  return /^\d+$/.test(param) ? { unitId: Number(param), badUnit: false } : { unitId: undefined, badUnit: true };
}
