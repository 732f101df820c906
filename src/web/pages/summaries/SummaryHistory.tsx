/*
 * Every step the summary went through, newest first, with who took it and the comment they left,
 * so the unit and the office both see how it got where it is.
 *
 * Test ids:
 *   sum-history (the timeline; each entry carries data-action).
 */
import { Card, Empty, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SummaryEvent } from '../../api/summaries';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { SummaryStatusTag } from './parts';

const COLOR: Record<SummaryEvent['action'], string> = { save: 'blue', submit: 'blue', accept: 'green', return: 'red', reopen: 'orange' };

export function SummaryHistory({ events }: { events: SummaryEvent[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card title={t('summary.history')} size="small">
      {events.length === 0 ? (
        <Empty description={t('summary.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div data-testid="sum-history">
          <Timeline
            items={events.map((e, n) => ({
              key: `${e.at}:${n}`,
              color: COLOR[e.action],
              content: (
                <div data-action={e.action}>
                  <Space size={6} wrap>
                    <strong>{t(`summary.actions.${e.action}`)}</strong>
                    <SummaryStatusTag status={e.status} />
                  </Space>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('summary.historyLine', { who: e.by ? e.by.displayName || e.by.username : t('summary.system'), at: formatDateTime(e.at, lang) })}
                    </Typography.Text>
                  </div>
                  {e.comment && <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{e.comment}</div>}
                </div>
              ),
            }))}
          />
        </div>
      )}
    </Card>
  );
}
