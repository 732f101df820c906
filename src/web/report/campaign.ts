import { ReportApiError, requestJson } from './api';
import { msg } from './lang';
import type { ReportForm } from './types';

/**
 * The form for the campaign the link names (`?campaign=`), else the current one; `?unit=` is the
 * poster's unit code (a QR poster's link carries it).
 */
export async function loadReportForm(search: URLSearchParams): Promise<ReportForm> {
  let code = search.get('campaign')?.trim();
  if (!code) {
    try {
      code = (await requestJson<{ code: string }>('GET', '/api/public/campaigns/current')).data.code;
    } catch (err) {
      if (err instanceof ReportApiError && err.status === 404) throw new ReportApiError(404, 'campaign.none', msg('err.noCampaign'));
      throw err;
    }
  }
  const unit = search.get('unit')?.trim();
  const query = unit && unit.length <= 32 ? `?unit=${encodeURIComponent(unit)}` : '';
  return (await requestJson<ReportForm>('GET', `/api/public/campaigns/${encodeURIComponent(code)}/report-form${query}`)).data;
}
