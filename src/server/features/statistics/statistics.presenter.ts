import type { z } from 'zod';
import type { ReportRow } from './statistics.store';
import type { reportSchema } from './statistics.schema';

export { presentUnitRef } from '../orgs/unit.presenter';

export function presentReport(r: ReportRow): z.infer<typeof reportSchema> {
  return {
    id: r.id,
    status: r.status,
    values: r.values,
    comments: r.comments,
    revision: r.revision,
    late: r.late,
    firstSubmittedAt: r.firstSubmittedAt,
    submittedAt: r.submittedAt,
    submittedBy: r.submittedBy,
    returnComment: r.returnComment,
    updatedAt: r.updatedAt,
  };
}
