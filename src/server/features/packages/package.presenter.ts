import type { z } from 'zod';
import { isMessageKey, translate } from '../../http/messages';
import type { UnitType } from '../../../domain/orgs/unit-type';
import type { JobRow } from './package.store';
import type { jobSchema } from './package.schema';

export function presentJob(j: JobRow): z.infer<typeof jobSchema> {
  const error = j.error ? (isMessageKey(j.error) ? { code: j.error, ...pair(translate(j.error)) } : { code: 'package.failed', ...pair(translate('package.failed')) }) : null;
  return {
    id: j.id,
    campaignId: j.campaignId,
    scope: j.scope,
    unit: j.unit ? { ...j.unit, type: j.unit.type as UnitType } : null,
    status: j.status,
    total: j.total,
    done: j.done,
    bytes: j.bytes,
    error,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
    downloadUrl: j.status === 'done' ? `/api/campaigns/${j.campaignId}/packages/${j.id}/download` : null,
  };
}

const pair = (t: { zh: string; en: string }) => ({ message: t.zh, messageEn: t.en });
