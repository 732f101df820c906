/*
 * The monthly quota of typical cases (§六: 每月曝光1—2个典型案例): one tile per month of the Tour,
 * the count against the 1–2 target, coloured by the server's status; a warning when the current
 * month ends soon without its minimum.
 *
 * Test ids:
 *   exposure-quota (the strip), exposure-month-<YYYY-MM> (data-status, data-count), exposure-at-risk.
 */
import { Alert, Card, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExposureQuota } from '../../api/exposures';
import { useLang } from '../../i18n';
import { formatMonth } from './parts';

const STYLE: Record<string, { border: string; background: string; color: string }> = {
  upcoming: { border: '#d9d9d9', background: '#fafafa', color: 'rgba(0,0,0,0.45)' },
  open: { border: '#91caff', background: '#e6f4ff', color: '#0958d9' },
  at_risk: { border: '#ffd591', background: '#fff7e6', color: '#d46b08' },
  short: { border: '#ffa39e', background: '#fff1f0', color: '#cf1322' },
  met: { border: '#b7eb8f', background: '#f6ffed', color: '#389e0d' },
  target_met: { border: '#52c41a', background: '#d9f7be', color: '#237804' },
};

export function QuotaStrip({ quota }: { quota: ExposureQuota }) {
  const { t } = useTranslation();
  const lang = useLang();
  const atRisk = quota.months.filter((m) => m.status === 'at_risk');
  const target = quota.targetCount > quota.minCount ? `${quota.minCount}–${quota.targetCount}` : String(quota.minCount);
  return (
    <Card size="small" title={t('exposures.quotaTitle', { target })} style={{ marginBottom: 12 }}>
      {atRisk.map((m) => (
        <Alert
          key={m.month}
          type="warning"
          showIcon
          data-testid="exposure-at-risk"
          data-month={m.month}
          style={{ marginBottom: 8 }}
          title={t('exposures.atRisk', { n: quota.minCount, month: formatMonth(m.month, lang) })}
        />
      ))}
      <div data-testid="exposure-quota" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: 8 }}>
        {quota.months.map((m) => {
          const s = STYLE[m.status] ?? STYLE.upcoming!;
          return (
            <Tooltip key={m.month} title={t(`exposures.quotaStatuses.${m.status}`, { defaultValue: m.status })}>
              <div
                data-testid={`exposure-month-${m.month}`}
                data-status={m.status}
                data-count={m.count}
                style={{ border: `1px solid ${s.border}`, background: s.background, borderRadius: 6, padding: '6px 8px', textAlign: 'center', minWidth: 0 }}
              >
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {formatMonth(m.month, lang)}
                </div>
                <div style={{ fontSize: 20, fontWeight: 600, color: s.color, lineHeight: 1.3 }}>
                  {m.count}
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                    {' / '}
                    {target}
                  </Typography.Text>
                </div>
                <div style={{ fontSize: 12, color: s.color }}>{t(`exposures.quotaStatuses.${m.status}`, { defaultValue: m.status })}</div>
              </div>
            </Tooltip>
          );
        })}
      </div>
    </Card>
  );
}
