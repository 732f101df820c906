/*
 * Every step the table went through, newest first, with who took it and the comment they left,
 * so the unit and the office both see how the table got where it is.
 *
 * Test ids:
 *   stat-history (the timeline; each entry carries data-action).
 */
import { Card, Empty, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatisticsEvent } from '../../api/statistics';
import { useLang } from '../../i18n';
import { formatDateTime, type Lang } from '../../lib/format';
import { StatisticsStatusTag } from './parts';

export function StatisticsHistory({ events }: { events: StatisticsEvent[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card title={t('statistics.history')} size="small">
      {events.length === 0 ? (
        <Empty description={t('statistics.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div data-testid="stat-history">
          <Timeline items={events.map((e, n) => historyItem(e, n, t, lang))} />
        </div>
      )}
    </Card>
  );
}

function historyItem(e: StatisticsEvent, n: number, t: (k: string, o?: Record<string, unknown>) => string, lang: Lang) {
  const color = e.action === 'return' ? 'red' : e.action === 'accept' || e.action === 'approve' ? 'green' : e.action === 'reopen' ? 'orange' : 'blue';
  const who = e.by ? e.by.displayName || e.by.username : t('statistics.system');
  return {
    key: `${e.at}:${n}`,
    color,
    content: (
      <div data-action={e.action}>
        <Space size={6} wrap>
          <strong>{t(`statistics.actions.${e.action}`)}</strong>
          <StatisticsStatusTag status={e.status} />
        </Space>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('statistics.historyLine', { who, at: formatDateTime(e.at, lang) })}
          </Typography.Text>
        </div>
        {e.comment && <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{e.comment}</div>}
      </div>
    ),
  };
}
