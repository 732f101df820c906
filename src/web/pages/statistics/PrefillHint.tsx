/*
 * What the unit's accepted activities add up to for one indicator, under its input: the table
 * starts from it, and a figure that departs from it is marked beside it (the reason is asked by
 * the `override.<indicator>` finding), so the unit and the office see both numbers.
 *
 * Test ids:
 *   stat-prefill-<indicatorKey> (data-prefill), stat-override-<indicatorKey> (data-value, when
 *   the figure differs).
 */
import { Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StatisticsIndicator } from '../../api/statistics';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

export function PrefillHint({ indicator, prefill, value }: { indicator: StatisticsIndicator; prefill: number | undefined; value: number | null | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (prefill === undefined) return null;
  const differs = value !== null && value !== undefined && value !== prefill;
  return (
    <div style={{ fontSize: 12 }}>
      <Typography.Text type="secondary" data-testid={`stat-prefill-${indicator.key}`} data-prefill={prefill}>
        <ThunderboltOutlined /> {t('statistics.prefill', { n: prefill })} {tx(indicator.measure, lang)}
      </Typography.Text>
      {differs && (
        <Typography.Text type="warning" data-testid={`stat-override-${indicator.key}`} data-value={value}>
          {' '}
          {t('statistics.overridden', { n: value })}
        </Typography.Text>
      )}
    </div>
  );
}
