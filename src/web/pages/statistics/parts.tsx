import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OfficeStatus } from '../../api/statistics';

export const STAT_STATUS_COLOR: Record<OfficeStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  approved: 'cyan',
  accepted: 'green',
  returned: 'orange',
  missing: 'red',
};

export function StatisticsStatusTag({ status, testId }: { status: OfficeStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAT_STATUS_COLOR[status]} data-status={status} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t(`statistics.statuses.${status}`)}
    </Tag>
  );
}

export function LateTag({ late, testId }: { late: boolean; testId?: string }) {
  const { t } = useTranslation();
  return late ? (
    <Tag color="gold" data-testid={testId} data-late="true" style={{ marginInlineEnd: 0 }}>
      {t('statistics.late')}
    </Tag>
  ) : (
    <Tag color="green" data-testid={testId} data-late="false" style={{ marginInlineEnd: 0 }}>
      {t('statistics.onTime')}
    </Tag>
  );
}

/** 0.857 → 85.7%; whole shares without the decimal. */
export function percent(share: number): string {
  const p = Math.round(share * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}
