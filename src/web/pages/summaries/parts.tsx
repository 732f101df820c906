import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SummaryOfficeStatus } from '../../api/summaries';

/** The statistics table's colours for the same words, so a status reads alike on every page. */
export const SUMMARY_STATUS_COLOR: Record<SummaryOfficeStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  accepted: 'green',
  returned: 'orange',
  missing: 'red',
};

export function SummaryStatusTag({ status, testId }: { status: SummaryOfficeStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={SUMMARY_STATUS_COLOR[status]} data-status={status} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t(`summary.statuses.${status}`)}
    </Tag>
  );
}
