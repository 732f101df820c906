import type { z } from 'zod';
import type {
  challengeSchema,
  reportFormSchema,
  reportStatusSchema,
  submittedSchema,
} from '../../server/features/reports/report.schema';
import type { publicExposureSchema } from '../../server/features/exposures/exposure.schema';

/*
 * The API's shapes, read from the server's own Zod schemas. These are type-only imports: nothing
 * of Zod or the server reaches the bundle, and a change to the contract fails the type check here.
 */

export type ReportForm = z.infer<typeof reportFormSchema>;
export type Challenge = z.infer<typeof challengeSchema>;
export type Submitted = z.infer<typeof submittedSchema>;
export type ReportStatus = z.infer<typeof reportStatusSchema>;
export type Limits = ReportForm['limits'];
export type PublicExposure = z.infer<typeof publicExposureSchema>;
export type ExposureItem = PublicExposure['items'][number];

/** The JSON body of a report (publicReportSchema as the browser sends it). */
export interface ReportBody {
  challenge: string;
  nonce: string;
  category: string;
  countyId: number;
  address: string;
  latitude?: number;
  longitude?: number;
  enterprise?: string;
  occurredOn?: string;
  description: string;
  whistleblower: boolean;
  reporterName?: string;
  reporterPhone?: string;
  posterUnit?: string;
}
