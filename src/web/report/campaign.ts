import { ReportApiError, requestJson } from './api';
import { msg } from './lang';
import type { PublicExposure, ReportForm } from './types';

/**
 * The code of the campaign the link names (`?campaign=`), else of the current one; `null` when
 * there is no current campaign.
 */
export async function campaignCode(search: URLSearchParams): Promise<string | null> {
  const named = search.get('campaign')?.trim();
  if (named) return named;
  try {
    return (await requestJson<{ code: string }>('GET', '/api/public/campaigns/current')).data.code;
  } catch (err) {
    if (err instanceof ReportApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * The form for the campaign the link names (`?campaign=`), else the current one; `?unit=` is the
 * poster's unit code (a QR poster's link carries it).
 */
export async function loadReportForm(search: URLSearchParams): Promise<ReportForm> {
  const code = await campaignCode(search);
  if (!code) throw new ReportApiError(404, 'campaign.none', msg('err.noCampaign'));
  const unit = search.get('unit')?.trim();
  const query = unit && unit.length <= 32 ? `?unit=${encodeURIComponent(unit)}` : '';
  return (await requestJson<ReportForm>('GET', `/api/public/campaigns/${encodeURIComponent(code)}/report-form${query}`)).data;
}

/** The published typical cases of the campaign (newest first); `null` when there is no campaign. */
export async function loadExposures(search: URLSearchParams): Promise<PublicExposure | null> {
  const code = await campaignCode(search);
  if (!code) return null;
  return (await requestJson<PublicExposure>('GET', `/api/public/campaigns/${encodeURIComponent(code)}/exposures`)).data;
}
